// `npm run redteam [-- --json]`: the red-team suite. Its sources are TypeScript (src/), built into
// dist/ by `turbo run build`, which the npm script runs first.
import process from 'node:process';
import { main } from './dist/run.js';

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(
    `red team could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 2;
}
