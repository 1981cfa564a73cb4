/**
 * Absolute path of the built browser app (`dist/`, ending in a path separator): `index.html` is
 * the chat page (`/`), `ops.html` the console (`/ops` and `/ops/*`), hashed files under `assets/`.
 */
export declare const webRoot: string;
