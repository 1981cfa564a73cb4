export { loadDirectory, type LoadDirectoryOptions } from './load-directory.js';
export { estimateDocumentCount } from './estimate-document-count.js';
