import fs from 'node:fs';

const PAGE_BYTES = 4096;

/**
 * Resident memory of a process in MB, from /proc (Linux). Undefined where /proc is missing:
 * there only the V8 heap limit applies (ArrayBuffers are outside it).
 */
export function readRssMb(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    const pages = Number(fields[1]);
    return Number.isFinite(pages) ? (pages * PAGE_BYTES) / (1024 * 1024) : undefined;
  } catch {
    return undefined;
  }
}
