/**
 * The content types a web source stores, each with the extensions the loaders read it by. The
 * first extension is the one a page gets when its URL has none of them (`/docs/faq` served as
 * `text/html` → `docs/faq.html`). A plain-text page keeps a Markdown or JSON Lines name, because
 * servers commonly send those as `text/plain`.
 */
const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'text/html': ['.html', '.htm'],
  'text/markdown': ['.md', '.markdown', '.mdx'],
  'text/plain': ['.txt', '.text', '.md', '.markdown', '.mdx', '.jsonl', '.ndjson'],
  'application/pdf': ['.pdf'],
  'application/json': ['.json', '.jsonl', '.ndjson'],
};

/** The media types a web source stores, for `Accept` and for deciding what to download. */
export const WEB_CONTENT_TYPES: ReadonlySet<string> = new Set(Object.keys(EXTENSIONS));

/** The media type of a `Content-Type` header, lower case and without parameters (`Text/HTML; charset=utf-8` → `text/html`). */
export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** The extensions a page of `mediaType` may keep from its URL, the default first; empty for a type not stored. */
export function extensionsFor(mediaType: string): readonly string[] {
  return EXTENSIONS[mediaType] ?? [];
}

/**
 * Extensions of files no loader reads (images, style sheets, scripts, fonts, media, archives,
 * installers). A link to one is not requested at all: a site's images would otherwise cost a
 * request each, every run.
 */
const NON_DOCUMENT_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'png jpg jpeg gif webp svg ico bmp tif tiff avif heic css js mjs map woff woff2 ttf otf eot ' +
    'mp3 mp4 m4a m4v wav ogg oga webm mov avi mkv flac zip gz tgz tar bz2 xz 7z rar exe msi dmg iso apk deb rpm jar'
  )
    .split(' ')
    .map((extension) => `.${extension}`),
);

/** The extension of `url`'s path when it is one of a file no loader reads (`.png`, `.css`, `.zip`, …), else undefined. */
export function nonDocumentExtensionOf(url: URL): string | undefined {
  const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot).toLowerCase() : '';
  return NON_DOCUMENT_EXTENSIONS.has(extension) ? extension : undefined;
}
