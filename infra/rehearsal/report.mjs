/**
 * What the rehearsal checked and how long each step took: progress lines on stderr as it goes,
 * the JSON summary (or a table) at the end.
 */
export function createReport() {
  const started = Date.now();
  const checks = [];
  const steps = [];
  const note = (line) => process.stderr.write(`rehearse [${Math.round((Date.now() - started) / 1000)}s] ${line}\n`);
  return {
    note,
    /** Runs one named step, timing it. */
    async step(name, body) {
      note(`${name}…`);
      const stepStarted = Date.now();
      try {
        return await body();
      } finally {
        steps.push({ name, ms: Date.now() - stepStarted });
      }
    },
    /** Records a check; a failed one fails the rehearsal at the end but does not stop it. */
    check(name, passed, detail) {
      checks.push({ name, passed: Boolean(passed), detail });
      note(`${passed ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
      return Boolean(passed);
    },
    get passed() {
      return checks.length > 0 && checks.every((item) => item.passed);
    },
    summary(extra) {
      return { passed: this.passed, ...extra, checks, steps, durationMs: Date.now() - started };
    },
  };
}

/** The summary as a person reads it. */
export function describeSummary(summary) {
  const lines = [`rehearsal ${summary.passed ? 'passed' : 'FAILED'} in ${Math.round(summary.durationMs / 1000)} s`];
  if (summary.image) {
    const { id, sizeBytes, buildMs } = summary.image;
    lines.push(`image ${id.slice(0, 19)}  ${Math.round(sizeBytes / 1e6)} MB  built in ${Math.round(buildMs / 1000)} s`);
  }
  for (const [environment, state] of Object.entries(summary.environments ?? {})) {
    lines.push(`  ${environment.padEnd(8)} serves ${state.serves ?? '-'}  image ${String(state.image).slice(0, 19)}`);
  }
  for (const item of summary.checks) lines.push(`  ${item.passed ? 'ok  ' : 'FAIL'} ${item.name}: ${item.detail}`);
  if (summary.error) lines.push(`error: ${summary.error}`);
  return lines.join('\n');
}
