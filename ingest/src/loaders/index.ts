export { loadDirectory, type LoadDirectoryOptions } from './load-directory.js';
