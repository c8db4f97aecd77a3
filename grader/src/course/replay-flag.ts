import type { ReplayAt } from '../grade/index.js';

/** The flag of a replay command that picks one run: ` --seed N` (simulation), ` --path TOKEN` (model checking), or nothing (the whole test). */
export function replayFlag(at: ReplayAt): string {
  if (at === null) return '';
  return 'seed' in at ? ` --seed ${at.seed}` : ` --path ${at.path}`;
}
