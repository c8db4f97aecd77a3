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
