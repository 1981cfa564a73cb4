import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts after each test only with vitest globals on; this suite imports them.
afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

// jsdom does not scroll; the console scrolls to the top on navigation.
window.scrollTo = () => {};
