import { InvalidInputError, KbRequiredError, NothingPromotedError, type MetadataFilter } from '@ragship/core';
import { ANONYMOUS, assertKbAllowed, type Caller } from './caller.js';
import type { ServedIndexResolver } from './served-index-resolver.js';

/** Picks the kb of a chat or retrieve request; see {@link createKbChooser}. */
export type KbChooser = (requested: string | undefined, caller?: Caller, filter?: MetadataFilter) => Promise<string>;

/**
 * The kb a request is for: the one it names, else `defaultKb` when configured, else the
 * environment's only served kb (from the resolver's periodic re-read of the aliases, not a
 * registry read per request), of those the caller's key may use. Throws {@link NothingPromotedError}
 * when nothing is served, {@link KbRequiredError} naming the served kbs when there are several, and
 * `FORBIDDEN` when the kb is not one the caller's key may use, and `INVALID_INPUT` when the request's
 * `filter` names a record field the kb does not let filters use (see {@link assertFilterable}).
 */
export function createKbChooser(options: {
  resolver: Pick<ServedIndexResolver, 'servedKbs'>;
  environment: string;
  defaultKb?: string | undefined;
  /** Per kb, the record fields (`meta.<field>`) a filter may name (`kbs.<kb>.filterFields`); none by default. */
  filterFields?: Readonly<Record<string, readonly string[]>> | undefined;
}): KbChooser {
  return async (requested, caller = ANONYMOUS, filter = {}) => {
    const kb = await chooseKb(options, requested, caller);
    assertFilterable(filter, kb, options.filterFields?.[kb] ?? []);
    return kb;
  };
}

async function chooseKb(
  options: Parameters<typeof createKbChooser>[0],
  requested: string | undefined,
  caller: Caller,
): Promise<string> {
  const chosen = requested ?? options.defaultKb;
  if (chosen) {
    assertKbAllowed(caller, chosen);
    return chosen;
  }
  const served = (await options.resolver.servedKbs()).filter((kb) => caller.kbs === null || caller.kbs.includes(kb));
  const [only, ...others] = served;
  if (only === undefined) throw new NothingPromotedError(null, options.environment);
  if (others.length > 0) throw new KbRequiredError(served, options.environment);
  return only;
}

/**
 * Refuses a filter on a record field (`meta.<field>`) the kb has not declared filterable. Record
 * fields are stored with every chunk but never shown; a filter on one would answer "is it this
 * value?" by whether anything comes back, so a caller could read a field out by bisection.
 */
export function assertFilterable(filter: MetadataFilter, kb: string, filterFields: readonly string[]): void {
  for (const key of Object.keys(filter)) {
    if (!key.startsWith('meta.') || filterFields.includes(key.slice('meta.'.length))) continue;
    throw new InvalidInputError(
      `filter: ${key.slice(0, 70)} is not filterable in kb "${kb}"; record fields filters may name are ` +
        `listed in kbs.${kb}.filterFields` +
        (filterFields.length > 0 ? ` (${filterFields.map((field) => `meta.${field}`).join(', ')})` : ' (none)'),
    );
  }
}
