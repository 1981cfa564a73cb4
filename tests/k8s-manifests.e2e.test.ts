import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@ragship/core';
import { find, kustomize, podTemplates, type Container, type K8sObject } from './support/kustomize.js';
import { allows, type Endpoint } from './support/network-policy.js';
import { which } from './support/which.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INFRA = path.join(ROOT, 'infra');
const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
const run = promisify(execFile);

const kubectl = which('kubectl');
const promtool = which('promtool');
const withKubectl = it.skipIf(!kubectl); // reason: kubectl is not installed here
const withPromtool = it.skipIf(!promtool); // reason: promtool (Debian package prometheus) is not installed

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const PINNED = `ghcr.io/ragship/ragship@${DIGEST}`;
/** A third-party image pinned to a release: chromadb/chroma:1.0.0, arizephoenix/phoenix:version-13.19.1-nonroot. */
const VERSIONED = /^[a-z0-9./-]+:(version-)?\d+\.\d+(\.\d+)?(-[a-z0-9]+)?$/;

const overlay = (infra: string, environment: string) => path.join(infra, 'k8s', 'overlays', environment);

/** The containers that run the ragship image: the API, the ingest job and the promotion job. */
function ragshipContainers(objects: K8sObject[]): Container[] {
  const owners = [
    find(objects, 'Deployment', 'ragship-api'),
    find(objects, 'CronJob', 'ragship-ingest'),
    find(objects, 'CronJob', 'ragship-promote'),
  ];
  return podTemplates(owners).flatMap((template) => template.spec.containers);
}

/** Runs set-image.sh; resolves with its exit code and output instead of rejecting. */
async function setImage(infra: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run('sh', [path.join(infra, 'set-image.sh'), ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

// kubectl's built-in kustomize renders what `kubectl apply -k` would apply; promtool checks and
// unit-tests the alert rules.
describe('kubernetes manifests', () => {
  const built: Record<string, K8sObject[]> = {};
  let observability: K8sObject[] = [];
  let monitoring: K8sObject[] = [];
  beforeAll(async () => {
    if (!kubectl) return;
    for (const environment of ENVIRONMENTS) built[environment] = await kustomize(kubectl, overlay(INFRA, environment));
    observability = await kustomize(kubectl, path.join(INFRA, 'k8s', 'observability'));
    monitoring = await kustomize(kubectl, path.join(INFRA, 'k8s', 'monitoring'));
  });

  withKubectl('when each overlay is built, then the environments differ only in what their components set', () => {
    for (const environment of ENVIRONMENTS) {
      const objects = built[environment]!;
      const namespace = `ragship-${environment}`;
      expect(find(objects, 'Namespace', namespace).metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
      expect(
        objects
          .filter((object) => object.kind !== 'Namespace')
          .every((object) => object.metadata.namespace === namespace),
      ).toBe(true);
      const [api] = podTemplates([find(objects, 'Deployment', 'ragship-api')]);
      expect(api!.spec.containers[0]).toMatchObject({
        readinessProbe: { httpGet: { path: '/readyz' } },
        livenessProbe: { httpGet: { path: '/healthz' } },
        resources: { limits: { cpu: '1', memory: '512Mi' } },
        securityContext: { readOnlyRootFilesystem: true },
      });
      expect(find(objects, 'ConfigMap', 'ragship-environment').data).toEqual({
        RAGSHIP_ENV: environment,
        RAGSHIP_DATA_DIR: '/data',
        RAGSHIP_ACTOR: `k8s-${environment}`,
        RAGSHIP_KB: 'corpus',
        RAGSHIP_PROMOTE_FROM: { dev: '', staging: 'dev', prod: 'staging' }[environment],
        RAGSHIP_BUILD: 'ghcr.io/ragship/ragship:unpinned',
        PHOENIX_COLLECTOR_ENDPOINT: 'http://phoenix.ragship-observability.svc.cluster.local:6006',
        PHOENIX_PROJECT_NAME: namespace,
      });
      expect(find(objects, 'Ingress', 'ragship-api').spec.rules[0].host).toBe(`ragship-${environment}.example.com`);
    }
    // Every environment runs the same objects, but for its neighbour policies and dev's registry database.
    const inventory = (objects: K8sObject[]) =>
      objects
        .map(
          ({ kind, metadata }) =>
            `${kind}/${kind === 'ConfigMap' ? metadata.name.replace(/-\w{10}$/, '') : metadata.name}`,
        )
        .filter((name) => !name.startsWith('Namespace/'))
        .sort();
    const common = [
      'ConfigMap/ragship-config',
      'ConfigMap/ragship-environment',
      'CronJob/ragship-ingest',
      'CronJob/ragship-promote',
      'Deployment/ragship-api',
      'HorizontalPodAutoscaler/ragship-api',
      'Ingress/ragship-api',
      'NetworkPolicy/chroma',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/dns',
      'NetworkPolicy/ragship-api',
      'NetworkPolicy/ragship-ingest-model-providers',
      'NetworkPolicy/ragship-jobs',
      'PersistentVolumeClaim/ragship-corpus',
      'PersistentVolumeClaim/ragship-ingest-state',
      'PodDisruptionBudget/ragship-api',
      'Service/chroma',
      'Service/ragship-api',
      'StatefulSet/chroma',
    ];
    const postgres = ['NetworkPolicy/postgres', 'Service/postgres', 'StatefulSet/postgres'];
    expect(inventory(built.dev!)).toEqual(
      [...common, ...postgres, 'NetworkPolicy/chroma-from-next-environment'].sort(),
    );
    expect(inventory(built.staging!)).toEqual(
      [...common, 'NetworkPolicy/chroma-from-next-environment', 'NetworkPolicy/promotion-to-source-chroma'].sort(),
    );
    expect(inventory(built.prod!)).toEqual([...common, 'NetworkPolicy/promotion-to-source-chroma'].sort());
    expect(find(built.prod!, 'PodDisruptionBudget', 'ragship-api').spec.minAvailable).toBe(2);
    expect(find(built.prod!, 'Deployment', 'ragship-api').spec.replicas).toBe(3);

    // What a component may set: the namespace, its variables, host, scale and disruption budget,
    // whether it ingests, whether API keys are optional (dev), its network policies towards its
    // neighbours (tested below) and, in dev, the registry database. The rest is identical.
    const neighbourPolicies = ['chroma-from-next-environment', 'promotion-to-source-chroma'];
    const normalise = (objects: K8sObject[]) =>
      JSON.stringify(
        objects.filter(
          (object) =>
            !object.metadata.name.startsWith('ragship-environment') &&
            !neighbourPolicies.includes(object.metadata.name) &&
            object.metadata.labels?.['app.kubernetes.io/component'] !== 'registry-database',
        ),
      )
        .replace(/ragship-(dev|staging|prod)\b/g, 'ragship-ENV')
        .replace(/ragship-environment-[a-z0-9]+/g, 'ragship-environment')
        .replace(/"(replicas|minReplicas|minAvailable)":\d+/g, '"$1":N')
        .replace(/"suspend":(true|false)/g, '"suspend":B')
        .replace(/("key":"api-keys","name":"ragship-secrets"),"optional":true/g, '$1');
    expect(normalise(built.staging!)).toBe(normalise(built.dev!));
    expect(normalise(built.prod!)).toBe(normalise(built.dev!));
  });

  withKubectl(
    'when the committed manifests are built, then nothing runs :latest, ragship is visibly unpinned and other images name a version',
    () => {
      const everything = [...Object.values(built).flat(), ...observability];
      for (const environment of ENVIRONMENTS) {
        expect(ragshipContainers(built[environment]!).map((container) => container.image)).toEqual(
          Array(3).fill('ghcr.io/ragship/ragship:unpinned'),
        );
      }
      const images = new Set(
        podTemplates(everything).flatMap((template) => template.spec.containers.map((container) => container.image)),
      );
      images.delete('ghcr.io/ragship/ragship:unpinned');
      expect([...images].sort()).toEqual([
        'arizephoenix/phoenix:version-13.19.1-nonroot',
        'chromadb/chroma:1.0.0',
        'postgres:16.9-bookworm',
      ]);
      for (const image of images) expect(image).toMatch(VERSIONED);
      expect(JSON.stringify([...everything, ...monitoring])).not.toMatch(/:latest\b/);
    },
  );

  withKubectl(
    'when set-image pins a digest in a copy of infra/, then every ragship container of that overlay runs exactly it and reports it',
    async () => {
      const work = mkdtempSync(path.join(tmpdir(), 'ragship-set-image-'));
      try {
        const infra = path.join(work, 'infra');
        cpSync(INFRA, infra, { recursive: true });
        expect((await setImage(infra, PINNED)).code).toBe(0);
        const other = `registry.example.com:5000/team/ragship@sha256:${'f'.repeat(64)}`;
        expect((await setImage(infra, other, overlay(infra, 'prod'))).code).toBe(0);

        for (const environment of ENVIRONMENTS) {
          const expected = environment === 'prod' ? other : PINNED;
          const objects = await kustomize(kubectl!, overlay(infra, environment));
          expect(ragshipContainers(objects).map((container) => container.image)).toEqual([
            expected,
            expected,
            expected,
          ]);
          const variables = find(objects, 'ConfigMap', 'ragship-environment');
          expect(variables.data).toMatchObject({ RAGSHIP_BUILD: expected, RAGSHIP_ENV: environment });
          // The pods read the merged ConfigMap, not a stale one.
          const [api] = podTemplates([find(objects, 'Deployment', 'ragship-api')]);
          expect(api!.spec.containers[0]!.envFrom).toEqual([{ configMapRef: { name: variables.metadata.name } }]);
          const images = podTemplates(objects).flatMap((template) =>
            template.spec.containers.map((container) => container.image),
          );
          for (const image of images.filter((image) => image !== expected)) expect(image).toMatch(VERSIONED);
          expect(JSON.stringify(objects)).not.toMatch(/:latest\b|:unpinned\b/);
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  );

  it('when set-image is given a tag or a malformed digest, then it refuses with one line, exit 2, and changes nothing', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ragship-set-image-'));
    try {
      const infra = path.join(work, 'infra');
      cpSync(INFRA, infra, { recursive: true });
      const component = path.join(overlay(infra, 'prod'), 'image', 'kustomization.yaml');
      const before = readFileSync(component, 'utf8');
      for (const reference of [
        'ghcr.io/ragship/ragship:v1.2.3',
        'ghcr.io/ragship/ragship:latest',
        `ghcr.io/ragship/ragship:v1@${DIGEST}`,
        `ghcr.io/ragship/ragship@${DIGEST.slice(0, -1)}`,
        `ghcr.io/ragship/ragship@${DIGEST.toUpperCase()}`,
      ]) {
        const result = await setImage(infra, reference);
        expect(result.code, reference).toBe(2);
        expect(result.stderr.trim().split('\n'), reference).toHaveLength(1);
        expect(result.stderr).toContain(reference);
      }
      expect((await setImage(infra, PINNED, path.join(work, 'no-such-overlay'))).code).toBe(2);
      expect(readFileSync(component, 'utf8')).toBe(before);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  withKubectl(
    'when any pod is built, then it runs non-root with a read-only root filesystem, no privilege escalation and no capabilities',
    () => {
      const templates = podTemplates([...Object.values(built).flat(), ...observability]);
      expect(templates.length).toBe(3 * 4 + 1 + 1); // API, ingest, promote, Chroma per environment; Postgres; Phoenix
      for (const { owner, namespace, spec } of templates) {
        const where = `${namespace}/${owner.kind}/${owner.metadata.name}`;
        expect(spec.securityContext, where).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(spec.securityContext?.runAsUser, where).toBeGreaterThan(0);
        for (const container of spec.containers) {
          expect(container.securityContext, where).toEqual({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
        }
      }
    },
  );

  withKubectl(
    "when the ingest and promotion jobs are built, then they run the user's corpus and the promotion from the environment's variables",
    () => {
      for (const environment of ENVIRONMENTS) {
        const objects = built[environment]!;
        const ingest = find(objects, 'CronJob', 'ragship-ingest');
        const promote = find(objects, 'CronJob', 'ragship-promote');
        expect(ingest.spec.suspend, environment).toBe(environment !== 'dev');
        expect(promote.spec.suspend, environment).toBe(true);

        const [ingestPod] = podTemplates([ingest]);
        expect(ingestPod!.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
        const [container] = ingestPod!.spec.containers;
        expect(container!.command).toEqual(['sh', '/app/infra/ingest-and-promote.sh', '/corpus', '$(RAGSHIP_KB)']);
        const volume = (mountPath: string) => {
          const mount = container!.volumeMounts!.find((candidate) => candidate.mountPath === mountPath)!;
          return { mount, volume: ingestPod!.spec.volumes!.find((candidate) => candidate.name === mount.name)! };
        };
        expect(volume('/data').volume.persistentVolumeClaim).toEqual({ claimName: 'ragship-ingest-state' });
        expect(volume('/tmp').volume.emptyDir).toEqual({});
        expect(volume('/corpus')).toMatchObject({
          mount: { subPath: 'documents', readOnly: true },
          volume: { persistentVolumeClaim: { claimName: 'ragship-corpus' } },
        });
        expect(volume('/golden')).toMatchObject({
          mount: { subPath: 'golden', readOnly: true },
          volume: { persistentVolumeClaim: { claimName: 'ragship-corpus' } },
        });
        expect(find(objects, 'PersistentVolumeClaim', 'ragship-ingest-state')).toBeDefined();

        const [promotePod] = podTemplates([promote]);
        expect(promotePod!.spec.securityContext).toEqual(ingestPod!.spec.securityContext);
        expect(promotePod!.spec.containers[0]!.args).toEqual([
          '--config',
          '/app/infra/k8s/base/ragship.config.yaml',
          'promote',
          '$(RAGSHIP_KB)',
          '--from',
          '$(RAGSHIP_PROMOTE_FROM)',
          '--to',
          '$(RAGSHIP_ENV)',
          '--json',
        ]);
        expect(promotePod!.spec.containers[0]!.envFrom).toEqual(container!.envFrom);
      }
    },
  );

  withKubectl(
    'when the API is built, then staging and prod require api-keys from the secret and dev may run without',
    () => {
      for (const environment of ENVIRONMENTS) {
        const [api] = podTemplates([find(built[environment]!, 'Deployment', 'ragship-api')]);
        const secretOf = (name: string) =>
          api!.spec.containers[0]!.env!.find((variable) => variable.name === name)?.valueFrom?.secretKeyRef;
        expect(secretOf('RAGSHIP_API_KEYS'), environment).toEqual({
          name: 'ragship-secrets',
          key: 'api-keys',
          ...(environment === 'dev' ? { optional: true } : {}),
        });
        expect(secretOf('DATABASE_URL'), environment).toEqual({ name: 'ragship-secrets', key: 'database-url' });
        expect(secretOf('PHOENIX_API_KEY'), environment).toMatchObject({ key: 'phoenix-api-key', optional: true });
      }
      // No secret values are committed: nothing renders a Secret.
      expect([...Object.values(built).flat(), ...observability].some((object) => object.kind === 'Secret')).toBe(false);
    },
  );

  withKubectl(
    'when an environment loads the configuration its overlay ships, then staging and prod redact personal data and dev does not',
    () => {
      const work = mkdtempSync(path.join(tmpdir(), 'ragship-k8s-config-'));
      try {
        for (const environment of ENVIRONMENTS) {
          const objects = built[environment]!;
          // Where the pods mount it, so the file's relative paths resolve as they do there.
          const file = path.join(work, environment, 'infra', 'k8s', 'base', 'ragship.config.yaml');
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, find(objects, 'ConfigMap', 'ragship-config').data!['ragship.config.yaml']!);
          const variables = find(objects, 'ConfigMap', 'ragship-environment').data!;
          const config = loadConfig({ cwd: work, file, variables });
          expect(config.environment).toBe(environment);
          expect(config.guardrails.redactPii, environment).toBe(environment !== 'dev');
        }
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  );

  withKubectl(
    'when the network policies are built, then each namespace denies by default and only the documented connections pass',
    () => {
      const policies = [...Object.values(built).flat(), ...observability];
      for (const environment of ENVIRONMENTS) {
        expect(find(built[environment]!, 'NetworkPolicy', 'default-deny').spec).toEqual({
          podSelector: {},
          policyTypes: ['Ingress', 'Egress'],
        });
      }
      const pod = (environment: string, component: string): Endpoint => ({
        namespace: `ragship-${environment}`,
        labels: { 'app.kubernetes.io/name': 'ragship', 'app.kubernetes.io/component': component },
      });
      const postgres: Endpoint = {
        namespace: 'ragship-dev',
        labels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/component': 'registry-database' },
      };
      const phoenix: Endpoint = { namespace: 'ragship-observability', labels: { 'app.kubernetes.io/name': 'phoenix' } };
      const ingressController: Endpoint = {
        namespace: 'ingress-nginx',
        labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      };
      const prometheus: Endpoint = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
      const stranger: Endpoint = { namespace: 'default', labels: {} };
      const dns: Endpoint = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
      const modelProvider: Endpoint = { ip: '203.0.113.7' };
      const privateAddress: Endpoint = { ip: '10.20.30.40' };
      const can = (from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP') =>
        allows(policies, from, to, port, protocol);

      for (const environment of ENVIRONMENTS) {
        const api = pod(environment, 'api');
        const chroma = pod(environment, 'chroma');
        expect(can(ingressController, api, 3000), environment).toBe(true);
        expect(can(prometheus, api, 3000), environment).toBe(true);
        expect(can(stranger, api, 3000), environment).toBe(false);
        expect(can(api, chroma, 8000), environment).toBe(true);
        expect(can(api, postgres, 5432), environment).toBe(true);
        expect(can(api, phoenix, 6006), environment).toBe(true);
        expect(can(api, dns, 53, 'UDP'), environment).toBe(true);
        expect(can(api, modelProvider, 443), environment).toBe(false);
        expect(can(stranger, chroma, 8000), environment).toBe(false);
        expect(can(chroma, modelProvider, 443), environment).toBe(false);
        for (const job of ['ingest', 'promote']) {
          expect(can(pod(environment, job), chroma, 8000), `${environment} ${job}`).toBe(true);
          expect(can(pod(environment, job), postgres, 5432), `${environment} ${job}`).toBe(true);
          expect(can(pod(environment, job), phoenix, 6006), `${environment} ${job}`).toBe(true);
        }
        expect(can(pod(environment, 'ingest'), modelProvider, 443), environment).toBe(true);
        expect(can(pod(environment, 'ingest'), privateAddress, 443), environment).toBe(false);
        expect(can(pod(environment, 'promote'), modelProvider, 443), environment).toBe(false);
        for (const other of ENVIRONMENTS.filter((candidate) => candidate !== environment)) {
          expect(can(api, pod(other, 'chroma'), 8000), `${environment} API → ${other} Chroma`).toBe(false);
          // The console shows the build each environment's API runs, from its /version.
          expect(can(api, pod(other, 'api'), 3000), `${environment} API → ${other} API`).toBe(true);
          expect(can(pod(environment, 'ingest'), pod(other, 'api'), 3000), `${environment} ingest → ${other} API`).toBe(
            false,
          );
        }
      }
      // Promotion reads the previous environment's Chroma, and only that one.
      expect(can(pod('staging', 'promote'), pod('dev', 'chroma'), 8000)).toBe(true);
      expect(can(pod('prod', 'promote'), pod('staging', 'chroma'), 8000)).toBe(true);
      expect(can(pod('prod', 'promote'), pod('dev', 'chroma'), 8000)).toBe(false);
      expect(can(pod('dev', 'promote'), pod('staging', 'chroma'), 8000)).toBe(false);
      expect(can(pod('staging', 'ingest'), pod('dev', 'chroma'), 8000)).toBe(false);
      expect(can(stranger, phoenix, 6006)).toBe(false);
      expect(can(stranger, postgres, 5432)).toBe(false);
    },
  );

  withPromtool(
    'when promtool checks and unit-tests the alert rules, then they are valid and fire as the tests expect',
    async () => {
      const work = mkdtempSync(path.join(tmpdir(), 'ragship-alert-rules-'));
      try {
        const monitoringDir = path.join(INFRA, 'k8s', 'monitoring');
        const rule = parse(readFileSync(path.join(monitoringDir, 'alert-rules.yaml'), 'utf8')) as {
          kind: string;
          spec: {
            groups: { name: string; rules: { alert: string; for?: string; labels?: { severity?: string } }[] }[];
          };
        };
        expect(rule.kind).toBe('PrometheusRule');
        const rules = rule.spec.groups.flatMap((group) => group.rules);
        for (const alert of rules) {
          expect(alert.for, alert.alert).toBeDefined();
          expect(['warning', 'critical'], alert.alert).toContain(alert.labels?.severity);
        }
        // promtool reads plain rule files: the object's spec, beside a copy of the unit tests.
        writeFileSync(path.join(work, 'alert-rules.spec.yaml'), stringify(rule.spec));
        cpSync(path.join(monitoringDir, 'alert-rules.test.yaml'), path.join(work, 'alert-rules.test.yaml'));
        const checked = await run(promtool!, ['check', 'rules', 'alert-rules.spec.yaml'], { cwd: work });
        expect(checked.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
        const tested = await run(promtool!, ['test', 'rules', 'alert-rules.test.yaml'], { cwd: work });
        expect(tested.stdout).toContain('SUCCESS');

        // The unit tests do fail when an alert goes missing.
        const withoutGate = { groups: rule.spec.groups.filter((group) => group.name !== 'ragship-gates') };
        writeFileSync(path.join(work, 'alert-rules.spec.yaml'), stringify(withoutGate));
        // promtool reports failed tests on stderr.
        await expect(run(promtool!, ['test', 'rules', 'alert-rules.test.yaml'], { cwd: work })).rejects.toMatchObject({
          stderr: expect.stringMatching(/FAILED:\s+alertname: RagshipGateRefused/) as unknown,
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  );
});
