import { open } from 'node:fs/promises';

/** How much of a file is inspected for NUL bytes: 8 KiB, as git does. */
export const BINARY_SNIFF_BYTES = 8192;

/** Whether the first {@link BINARY_SNIFF_BYTES} of a file contain a NUL byte, i.e. it is binary. */
export async function startsWithNulBytes(absolutePath: string): Promise<boolean> {
  const handle = await open(absolutePath, 'r');
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}
