// What every benchmark report records and how it is written: the machine it ran on, and files
// formatted as the repository's prettier settings want them (so results commit as
// `npm run format:check` expects).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import * as prettier from 'prettier';

/** Writes `text` to `file` formatted by the repository's prettier settings. */
export async function writeFormatted(file, text) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}

/** The machine a benchmark ran on: CPUs, memory, OS and Node. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}
