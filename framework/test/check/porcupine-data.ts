// Parsers of the recorded Porcupine histories (shared/data/porcupine, see its README) and the
// folder they live in: ../shared/data beside the repository's root.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { KvInput, KvOutput, Operation, RegisterInput, RegisterOutput, RegisterValue } from '../../src/index.js';

/** framework/dist/test/check/ -> the repository root is four folders up. */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const PORCUPINE_DIR = join(REPO_ROOT, '..', 'shared', 'data', 'porcupine');

export function porcupineAvailable(): boolean {
  return existsSync(join(PORCUPINE_DIR, 'kv')) && existsSync(join(PORCUPINE_DIR, 'jepsen'));
}

export const KV_FILES: readonly { file: string; linearizable: boolean }[] = [
  { file: 'c01-ok.txt', linearizable: true }, { file: 'c01-bad.txt', linearizable: false },
  { file: 'c10-ok.txt', linearizable: true }, { file: 'c10-bad.txt', linearizable: false },
  { file: 'c50-ok.txt', linearizable: true }, { file: 'c50-bad.txt', linearizable: false },
];

const ETCD_OK = new Set([2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 98, 100, 101, 102]);

/** The 102 etcd files with their verdicts (etcd_095 is empty and untested upstream). */
export function etcdFiles(): { file: string; linearizable: boolean }[] {
  const out: { file: string; linearizable: boolean }[] = [];
  for (let n = 0; n <= 102; n++) {
    if (n === 95) continue;
    out.push({ file: `etcd_${String(n).padStart(3, '0')}.log`, linearizable: ETCD_OK.has(n) });
  }
  return out;
}

interface Open<I> { input: I; call: number; client: number }

const KV_LINE = /^\{:process (\d+), :type :(invoke|ok), :f :(get|put|append), :key "([^"]*)", :value (?:nil|"([^"]*)")\}$/;

/** A kv file: the line number is the time; a get of "" reads an absent key. */
export function parseKv(file: string): Operation<KvInput, KvOutput>[] {
  const lines = readFileSync(join(PORCUPINE_DIR, 'kv', file), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const open = new Map<number, Open<KvInput>>();
  const ops: Operation<KvInput, KvOutput>[] = [];
  lines.forEach((line, t) => {
    const m = KV_LINE.exec(line.trim());
    if (!m) throw new Error(`parseKv: ${file}:${t + 1}: unexpected line ${JSON.stringify(line)}`);
    const client = Number(m[1]);
    const key = m[4];
    const value = m[5] ?? '';
    if (m[2] === 'invoke') {
      const input: KvInput = m[3] === 'get' ? { kind: 'get', key } : { kind: m[3] as 'put' | 'append', key, value };
      open.set(client, { input, call: t, client });
      return;
    }
    const o = open.get(client);
    if (!o) throw new Error(`parseKv: ${file}:${t + 1}: a return of client ${client} without a call`);
    open.delete(client);
    ops.push({ client, input: o.input, call: o.call, output: o.input.kind === 'get' ? (value === '' ? null : value) : null, return: t });
  });
  for (const o of open.values()) ops.push({ client: o.client, input: o.input, call: o.call, output: undefined, return: undefined });
  return ops;
}

const ETCD_LINE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$/;

/**
 * An etcd file: `:info` leaves the operation open to the end (never returned, unknown
 * output); `:fail :read :timed-out` returns with an unknown output.
 */
export function parseEtcd(file: string): Operation<RegisterInput, RegisterOutput>[] {
  const lines = readFileSync(join(PORCUPINE_DIR, 'jepsen', file), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const open = new Map<number, Open<RegisterInput>>();
  const ops: Operation<RegisterInput, RegisterOutput>[] = [];
  const pair = (s: string): [RegisterValue, RegisterValue] => {
    const m = /^\[(-?\d+) (-?\d+)\]$/.exec(s);
    if (!m) throw new Error(`parseEtcd: ${file}: expected [a b], got ${s}`);
    return [Number(m[1]), Number(m[2])];
  };
  lines.forEach((line, t) => {
    const m = ETCD_LINE.exec(line);
    if (!m) throw new Error(`parseEtcd: ${file}:${t + 1}: unexpected line ${JSON.stringify(line)}`);
    const client = Number(m[1]);
    const [type, f, payload] = [m[2], m[3], m[4]];
    if (type === 'invoke') {
      let input: RegisterInput;
      if (f === 'read') input = { kind: 'read' };
      else if (f === 'write') input = { kind: 'write', value: Number(payload) };
      else { const [from, to] = pair(payload); input = { kind: 'cas', from, to }; }
      open.set(client, { input, call: t, client });
      return;
    }
    if (type === 'info') return;
    const o = open.get(client);
    if (!o) throw new Error(`parseEtcd: ${file}:${t + 1}: a return of client ${client} without a call`);
    open.delete(client);
    let output: RegisterOutput | undefined;
    if (f === 'read') output = type === 'fail' ? undefined : payload === 'nil' ? null : Number(payload);
    else if (f === 'write') output = null;
    else output = type === 'ok';
    ops.push({ client, input: o.input, call: o.call, output, return: t });
  });
  for (const o of open.values()) ops.push({ client: o.client, input: o.input, call: o.call, output: undefined, return: undefined });
  return ops;
}

