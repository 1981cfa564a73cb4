import { KbRequiredError, NothingPromotedError } from '@ragship/core';
import { ANONYMOUS, assertKbAllowed, type Caller } from './caller.js';
import type { ServedIndexResolver } from './served-index-resolver.js';

/** Picks the kb of a chat or retrieve request; see {@link createKbChooser}. */
export type KbChooser = (requested: string | undefined, caller?: Caller) => Promise<string>;

/**
 * The kb a request is for: the one it names, else `defaultKb` when configured, else the
 * environment's only served kb (from the resolver's periodic re-read of the aliases, not a
 * registry read per request), of those the caller's key may use. Throws {@link NothingPromotedError}
 * when nothing is served, {@link KbRequiredError} naming the served kbs when there are several, and
 * `FORBIDDEN` when the kb is not one the caller's key may use.
 */
export function createKbChooser(options: {
  resolver: Pick<ServedIndexResolver, 'servedKbs'>;
  environment: string;
  defaultKb?: string | undefined;
}): KbChooser {
  return async (requested, caller = ANONYMOUS) => {
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
  };
}
