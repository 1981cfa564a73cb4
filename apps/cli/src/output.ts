/**
 * Where a command writes: with `--json`, the result as JSON on stdout and everything else on
 * stderr; without, human text on stdout and notes on stderr.
 */
export interface Output {
  readonly json: boolean;
  /** A progress or status note for a person (stderr). */
  info(message: string): void;
  /** The command's result: `value` as JSON, or `human()` as text. */
  result(value: unknown, human: () => string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    info: (message) => process.stderr.write(`${message}\n`),
    result(value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}
