/** Line endings to `\n`, no byte-order mark: the same text hashes the same on every OS. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
