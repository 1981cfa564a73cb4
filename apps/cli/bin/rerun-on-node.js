/**
 * Re-runs a command on another `node`, as if it had been started there: stdio inherited, signals
 * passed on, its exit code returned. node-runtime.js runs the parent side (rerunOnNode),
 * ragship.js the command's side (hearSignalsFromParent) on every run. Dependency-free and written
 * for old Node; builtins are imported where used, so that a command not started by rerunOnNode
 * (the usual case) loads none of them here.
 *
 * Passing a signal on must not deliver it twice. A Ctrl-C, or a signal sent to a process group
 * (turbo stops tasks that way), reaches this process and the command both; a command that stops
 * gracefully on the first SIGINT dies on the second. So the parent does not kill the command with
 * the signal: it writes `<signal> <time>` on a pipe, and the command raises the signal on itself
 * only if it did not get that signal itself at about that time.
 */

/** Signals passed on to the command. */
export const RELAYED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The environment variable naming the command's file descriptor on which its parent's signals arrive. */
const SIGNAL_FD_VARIABLE = 'RAGSHIP_PARENT_SIGNAL_FD';

/** A signal the command got itself up to this long before its parent got it counts as the same one. */
const SAME_SIGNAL_MS = 1000;

/** How long the command waits before raising a parent's signal, so that its own copy, if any, is seen first. */
const RAISE_DELAY_MS = 50;

/**
 * Runs `host.execArgv` and `host.argv` again on `node`, with its `binDir` first on PATH. Resolves
 * with the exit code (128 + n when signal n ended it); rejects when `node` cannot be started.
 * `host` is the running process (`process`); tests pass their own.
 *
 * @param {{ nodePath: string, binDir: string }} node
 */
export async function rerunOnNode(node, host) {
  const [{ spawn }, { constants }] = await Promise.all([import('node:child_process'), import('node:os')]);
  return new Promise((resolve, reject) => {
    const child = spawn(node.nodePath, [...host.execArgv, ...host.argv.slice(1)], {
      stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
      env: { ...withPathFirst(host.env, node.binDir, host.platform), [SIGNAL_FD_VARIABLE]: '3' },
    });
    const signalPipe = child.stdio[3];
    signalPipe.on('error', () => {
      // The command has gone; its 'exit' settles the run.
    });
    // On Windows, Ctrl-C reaches every process on the console, and signals cannot be raised on
    // another process without ending it outright: there the parent only waits for the command.
    const relay = (signal) => {
      if (host.platform !== 'win32') signalPipe.write(`${signal} ${Date.now()}\n`);
    };
    for (const signal of RELAYED_SIGNALS) host.on(signal, relay);
    const settle = () => {
      for (const signal of RELAYED_SIGNALS) host.off(signal, relay);
      signalPipe.destroy();
    };
    child.on('error', (error) => {
      settle();
      reject(error);
    });
    child.on('exit', (code, signal) => {
      settle();
      resolve(code === null ? 128 + (constants.signals[signal] || 0) : code);
    });
  });
}

/**
 * In a command started by {@link rerunOnNode}: raises each signal its parent passes on, unless the
 * command got the same signal itself, and returns true. Returns false, doing nothing, in a command
 * started any other way.
 */
export function hearSignalsFromParent(host) {
  const fd = Number(host.env[SIGNAL_FD_VARIABLE]);
  if (!fd) return false;
  delete host.env[SIGNAL_FD_VARIABLE];
  if (host.platform === 'win32') return true;

  const receivedAt = {};
  const note = (signal) => {
    receivedAt[signal] = Date.now();
    // Alone, this listener would keep the signal from ending the process; do what Node does when
    // nobody listens.
    if (host.listenerCount(signal) === 1) {
      host.off(signal, note);
      host.kill(host.pid, signal);
    }
  };
  for (const signal of RELAYED_SIGNALS) host.on(signal, note);

  // Signals noted meanwhile stay in receivedAt, to compare with the parent's when they arrive.
  import('node:net').then(({ Socket }) =>
    raiseParentSignals(new Socket({ fd, readable: true, writable: false }), host, receivedAt),
  );
  return true;
}

/** Reads `<signal> <time>` lines from the parent and raises each signal this process did not get itself. */
function raiseParentSignals(signalPipe, host, receivedAt) {
  signalPipe.unref();
  signalPipe.on('error', () => {
    // The parent has gone; nothing more will come.
  });
  signalPipe.setEncoding('utf8');
  let pending = '';
  signalPipe.on('data', (text) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const [signal, sentAt] = line.split(' ');
      if (!RELAYED_SIGNALS.includes(signal)) continue;
      setTimeout(() => {
        if (!(receivedAt[signal] >= Number(sentAt) - SAME_SIGNAL_MS)) host.kill(host.pid, signal);
      }, RAISE_DELAY_MS);
    }
  });
}

/** `environment` with `binDir` first on its PATH (spelled `Path` on Windows, in any case). */
function withPathFirst(environment, binDir, platform) {
  const existingKey = Object.keys(environment).find((name) =>
    platform === 'win32' ? name.toUpperCase() === 'PATH' : name === 'PATH',
  );
  const key = existingKey || 'PATH';
  const current = environment[key];
  const delimiter = platform === 'win32' ? ';' : ':';
  return { ...environment, [key]: current ? `${binDir}${delimiter}${current}` : binDir };
}
