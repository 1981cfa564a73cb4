import { NotFoundError } from './errors.js';

/** Makes a provider for a model name (the part after `:` in `openai:gpt-4o-mini`; undefined for `local`). */
export type ProviderFactory<T> = (model: string | undefined) => T;

/**
 * Creates the provider a configured id names, e.g. `local` or `openai:text-embedding-3-small`.
 * Throws {@link NotFoundError} listing the available providers for an unknown one.
 */
export function resolveProvider<T>(
  kind: string,
  id: string,
  factories: Readonly<Record<string, ProviderFactory<T>>>,
): T {
  const separator = id.indexOf(':');
  const provider = separator === -1 ? id : id.slice(0, separator);
  const model = separator === -1 ? undefined : id.slice(separator + 1);
  const factory = factories[provider];
  if (!factory) {
    const available = Object.keys(factories);
    throw new NotFoundError('provider', id, `Unknown ${kind} "${id}". Available: ${available.join(', ')}.`, available);
  }
  return factory(model);
}
