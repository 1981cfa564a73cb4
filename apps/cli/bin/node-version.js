/**
 * Which Node.js ragship needs, and how it says so when it cannot get one. The first thing
 * `ragship.js` loads on every run: no imports, no syntax newer than Node 18.
 */

/** The oldest Node.js ragship runs on (it uses the built-in `node:sqlite`): the root package.json's `engines.node`. */
export const MINIMUM_NODE_VERSION = '22.22';

/** The major version of the Node.js fetched for an older `node`: the repository's `.nvmrc`. */
export const FETCHED_NODE_MAJOR = 24;

/** Compares Node.js versions such as `20.20.2`, `v24.1.0` or `22.22`: negative, zero or positive. */
export function compareNodeVersions(left, right) {
  const parts = (version) => version.replace(/^v/, '').split('.').map(Number);
  const [leftParts, rightParts] = [parts(left), parts(right)];
  for (let index = 0; index < Math.max(leftParts.length, rightParts.length); index++) {
    const difference = (leftParts[index] || 0) - (rightParts[index] || 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether ragship runs on Node.js `version` (e.g. `process.versions.node`). */
export function isSupportedNode(version) {
  return compareNodeVersions(version, MINIMUM_NODE_VERSION) >= 0;
}

/** The one line printed when ragship cannot run: the Node found, the Node needed, why, and the fix. */
export function refusalMessage(foundVersion, reason) {
  return (
    `ragship needs Node.js ≥ ${MINIMUM_NODE_VERSION} (found ${foundVersion.replace(/^v/, '')}) and could not ` +
    `fetch it: ${reason}. Install Node ${FETCHED_NODE_MAJOR} (nvm install ${FETCHED_NODE_MAJOR}) and run again.`
  );
}
