import { checkLinearizability, kvModel, registerModel } from '../src/index.js';
import { KV_FILES, PORCUPINE_DIR, etcdFiles, parseEtcd, parseKv, porcupineAvailable } from '../test/check/porcupine-data.js';

const GOAL_MS = 2000;

/** Best of `runs` wall-clock milliseconds of `fn` (the machine is shared). */
function bestMs(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Number(best.toFixed(1));
}

/**
 * The recorded Porcupine corpus: all 102 etcd histories together and each kv file alone,
 * parsing excluded. Goal (issue 17): etcd < 2 s in total, each kv file < 2 s.
 */
export function benchLinearizability(): Record<string, unknown> {
  if (!porcupineAvailable()) return { skipped: `no recorded histories at ${PORCUPINE_DIR}` };
  const etcd = etcdFiles().map((f) => ({ ...f, ops: parseEtcd(f.file) }));
  let wrong = 0;
  const etcdMs = bestMs(() => {
    for (const f of etcd) if ((checkLinearizability(registerModel, f.ops).kind === 'linearizable') !== f.linearizable) wrong++;
  });
  const kvMs: Record<string, number> = {};
  for (const f of KV_FILES) {
    const ops = parseKv(f.file);
    kvMs[f.file] = bestMs(() => {
      if ((checkLinearizability(kvModel, ops).kind === 'linearizable') !== f.linearizable) wrong++;
    });
  }
  const slowestKv = Math.max(...Object.values(kvMs));
  return {
    wrongVerdicts: wrong,
    etcdFiles: etcd.length,
    etcdTotalMs: etcdMs,
    kvMs,
    goalMs: GOAL_MS,
    ratioEtcdToGoal: Number((etcdMs / GOAL_MS).toFixed(3)),
    ratioSlowestKvToGoal: Number((slowestKv / GOAL_MS).toFixed(3)),
  };
}
