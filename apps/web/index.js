import { fileURLToPath } from 'node:url';

/** Absolute path of the built browser app (`dist/`), for the API to serve statically. */
export const webRoot = fileURLToPath(new URL('./dist/', import.meta.url));
