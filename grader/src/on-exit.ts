/**
 * Clean-up that must run however the grader ends: a normal exit, an uncaught error, or a
 * SIGINT / SIGTERM / SIGHUP (which by default would end the process without 'exit' handlers).
 * A SIGKILL cannot be caught; the sandbox child notices that on its own (watchdog-worker.ts)
 * and the next start removes the temp folders left behind (work-dir.ts).
 */
const actions = new Set<() => void>();
let installed = false;

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

function runAll(): void {
  for (const action of actions) {
    try {
      action();
    } catch {
      // One failed clean-up must not stop the others.
    }
  }
  actions.clear();
}

/** Registers `action` to run once when the process ends; returns a function that unregisters it. */
export function onExit(action: () => void): () => void {
  if (typeof action !== 'function') throw new Error('onExit: pass a function to run when the process ends');
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
    for (const [signal, number] of Object.entries(SIGNALS)) {
      process.once(signal, () => {
        runAll();
        process.exit(128 + number);
      });
    }
  }
  actions.add(action);
  return () => actions.delete(action);
}
