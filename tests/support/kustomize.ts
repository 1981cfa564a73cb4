import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** A label selector as Kubernetes writes it (pod, namespace and network-policy selectors). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** The fields of a container the manifests' tests read. */
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }[];
  envFrom?: { configMapRef?: { name: string } }[];
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}

/** The fields of a pod spec the manifests' tests read. */
export interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  containers: Container[];
  volumes?: { name: string; emptyDir?: object; persistentVolumeClaim?: { claimName: string; readOnly?: boolean } }[];
}

/** One object of a rendered kustomization; `spec` is typed by the caller that knows its kind. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every kind has its own spec
  spec?: any;
  data?: Record<string, string>;
}

/** A pod template of a Deployment, StatefulSet or CronJob, with where it runs. */
export interface PodTemplate {
  owner: K8sObject;
  namespace: string;
  labels: Record<string, string>;
  spec: PodSpec;
}

/** Renders a kustomization directory with `kubectl kustomize` (kustomize built into kubectl). */
export async function kustomize(kubectl: string, directory: string): Promise<K8sObject[]> {
  const { stdout } = await run(kubectl, ['kustomize', directory], { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((document) => document.toJSON() as K8sObject);
}

/** The object of `kind` named `name` (a generated ConfigMap by its name before the hash); throws when absent. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find(
    (object) => object.kind === kind && (object.metadata.name === name || object.metadata.name.startsWith(`${name}-`)),
  );
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((object) => object.metadata.name).join(', ')}`);
  return found;
}

/** Every pod template the objects would run. */
export function podTemplates(objects: K8sObject[]): PodTemplate[] {
  return objects.flatMap((owner) => {
    const spec = owner.spec as
      { template?: PodTemplateSpec; jobTemplate?: { spec: { template: PodTemplateSpec } } } | undefined;
    const template = owner.kind === 'CronJob' ? spec?.jobTemplate?.spec.template : spec?.template;
    if (!template || !['Deployment', 'StatefulSet', 'CronJob'].includes(owner.kind)) return [];
    return [
      {
        owner,
        namespace: owner.metadata.namespace ?? 'default',
        labels: template.metadata.labels,
        spec: template.spec,
      },
    ];
  });
}

interface PodTemplateSpec {
  metadata: { labels: Record<string, string> };
  spec: PodSpec;
}
