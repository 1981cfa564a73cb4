export { writeTestVersion } from './testing/write-test-version.js';
