import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** The public evaluation data sets beside the repository (`../shared/data`, see its README),. */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data', import.meta.url));

/** `describe` for suites that read the shared data sets. */
// reason: ../shared/data is absent here
export const describeWithSharedData: ReturnType<typeof describe.skipIf> = describe.skipIf(!existsSync(SHARED_DATA));
