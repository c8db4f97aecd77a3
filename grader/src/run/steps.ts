import { simView, type System } from '@dsgrade/framework';
import type { Step } from '../scenario/index.js';
import { runCheck, type CheckTable } from './checks.js';
import { compareCount, compareMessages } from './expect.js';

/** A step that did not hold: which check (if any) and why. */
export interface StepFailure {
  check: string | null;
  message: string;
}

/** Carries out one scenario step on a running system; returns why it failed, or null. */
export function applyStep(sys: System, step: Step, checks: CheckTable): StepFailure | null {
  switch (step.kind) {
    case 'send':
      sys.sendLocalMessage(step.to, step.msg);
      return null;
    case 'runUntilQuiet':
      sys.stepUntilNoEvents(Number.MAX_SAFE_INTEGER);
      return null;
    case 'runUntilLocal': {
      // Waits for a new local message: unread ones from earlier steps do not count.
      const before = sys.peekLocalMessages(step.proc).length;
      while (sys.peekLocalMessages(step.proc).length === before) {
        if (!sys.step()) return { check: null, message: `runUntilLocal: no events left and ${step.proc} has sent no new local message` };
      }
      return null;
    }
    case 'runFor':
      sys.stepForDuration(step.seconds, Number.MAX_SAFE_INTEGER);
      return null;
    case 'crash':
      sys.crashNode(step.node);
      return null;
    case 'recover':
      sys.recoverNode(step.node);
      return null;
    case 'partition':
      for (let i = 0; i < step.groups.length; i++) {
        for (let j = i + 1; j < step.groups.length; j++) sys.makePartition(step.groups[i]!, step.groups[j]!);
      }
      return null;
    case 'heal':
      sys.resetNetwork();
      return null;
    case 'disableLink':
      sys.disableLink(step.from, step.to);
      return null;
    case 'enableLink':
      sys.enableLink(step.from, step.to);
      return null;
    case 'disconnect':
      sys.disconnectNode(step.node);
      return null;
    case 'connect':
      sys.connectNode(step.node);
      return null;
    case 'expectMessages': {
      const why = compareMessages(sys.readLocalMessages(step.proc), step.messages, step.mode);
      return why === null ? null : { check: null, message: `${step.proc}: ${why}` };
    }
    case 'expectCount': {
      const why = compareCount(sys.readLocalMessages(step.proc), step.count, step.type);
      return why === null ? null : { check: null, message: `${step.proc}: ${why}` };
    }
    case 'check': {
      const why = runCheck(checks, step.check, simView(sys));
      return why === null ? null : { check: step.check.check, message: why };
    }
  }
}
