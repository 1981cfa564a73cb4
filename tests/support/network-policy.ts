import type { K8sObject, LabelSelector } from './kustomize.js';

/**
 * Who sends or receives a connection: a pod (its namespace and labels) or an address outside
 * the cluster. Namespaces carry only the label every namespace has, kubernetes.io/metadata.name.
 */
export type Endpoint = { namespace: string; labels: Record<string, string> } | { ip: string };

interface PolicyPort {
  protocol?: string;
  port?: number | string;
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyRule {
  ports?: PolicyPort[];
  from?: PolicyPeer[];
  to?: PolicyPeer[];
}

interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

/**
 * Whether NetworkPolicy objects let `from` open a connection to `to` on a TCP or UDP port, by
 * the semantics of networking.k8s.io/v1: a pod selected by a policy of a direction is isolated
 * in that direction and only the union of those policies' rules lets traffic through; both the
 * sender's egress and the receiver's ingress must allow it. No cluster runs here, so this stands
 * in for the network plugin; only numeric ports and IPv4 blocks are understood.
 */
export function allows(
  objects: K8sObject[],
  from: Endpoint,
  to: Endpoint,
  port: number,
  protocol: 'TCP' | 'UDP' = 'TCP',
): boolean {
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
  const direction = (pod: Endpoint, type: 'Ingress' | 'Egress', peer: Endpoint) => {
    if (!('namespace' in pod)) return true;
    const selecting = policies.filter((policy) => {
      const spec = policy.spec as PolicySpec;
      return (
        policy.metadata.namespace === pod.namespace &&
        (spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes(type) &&
        matches(spec.podSelector, pod.labels)
      );
    });
    if (selecting.length === 0) return true;
    return selecting.some((policy) => {
      const spec = policy.spec as PolicySpec;
      const rules = (type === 'Ingress' ? spec.ingress : spec.egress) ?? [];
      return rules.some(
        (rule) =>
          portMatches(rule.ports, port, protocol) &&
          peerMatches(type === 'Ingress' ? rule.from : rule.to, peer, policy.metadata.namespace!),
      );
    });
  };
  return direction(from, 'Egress', to) && direction(to, 'Ingress', from);
}

function peerMatches(peers: PolicyPeer[] | undefined, peer: Endpoint, policyNamespace: string): boolean {
  if (!peers || peers.length === 0) return true;
  return peers.some((candidate) => {
    if (candidate.ipBlock) {
      return (
        'ip' in peer &&
        inBlock(peer.ip, candidate.ipBlock.cidr) &&
        !(candidate.ipBlock.except ?? []).some((cidr) => inBlock(peer.ip, cidr))
      );
    }
    if (!('namespace' in peer)) return false;
    const namespaceMatches = candidate.namespaceSelector
      ? matches(candidate.namespaceSelector, { 'kubernetes.io/metadata.name': peer.namespace })
      : peer.namespace === policyNamespace;
    return namespaceMatches && (!candidate.podSelector || matches(candidate.podSelector, peer.labels));
  });
}

function portMatches(ports: PolicyPort[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(
    (entry) => (entry.protocol ?? 'TCP') === protocol && (entry.port === undefined || entry.port === port),
  );
}

/** Whether labels satisfy a selector; an empty selector selects everything. */
export function matches(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    const member = key in labels && values.includes(labels[key]!);
    return operator === 'In' ? member : !member;
  });
  return byLabel && byExpression;
}

function inBlock(ip: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  if (!ip.includes('.') || !network!.includes('.')) return false;
  const toNumber = (address: string) => address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(network!) / size);
}
