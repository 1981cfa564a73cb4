import { ConfigError } from './errors.js';

/** Variables a config file may refer to: the process environment, read once at the edge. */
export type VariableSource = Readonly<Record<string, string | undefined>>;

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$\{[^}]*\}?/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed YAML document (keys stay
 * as written), the way shells and docker-compose do: `${NAME:-default}` uses the default when
 * NAME is unset or empty, `${NAME-default}` only when unset, `$$` is a literal `$`. A reference
 * to an unset variable without a default is an error naming the field and the variable, so one
 * shipped file can serve every environment without a silent empty value.
 */
export function interpolateVariables(document: unknown, variables: VariableSource, origin: string): unknown {
  return visit(document, [], variables, origin);
}

function visit(value: unknown, path: readonly string[], variables: VariableSource, origin: string): unknown {
  if (typeof value === 'string') return interpolateString(value, path, variables, origin);
  if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, String(index)], variables, origin));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, visit(item, [...path, key], variables, origin)]),
    );
  }
  return value;
}

function interpolateString(text: string, path: readonly string[], variables: VariableSource, origin: string): string {
  if (!text.includes('$')) return text;
  const field = path.join('.') || '(root)';
  return text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$$') return '$';
    if (name === undefined) {
      throw new ConfigError(
        `Invalid configuration in ${origin}: ${field}: "${match}" is not a variable reference; ` +
          `write \${NAME} or \${NAME:-default} (and $$ for a literal $).`,
        field,
      );
    }
    const value = variables[name];
    const emptyCountsAsUnset = match.charAt(2 + name.length) === ':';
    if (value !== undefined && !(emptyCountsAsUnset && value === '')) return value;
    if (fallback !== undefined) return fallback;
    throw new ConfigError(
      `Invalid configuration in ${origin}: ${field}: the variable ${name} is not set ` +
        `(write \${${name}:-<default>} to make it optional).`,
      field,
    );
  });
}
