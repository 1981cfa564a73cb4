import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * The public evaluation data sets (SciFact, COVID-QA) that live beside the repository in
 * `../shared/data` (see its README). Tests that need them
 * are skipped, with that reason, where the folder is absent.
 */
export const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data', import.meta.url));

/** Whether {@link SHARED_DATA} exists here. */
export const hasSharedData = existsSync(SHARED_DATA);

/** `describe` for suites that read the shared data sets. */
// reason: ../shared/data is absent here
export const describeWithSharedData: ReturnType<typeof describe.skipIf> = describe.skipIf(!hasSharedData);

/** `it` for tests that read the shared data sets. */
// reason: ../shared/data is absent here
export const itWithSharedData: ReturnType<typeof it.skipIf> = it.skipIf(!hasSharedData);
