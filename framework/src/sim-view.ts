import type { System } from './system.js';
import type { SystemView } from './view.js';

/**
 * The SystemView of a running simulation: what checks, invariants and goals see, the same
 * shape as a model-checking state's view. Live, not a copy: each read asks the system now.
 */
export function simView(sys: System): SystemView {
  return {
    get time() {
      return sys.time();
    },
    processIds: () => sys.processIds(),
    state: (proc) => sys.processState(proc),
    storage: (proc) => sys.processStorage(proc),
    localMessages: (proc) => sys.localMessageHistory(proc),
    pending: () => sys.pendingEvents(),
    stats: () => sys.stats(),
  };
}
