/** Whether a process with this id still runs (EPERM: it runs, as another user). Tells leftovers of a killed grader from a live one's. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
