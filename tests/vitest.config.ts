import { sharedVitestConfig } from '../vitest.shared.ts';

export default sharedVitestConfig('e2e');
