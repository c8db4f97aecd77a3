/**
 * Python source of dsgrade's side of the bridge (module `_dsgrade_runtime`): loading the
 * student's files as fresh modules, running handlers, converting a process's `__dict__` to and
 * from tagged JSON (the framework snapshots, restores and hashes that data), binding `random`,
 * `time` and `os.urandom` to the run's seeded generator and simulated clock, and trimming
 * tracebacks to the student's files.
 */
export const RUNTIME_SOURCE = String.raw`
import builtins, json, math, sys, traceback, types
import anysystem

_BUILTINS = dict(builtins.__dict__)
_ANYSYSTEM_SOURCE = None

STUDENT_DIR = '/student/'
_instances = {}
_next_id = [1]
_classes = {}
_student_modules = []


# ---- tagged JSON of plain Python data -------------------------------------------------------

class Unconvertible(Exception):
    pass


def _key(v):
    return json.dumps(v, sort_keys=True, separators=(',', ':'))


def enc(v, path):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if -2**53 < v < 2**53 else {'$int': str(v)}
    if isinstance(v, float):
        if math.isfinite(v) and not v.is_integer():
            return v
        return {'$float': repr(v)}
    if isinstance(v, list):
        return [enc(x, path + '[' + str(i) + ']') for i, x in enumerate(v)]
    if isinstance(v, tuple):
        return {'$tuple': [enc(x, path + '[' + str(i) + ']') for i, x in enumerate(v)]}
    if isinstance(v, (set, frozenset)):
        items = sorted((enc(x, path + ' item') for x in v), key=_key)
        return {'$frozenset' if isinstance(v, frozenset) else '$set': items}
    if isinstance(v, dict):
        if all(isinstance(k, str) for k in v) and not (len(v) == 1 and next(iter(v)).startswith('$')):
            return {k: enc(x, path + '[' + repr(k) + ']') for k, x in v.items()}
        return {'$dict': [[enc(k, path + ' key'), enc(x, path + '[' + repr(k) + ']')] for k, x in v.items()]}
    if isinstance(v, anysystem.Message):
        return {'$message': [v.type, enc(v.data, path + '.data')]}
    raise Unconvertible(path + ' holds ' + ('a function' if callable(v) else 'an instance of ' + type(v).__name__))


def dec(v):
    if isinstance(v, list):
        return [dec(x) for x in v]
    if not isinstance(v, dict):
        return v
    if len(v) == 1:
        (k, x), = v.items()
        if k == '$int':
            return int(x)
        if k == '$float':
            return float(x)
        if k == '$tuple':
            return tuple(dec(i) for i in x)
        if k == '$set':
            return set(dec(i) for i in x)
        if k == '$frozenset':
            return frozenset(dec(i) for i in x)
        if k == '$dict':
            return {dec(a): dec(b) for a, b in x}
        if k == '$message':
            return anysystem.Message(x[0], dec(x[1]))
    return {k: dec(x) for k, x in v.items()}


def dump_state(obj):
    """{'ok': {field: tagged}, 'bad': {field: why}} as one JSON string."""
    ok, bad = {}, {}
    for name, value in vars(obj).items():
        try:
            ok[name] = enc(value, 'self.' + name)
        except Unconvertible as e:
            bad[name] = str(e)
        except RecursionError:
            bad[name] = 'self.' + name + ' is nested too deeply or is cyclic'
    return json.dumps({'ok': ok, 'bad': bad}, separators=(',', ':'), allow_nan=False)


def load_state(handle, text):
    obj = _instances[handle]
    d = vars(obj)
    d.clear()
    for name, value in json.loads(text).items():
        d[name] = dec(value)


# ---- errors ---------------------------------------------------------------------------------

def describe_error(e):
    """(name, message, where): where is the innermost frame in a student file, like 'solution.py, line 12, in on_message'."""
    where = ''
    for frame in traceback.extract_tb(e.__traceback__):
        if frame.filename.startswith(STUDENT_DIR):
            where = frame.filename[len(STUDENT_DIR):] + ', line ' + str(frame.lineno) + ', in ' + frame.name
    if isinstance(e, SyntaxError) and (e.filename or '').startswith(STUDENT_DIR):
        where = e.filename[len(STUDENT_DIR):] + ', line ' + str(e.lineno)
    if isinstance(e, RecursionError):
        return type(e).__name__, 'maximum recursion depth exceeded', where
    msg = e.msg if isinstance(e, SyntaxError) else str(e)
    return type(e).__name__, msg, where


def _error_json(e):
    name, msg, where = describe_error(e)
    return json.dumps({'error': [name, msg[:4000], where]})


# ---- determinism ----------------------------------------------------------------------------

import random as _random_module
import time as _time_module
import os as _os_module


class _SeededRandom(_random_module.Random):
    """random.Random whose only source is the run's seeded generator."""

    def __init__(self, source):
        self._source = source
        super().__init__(0)

    def seed(self, *args, **kwargs):
        pass

    def random(self):
        return self._source()

    def getrandbits(self, k):
        if k < 0:
            raise ValueError('number of bits must be non-negative')
        out, have = 0, 0
        while have < k:
            out = (out << 32) | int(self._source() * 4294967296.0)
            have += 32
        return out >> (have - k)

    def getstate(self):
        raise NotImplementedError('random.getstate is not available in dsgrade: the generator is the run\'s seeded one')

    def setstate(self, state):
        raise NotImplementedError('random.setstate is not available in dsgrade: the generator is the run\'s seeded one')


_RANDOM_NAMES = [n for n in _random_module.__all__ if callable(getattr(_random_module.Random, n, None)) and n not in ('Random', 'SystemRandom')]


def bind_determinism(random_source, now_ms):
    inst = _SeededRandom(random_source)
    _random_module._inst = inst
    for n in _RANDOM_NAMES:
        setattr(_random_module, n, getattr(inst, n))
    _random_module.SystemRandom = _SeededRandom
    now = lambda: now_ms() / 1000.0
    _time_module.time = now
    _time_module.time_ns = lambda: int(now_ms() * 1000000)
    _time_module.monotonic = now
    _time_module.monotonic_ns = _time_module.time_ns
    _time_module.perf_counter = now
    _time_module.perf_counter_ns = _time_module.time_ns
    _time_module.process_time = now

    def _no_sleep(seconds):
        raise RuntimeError('time.sleep: a process must not block; set a timer with ctx.set_timer instead')

    _time_module.sleep = _no_sleep
    _os_module.urandom = lambda n: bytes(int(random_source() * 256) for _ in range(n))
    _datetime_module.datetime = _SimDatetime
    _datetime_module.date = _SimDate


import datetime as _datetime_module
_RealDatetime = _datetime_module.datetime
_RealDate = _datetime_module.date


class _SimDatetime(_RealDatetime):
    """datetime whose now() / today() / utcnow() read the simulated clock."""

    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(_time_module.time(), tz)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(_time_module.time())

    @classmethod
    def utcnow(cls):
        return cls.fromtimestamp(_time_module.time(), _datetime_module.timezone.utc).replace(tzinfo=None)


class _SimDate(_RealDate):
    @classmethod
    def today(cls):
        return cls.fromtimestamp(_time_module.time())


# ---- loading and running --------------------------------------------------------------------

def load_student(files_json, entry, host):
    """Fresh modules for the student's files; returns the names of the Process subclasses of the entry module."""
    # Whatever the last job patched in builtins or in anysystem does not reach this one.
    builtins.__dict__.clear()
    builtins.__dict__.update(_BUILTINS)
    exec(_ANYSYSTEM_SOURCE, anysystem.__dict__)
    anysystem._host = host
    for name in _student_modules:
        sys.modules.pop(name, None)
    _student_modules.clear()
    _instances.clear()
    _classes.clear()
    files = json.loads(files_json)
    try:
        modules = {}
        for rel in files:
            name = rel[:-3].replace('/', '.')
            mod = types.ModuleType(name)
            mod.__file__ = STUDENT_DIR + rel
            modules[rel] = mod
            sys.modules[name] = mod
            _student_modules.append(name)
        # Entry last: its imports of sibling files find them already executed.
        for rel in sorted(files, key=lambda r: r == entry):
            code = compile(files[rel], STUDENT_DIR + rel, 'exec')
            exec(code, modules[rel].__dict__)
    except BaseException as e:
        return _error_json(e)
    main = modules[entry]
    for n, v in vars(main).items():
        if isinstance(v, type) and issubclass(v, anysystem.Process) and v is not anysystem.Process:
            _classes[n] = v
    return json.dumps({'classes': sorted(_classes)})


def syntax_errors(files_json):
    out = []
    for rel, source in json.loads(files_json).items():
        try:
            compile(source, STUDENT_DIR + rel, 'exec')
        except SyntaxError as e:
            out.append([rel, e.lineno or 0, e.offset or 0, type(e).__name__ + ': ' + str(e.msg)])
    return json.dumps(out)


def create(class_name, args_json):
    try:
        obj = _classes[class_name](*json.loads(args_json))
    except BaseException as e:
        return _error_json(e)
    handle = _next_id[0]
    _next_id[0] += 1
    _instances[handle] = obj
    return '{"handle":' + str(handle) + ',"state":' + dump_state(obj) + '}'


def blank(class_name):
    """An instance without running its constructor, for a copy the framework made of a process."""
    cls = _classes[class_name]
    obj = cls.__new__(cls)
    handle = _next_id[0]
    _next_id[0] += 1
    _instances[handle] = obj
    return handle


def dispatch(handle, kind, payload, arg, proc_id):
    obj = _instances[handle]
    ctx = anysystem.Context(proc_id)
    try:
        if kind == 0:
            obj.on_message(anysystem.Message._from_json(payload), arg, ctx)
        elif kind == 1:
            obj.on_local_message(anysystem.Message._from_json(payload), ctx)
        else:
            obj.on_timer(arg, ctx)
    except BaseException as e:
        _restore_builtins()
        return _error_json(e)
    _restore_builtins()
    return dump_state(obj)


def _restore_builtins():
    # A handler that patched builtins (len, print, ...) must not break this module or the next handler.
    if builtins.__dict__ != _BUILTINS:
        builtins.__dict__.clear()
        builtins.__dict__.update(_BUILTINS)


def forget(handle):
    _instances.pop(handle, None)
`;
