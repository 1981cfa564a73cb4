import { stripVTControlCharacters } from 'node:util';

/**
 * The last lines of a process's output, kept in memory for error messages. Feed it text chunks as
 * they arrive; it splits them into lines, removes terminal colour codes, hands every complete
 * line to `onLine`, and remembers only the newest `capacity` lines.
 */
export class LogTail {
  readonly #capacity: number;
  readonly #onLine: ((line: string) => void) | undefined;
  readonly #lines: string[] = [];
  #partialLine = '';

  /**
   * @param capacity - how many lines to keep (default 50).
   * @param onLine - called with every complete line, without its line break and colour codes.
   */
  constructor(capacity = 50, onLine?: (line: string) => void) {
    this.#capacity = capacity;
    this.#onLine = onLine;
  }

  /** Adds a chunk of output; a line cut in two across chunks is joined before it is kept. */
  write(chunk: string): void {
    const pieces = (this.#partialLine + chunk).split(/\r?\n/);
    this.#partialLine = pieces.pop() ?? '';
    for (const piece of pieces) this.#keep(piece);
  }

  /** Keeps a last line that had no line break, e.g. once the stream has ended. */
  flush(): void {
    if (this.#partialLine === '') return;
    const line = this.#partialLine;
    this.#partialLine = '';
    this.#keep(line);
  }

  /** The kept lines, oldest first, including a pending line without line break. */
  lines(): string[] {
    const pending = stripVTControlCharacters(this.#partialLine);
    return pending === '' ? [...this.#lines] : [...this.#lines, pending].slice(-this.#capacity);
  }

  #keep(rawLine: string): void {
    const line = stripVTControlCharacters(rawLine);
    this.#lines.push(line);
    if (this.#lines.length > this.#capacity) this.#lines.shift();
    this.#onLine?.(line);
  }
}
