/** Runs `fn` a few times and keeps the best rate: the machine is shared, the best run is the least disturbed. */
export function bestRate(units: number, fn: () => void, runs = 5): number {
  let best = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    best = Math.max(best, units / (ms / 1000));
  }
  return best;
}

/**
 * Like bestRate, but per second of this process's CPU time (all its threads: the GC's helpers
 * count too). On a machine whose CPUs are saturated by others, wall time mostly measures the
 * wait for a CPU, which is worst for runs whose GC work spreads over helper threads.
 */
export function bestCpuRate(units: number, fn: () => void, runs = 5): number {
  let best = 0;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    best = Math.max(best, units / ((c.user + c.system) / 1e6));
  }
  return best;
}
