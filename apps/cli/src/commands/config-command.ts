import { describeConfig, type ConfigDescription, type GateConfig } from '@ragship/core';
import type { CliContext } from '../cli-context.js';

/**
 * `ragship config [--env <env>]`: the configuration this process resolves to — file, variables
 * and defaults applied — with every secret masked. Opens no store and no registry.
 */
export function runConfig(context: CliContext): Promise<ConfigDescription> {
  const description = describeConfig(context.config);
  context.output.result(description, () => describe(description));
  return Promise.resolve(description);
}

function describe(description: ConfigDescription): string {
  const { settings } = description;
  const registry = (settings.registry as { url: string }).url;
  const width = Math.max(...Object.keys(description.stores).map((name) => name.length));
  const lines = [
    `environment  ${description.environment}`,
    `config file  ${description.configFile ?? '(none: defaults)'}`,
    `data dir     ${description.dataDir}`,
    `registry     ${registry}`,
    `embedder     ${String(settings.embedder)}, answerer ${String(settings.answerer)}`,
    'stores:',
    ...Object.entries(description.stores).map(
      ([name, store]) =>
        `  ${name.padEnd(width)}  ${store}${name === description.environment ? '   (this environment)' : ''}`,
    ),
  ];
  for (const group of description.sharedStores) {
    lines.push(`  note: ${group.join(', ')} share one store; promotion between them copies nothing`);
  }
  const kbs = Object.entries(description.kbs);
  if (kbs.length > 0) lines.push('kbs:');
  for (const [kb, kbSettings] of kbs) {
    lines.push(`  ${kb}: golden set ${kbSettings.eval ?? '(none)'}`);
    for (const [environment, gates] of Object.entries(kbSettings.gates)) {
      if (Object.keys(gates).length > 0) lines.push(`    gates ${environment}: ${describeGates(gates)}`);
    }
  }
  lines.push('(every setting, secrets masked: ragship config --json)');
  return lines.join('\n');
}

function describeGates(gates: Record<string, GateConfig>): string {
  return Object.entries(gates)
    .map(
      ([metric, gate]) =>
        `${metric} ${Object.entries(gate)
          .map(([rule, value]) => `${rule} ${value}`)
          .join(' ')}`,
    )
    .join('; ');
}
