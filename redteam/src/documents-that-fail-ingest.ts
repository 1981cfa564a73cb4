/** A document whose presence makes `ragship ingest` fail for the whole kb, and the error it gets. */
export interface IngestFailure {
  file: string;
  error: string;
}

/**
 * The files of `files` that make an ingest fail, given that all of them together do (with
 * `error`): halves that still fail are split further; when the first half passes, the second is
 * known to fail without trying it.
 */
export async function documentsThatFailIngest(
  files: readonly string[],
  fails: (subset: readonly string[]) => Promise<string | null>,
  error: string,
): Promise<IngestFailure[]> {
  if (files.length <= 1) return files.map((file) => ({ file, error }));
  const first = files.slice(0, Math.ceil(files.length / 2));
  const second = files.slice(first.length);
  const firstError = await fails(first);
  const found = firstError === null ? [] : await documentsThatFailIngest(first, fails, firstError);
  const secondError = firstError === null ? error : await fails(second);
  return [...found, ...(secondError === null ? [] : await documentsThatFailIngest(second, fails, secondError))];
}

/**
 * {@link documentsThatFailIngest}, but first trying whether leaving out `suspects` alone makes the
 * rest pass: then only the suspects are searched, which usually takes one ingest instead of a
 * dozen.
 */
export async function documentsThatFailIngestSuspectsFirst(
  files: readonly string[],
  suspects: readonly string[],
  fails: (subset: readonly string[]) => Promise<string | null>,
  error: string,
): Promise<IngestFailure[]> {
  const others = files.filter((file) => !suspects.includes(file));
  if (suspects.length > 0 && (await fails(others)) === null) return documentsThatFailIngest(suspects, fails, error);
  return documentsThatFailIngest(files, fails, error);
}
