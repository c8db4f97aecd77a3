import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PyodideInterface } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import { ANYSYSTEM_SOURCE } from './anysystem-source.js';
import { RUNTIME_SOURCE } from './runtime-source.js';

/** One Pyodide per sandbox child, with the anysystem module installed; `write` goes to the running job's output. */
export interface LoadedPython {
  py: PyodideInterface;
  /** The `_dsgrade_runtime` module (runtime-source.ts). */
  runtime: PyProxy;
  /** Milliseconds the load took (reported by the bench). */
  loadMs: number;
  setOutput(write: (text: string) => void): void;
}

let loaded: Promise<LoadedPython> | undefined;

const BLOCKED_MODULES = ['js', 'pyodide_js', 'pyodide', '_pyodide', '_pyodide_core', 'micropip', 'pyodide_http'];

/**
 * Run after the modules are set up: students import by these three names; the modules through
 * which Python reaches JavaScript (and so the child's `process`) are dropped and refused.
 */
const LOCKDOWN = `
import sys, importlib.abc, anysystem
sys.modules['dslabmp'] = anysystem
sys.modules['dsgrade'] = anysystem
_blocked = ${JSON.stringify(BLOCKED_MODULES)}
for _name in list(sys.modules):
    if _name.split('.')[0] in _blocked:
        del sys.modules[_name]

class _Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in _blocked or name in ('subprocess', 'socket', '_socket', 'select', 'ctypes', 'multiprocessing', 'threading', '_thread'):
            raise ImportError('import ' + name + ': not available in dsgrade (a process talks only through ctx)')
        return None

sys.meta_path.insert(0, _Refuse())
import os, posix
for _f in ('system', 'popen', 'fork', 'forkpty', 'execv', 'execve', 'spawnv', 'spawnve', 'kill', 'killpg', 'posix_spawn', 'posix_spawnp'):
    for _m in (os, posix):
        if hasattr(_m, _f):
            delattr(_m, _f)
del _f, _m, _name
`;

/** Pyodide's Node set-up reads process.binding('constants'), which the permission model denies: give it fs.constants only. */
async function withConstantsBinding<T>(run: () => Promise<T>): Promise<T> {
  const proc = process as unknown as { binding: (name: string) => unknown };
  const original = proc.binding;
  proc.binding = (name: string) => (name === 'constants' ? { fs: fs.constants } : original.call(process, name));
  try {
    return await run();
  } finally {
    proc.binding = original;
  }
}

async function load(pyodideDir: string): Promise<LoadedPython> {
  const t0 = performance.now();
  const mod = (await import(pathToFileURL(path.join(pyodideDir, 'pyodide.mjs')).href)) as { loadPyodide: (o: object) => Promise<PyodideInterface> };
  let write: (text: string) => void = () => {};
  const py = await withConstantsBinding(() =>
    mod.loadPyodide({
      indexURL: `${pyodideDir}${path.sep}`,
      // The `js` module is this object, not the child's globalThis.
      jsglobals: Object.freeze(Object.create(null) as object),
      env: { PYTHONHASHSEED: '0', HOME: '/home/student' },
      stdout: (s: string) => write(`${s}\n`),
      stderr: (s: string) => write(`${s}\n`),
      checkAPIVersion: true,
    }),
  );
  // Pyodide keeps the Node modules it needs on globalThis.require. Emscripten asks it for a
  // shell when Python calls os.system, and for crypto: hand it a stub and crypto, nothing else
  // (the real fs there would let code that reached the global object write to the result pipe).
  const g = globalThis as { require?: (name: string) => unknown };
  const keep = g.require;
  g.require = (name: string) => {
    if (name === 'child_process') return NO_CHILD_PROCESS;
    if (name === 'crypto') return keep?.(name);
    throw new Error(`require(${JSON.stringify(name)}) is not available in the dsgrade sandbox`);
  };
  // Only Pyodide's in-memory FS: no mounting host folders (NODEFS) from Python via pyodide_js.FS.
  const fsApi = py.FS as unknown as { filesystems: Record<string, unknown>; mount: unknown };
  delete fsApi.filesystems.NODEFS;
  delete fsApi.filesystems.NODERAWFS;
  fsApi.mount = () => {
    throw new Error('FS.mount is not available in the dsgrade sandbox');
  };
  const pyApi = py as unknown as Record<string, unknown>;
  for (const k of ['loadPackage', 'loadPackagesFromImports', 'mountNodeFS', 'mountNativeFS', 'pyimport', 'registerJsModule']) {
    pyApi[k] = () => {
      throw new Error(`${k} is not available in the dsgrade sandbox`);
    };
  }
  closeHostDoors();
  py.FS.mkdirTree('/home/student');
  py.FS.writeFile('/home/student/anysystem.py', ANYSYSTEM_SOURCE);
  py.FS.writeFile('/home/student/_dsgrade_runtime.py', RUNTIME_SOURCE);
  const runtime = py.runPython("import sys; sys.path.insert(0, '/home/student'); import anysystem, _dsgrade_runtime; _dsgrade_runtime") as PyProxy;
  (runtime as unknown as Record<string, unknown>)._ANYSYSTEM_SOURCE = ANYSYSTEM_SOURCE;
  py.runPython(LOCKDOWN);
  py.FS.unlink('/home/student/_dsgrade_runtime.py');
  return { py, runtime, loadMs: performance.now() - t0, setOutput: (w) => (write = w) };
}

/**
 * Python cannot be sandboxed from inside itself (gc.get_objects() finds every object Pyodide
 * made), so the doors that matter are shut on the JavaScript side of this child: were student
 * Python to reach a JavaScript function that returns the global object, it finds no module
 * loader, no network and no way to signal other processes. The child's own code took what it
 * needs (fs, the fd-3 pipe) at import time.
 */
function closeHostDoors(): void {
  const shut = (what: string) => () => {
    throw new Error(`${what} is not available in the dsgrade sandbox`);
  };
  const proc = process as unknown as Record<string, unknown>;
  for (const k of ['binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'kill', 'chdir', 'setuid', 'setgid']) {
    if (typeof proc[k] === 'function') proc[k] = shut(`process.${k}`);
  }
  const g = globalThis as Record<string, unknown>;
  for (const k of ['fetch', 'WebSocket', 'EventSource']) if (k in g) g[k] = shut(k);
}

const NO_CHILD_PROCESS = Object.freeze({
  spawnSync: () => ({ status: 127, signal: null }),
});

/** Loads Pyodide from `pyodideDir` (node_modules/pyodide) once per child; later calls reuse it. */
export function loadPython(pyodideDir: string): Promise<LoadedPython> {
  if (typeof pyodideDir !== 'string' || !path.isAbsolute(pyodideDir)) throw new Error('loadPython: pass the absolute path of the installed pyodide package');
  loaded ??= load(pyodideDir);
  return loaded;
}
