import { mergeConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { sharedVitestConfig } from '../../vitest.shared.ts';

/** Component tests run in jsdom, beside the components (`*.test.ts`, `*.test.tsx`). */
export default mergeConfig(sharedVitestConfig('unit'), {
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup-tests.ts'],
  },
});
