/** How long one heartbeat request may take before it counts as "no answer", in milliseconds. */
const heartbeatRequestTimeoutMs = 2_000;

/**
 * Whether a Chroma server answers at `url` (e.g. `http://127.0.0.1:8000`): `true` when
 * `GET {url}/api/v2/heartbeat` answers 200 within two seconds, `false` on any other status,
 * a connection error, a timeout, or when `signal` aborts. Never throws.
 */
export async function chromaHeartbeat(url: string, signal?: AbortSignal): Promise<boolean> {
  const timeout = AbortSignal.timeout(heartbeatRequestTimeoutMs);
  try {
    const response = await fetch(`${url.replace(/\/+$/, '')}/api/v2/heartbeat`, {
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
