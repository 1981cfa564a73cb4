import { readFileSync, readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A workspace of the product (not tests or bench): its folder, name and what its sources import. */
interface Workspace {
  dir: string;
  name: string;
  isApp: boolean;
  dependencies: string[];
  devDependencies: string[];
  /** `@ragship/*` packages imported by product sources (not tests, not `testing` helpers). */
  productImports: Map<string, string[]>;
}

function sourceFiles(dir: string): string[] {
  const entries: Dirent[] = readdirSync(dir, { withFileTypes: true });
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|^testing\.ts$/.test(entry.name) ? [full] : [];
  });
}

function readWorkspace(dir: string): Workspace {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const ours = (deps: Record<string, string> = {}) => Object.keys(deps).filter((name) => name.startsWith('@ragship/'));
  const productImports = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(ROOT, dir, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import) '(@ragship\/[a-z-]+)[^']*'/g)) {
      const imported = match[1] ?? '';
      if (imported === manifest.name) continue;
      productImports.set(imported, [...(productImports.get(imported) ?? []), path.relative(ROOT, file)]);
    }
  }
  return {
    dir,
    name: manifest.name,
    isApp: dir.startsWith('apps/'),
    dependencies: ours(manifest.dependencies),
    devDependencies: ours(manifest.devDependencies),
    productImports,
  };
}

const workspaces = [
  ...readdirSync(path.join(ROOT, 'packages')).map((name) => `packages/${name}`),
  'ingest',
  ...readdirSync(path.join(ROOT, 'apps')).map((name) => `apps/${name}`),
].map(readWorkspace);
const byName = new Map(workspaces.map((workspace) => [workspace.name, workspace]));

describe('layering', () => {
  it('when an app depends on a workspace, then it is a package: no app imports another app', () => {
    // The web app's package exports only the directory of its build, which the API serves: the CLI
    // and the API's container depend on it for the files (and so turbo builds it first), not for code.
    const servesFiles = (name: string) => name === '@ragship/web';
    const appToApp = workspaces
      .filter((workspace) => workspace.isApp)
      .flatMap((app) =>
        app.dependencies
          .filter((name) => byName.get(name)?.isApp && !servesFiles(name))
          .map((name) => `${app.name} → ${name}`),
      );
    expect(appToApp).toEqual([]);
    const packageToApp = workspaces
      .filter((workspace) => !workspace.isApp)
      .flatMap((lib) =>
        [...lib.dependencies, ...lib.devDependencies]
          .filter((name) => byName.get(name)?.isApp)
          .map((name) => `${lib.name} → ${name}`),
      );
    expect(packageToApp).toEqual([]);
  });

  it('when product code imports a workspace, then its package.json declares it', () => {
    // The web app is bundled at build time: what it imports is a devDependency of the bundle.
    const declared = (workspace: Workspace) =>
      workspace.name === '@ragship/web'
        ? [...workspace.dependencies, ...workspace.devDependencies]
        : workspace.dependencies;
    const undeclared = workspaces.flatMap((workspace) =>
      [...workspace.productImports]
        .filter(([name]) => !declared(workspace).includes(name))
        .map(([name, files]) => `${workspace.name} imports ${name} in ${files.join(', ')}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('when the dependencies are followed, then they never lead back: the graph has no cycle', () => {
    const cycles: string[] = [];
    const visit = (name: string, trail: string[]) => {
      if (trail.includes(name)) {
        cycles.push([...trail.slice(trail.indexOf(name)), name].join(' → '));
        return;
      }
      for (const next of byName.get(name)?.dependencies ?? []) visit(next, [...trail, name]);
    };
    for (const workspace of workspaces) visit(workspace.name, []);
    expect(cycles).toEqual([]);
  });

  it('when the API serves a chat and `ragship eval` scores one, then both open the version through @ragship/retrieval', () => {
    const opens = (workspace: string) =>
      [...(byName.get(workspace)?.productImports.get('@ragship/retrieval') ?? [])].filter((file) =>
        /\bopenServedIndex\b/.test(readFileSync(path.join(ROOT, file), 'utf8')),
      );
    expect(opens('@ragship/server').length).toBeGreaterThan(0);
    expect(opens('@ragship/cli')).toContain('apps/cli/src/commands/eval-command.ts');
  });

  it('when data flows load → chunk → embed → write → registry → serve, then no lower layer imports a higher one', () => {
    // Each layer may import only the layers below it.
    const layers: string[][] = [
      ['@ragship/core', '@ragship/pii', '@ragship/prompt-injection', '@ragship/http-retry'],
      // A LangChain retriever over a running API: it speaks HTTP and needs only core's errors.
      ['@ragship/langchain'],
      ['@ragship/embeddings', '@ragship/vector-store', '@ragship/registry', '@ragship/lexical-index'],
      ['@ragship/chroma-server', '@ragship/telemetry', '@ragship/evaluation'],
      ['@ragship/ingest', '@ragship/retrieval', '@ragship/promotion'],
      ['@ragship/monitoring'],
      ['@ragship/operations'],
      ['@ragship/server'],
      ['@ragship/web'],
      ['@ragship/api', '@ragship/cli'],
    ];
    const layerOf = (name: string) => layers.findIndex((layer) => layer.includes(name));
    expect(workspaces.filter((workspace) => layerOf(workspace.name) < 0).map((workspace) => workspace.name)).toEqual(
      [],
    );
    const upward = workspaces.flatMap((workspace) =>
      workspace.dependencies
        .filter((name) => layerOf(name) >= layerOf(workspace.name))
        .map((name) => `${workspace.name} → ${name}`),
    );
    expect(upward).toEqual([]);
  });
});
