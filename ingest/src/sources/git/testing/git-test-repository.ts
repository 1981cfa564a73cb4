import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The author every test commit carries. */
export const TEST_AUTHOR = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** A bare repository with a work clone that commits and pushes to it, made with the real git CLI. */
export interface GitTestRepository {
  /** The bare repository, which sources read. */
  bareDir: string;
  /** `git+file://<bareDir>`. */
  spec: string;
  /**
   * Writes (a string) or deletes (null) files in the work clone, commits them as {@link TEST_AUTHOR}
   * on the current branch and pushes; returns the commit's SHA.
   */
  commit(files: Record<string, string | null>, message: string): string;
  /** Tags the current commit (annotated with a message, lightweight without) and pushes the tag. */
  tag(name: string, message?: string): void;
  /** Creates branch `name` at the current commit, switches the work clone to it and pushes it. */
  branch(name: string): void;
  /** Switches the work clone to an existing branch. */
  switchTo(name: string): void;
  /** Runs git in the work clone and returns its output, trimmed. */
  git(...args: string[]): string;
}

/** A fresh {@link GitTestRepository} under `root` whose default branch is `main`. */
export function createGitTestRepository(root: string): GitTestRepository {
  const bareDir = path.join(root, 'remote.git');
  const workDir = path.join(root, 'work');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bareDir]);
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', workDir]);
  const git = (...args: string[]): string =>
    execFileSync(
      'git',
      [
        '-c',
        `user.name=${TEST_AUTHOR.name}`,
        '-c',
        `user.email=${TEST_AUTHOR.email}`,
        '-c',
        'commit.gpgsign=false',
        '-c',
        'tag.gpgsign=false',
        ...args,
      ],
      { cwd: workDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    ).trim();
  git('remote', 'add', 'origin', bareDir);
  return {
    bareDir,
    spec: `git+file://${bareDir}`,
    git,
    commit(files, message) {
      for (const [file, content] of Object.entries(files)) {
        const absolute = path.join(workDir, file);
        if (content === null) {
          rmSync(absolute);
        } else {
          mkdirSync(path.dirname(absolute), { recursive: true });
          writeFileSync(absolute, content);
        }
      }
      git('add', '--all');
      git('commit', '--quiet', '--message', message);
      git('push', '--quiet', 'origin', 'HEAD');
      return git('rev-parse', 'HEAD');
    },
    tag(name, message) {
      git('tag', ...(message === undefined ? [] : ['--annotate', '--message', message]), name);
      git('push', '--quiet', 'origin', `refs/tags/${name}`);
    },
    branch(name) {
      git('switch', '--quiet', '--create', name);
      git('push', '--quiet', 'origin', name);
    },
    switchTo(name) {
      git('switch', '--quiet', name);
    },
  };
}
