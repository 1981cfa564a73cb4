import { KbRequiredError, NothingPromotedError } from '@ragship/core';
import type { ServedIndexResolver } from './served-index-resolver.js';

/** Picks the kb of a chat or retrieve request; see {@link createKbChooser}. */
export type KbChooser = (requested: string | undefined) => Promise<string>;

/**
 * The kb a request is for: the one it names, else `defaultKb` when configured, else the
 * environment's only served kb (from the resolver's periodic re-read of the aliases, not a
 * registry read per request). Throws {@link NothingPromotedError} when nothing is served and
 * {@link KbRequiredError} naming the served kbs when there are several.
 */
export function createKbChooser(options: {
  resolver: Pick<ServedIndexResolver, 'servedKbs'>;
  environment: string;
  defaultKb?: string | undefined;
}): KbChooser {
  return async (requested) => {
    if (requested) return requested;
    if (options.defaultKb) return options.defaultKb;
    const served = await options.resolver.servedKbs();
    const [only, ...others] = served;
    if (only === undefined) throw new NothingPromotedError(null, options.environment);
    if (others.length > 0) throw new KbRequiredError(served, options.environment);
    return only;
  };
}
