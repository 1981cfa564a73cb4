import { appendFileSync, chmodSync, cpSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The user's corpus as it changes over the rehearsal, in the folders the Kubernetes ingest job
 * mounts: documents at /corpus, the golden set at /golden. It starts as ragship's own docs/ with
 * their golden set (eval/docs, BEIR) and moves through three versions:
 * - v1: docs/ as they are;
 * - v2: one page edited and one added (an incremental version: only those two are embedded);
 * - v3: a regression — the pages on promoting and rolling back are lost, so the golden set's
 *   questions about them go unanswered: good enough for staging's floor, not for prod's maxDrop.
 */
export function createCorpus(root, repository) {
  const documents = path.join(root, 'corpus');
  const golden = path.join(root, 'golden');
  cpSync(path.join(repository, 'docs'), documents, { recursive: true });
  cpSync(path.join(repository, 'eval', 'docs'), golden, { recursive: true });
  readable(root);
  return {
    documents,
    golden,
    /** Moves the corpus to the next version's content. */
    edit(version) {
      if (version === 2) {
        appendFileSync(
          path.join(documents, 'getting-started.md'),
          '\n## Where to go next\n\nRead promoting.md to move a version through environments, and rolling-back.md for the way back.\n',
        );
        writeFileSync(
          path.join(documents, 'faq.md'),
          '# Frequently asked questions\n\nWhy is my version not served? A version is served only once an alias points to it: promote it to the environment.\n',
        );
      } else if (version === 3) {
        rmSync(path.join(documents, 'promoting.md'));
        rmSync(path.join(documents, 'rolling-back.md'));
      } else {
        throw new Error(`the rehearsal corpus has no version ${version}`);
      }
      readable(root);
    },
  };
}

/** The image runs as uid 1000: everything mounted must be readable by others. */
function readable(directory) {
  chmodSync(directory, 0o755);
  for (const entry of readdirSync(directory)) {
    const file = path.join(directory, entry);
    if (statSync(file).isDirectory()) readable(file);
    else chmodSync(file, 0o644);
  }
}
