/**
 * Python source of the student-facing module (`anysystem`, also importable as `dslabmp` and
 * `dsgrade`), run once per sandbox child after Pyodide loads. It mirrors AnySystem's Python API;
 * context calls forward to the host Context through `_host(op, a, b)`, which returns either a
 * value or, for a misuse the host rejected, a string starting with the ERROR marker.
 * Kept as a TypeScript string so that it ships inside grader/dist with the rest of the code.
 */
export const ANYSYSTEM_SOURCE = String.raw`
import json as _json

_host = None
_ERROR = '\x00dsgrade-error:'


def _call(op, a=None, b=None):
    if _host is None:
        raise RuntimeError('anysystem: the framework is not running this process')
    r = _host(op, a, b)
    if isinstance(r, str) and r.startswith(_ERROR):
        raise RuntimeError(r[len(_ERROR):])
    return r


def _check_json(fn, data):
    try:
        return _json.dumps(data, allow_nan=False, separators=(',', ':'))
    except (TypeError, ValueError) as e:
        raise TypeError(fn + ': data must be JSON-serializable (dict, list, str, int, float, bool, None): ' + str(e)) from None


class Message:
    """A message: a type (str) and a dict of JSON-compatible data."""

    __slots__ = ('_type', '_data')

    def __init__(self, message_type, data=None):
        if not isinstance(message_type, str):
            raise TypeError('Message: type must be a str, got ' + type(message_type).__name__)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise TypeError('Message: data must be a dict, got ' + type(data).__name__)
        self._type = message_type
        self._data = data

    @property
    def type(self):
        return self._type

    @property
    def data(self):
        return self._data

    def __getitem__(self, key):
        return self._data[key]

    def __setitem__(self, key, value):
        self._data[key] = value

    def __contains__(self, key):
        return key in self._data

    def get(self, key, default=None):
        return self._data.get(key, default)

    def remove(self, key):
        self._data.pop(key, None)

    def __eq__(self, other):
        return isinstance(other, Message) and self._type == other._type and self._data == other._data

    def __repr__(self):
        return 'Message(' + repr(self._type) + ', ' + repr(self._data) + ')'

    def _to_json(self, fn):
        return '{"type":' + _json.dumps(self._type) + ',"data":' + _check_json(fn, self._data) + '}'

    @staticmethod
    def _from_json(text):
        m = _json.loads(text)
        data = m.get('data')
        return Message(m['type'], data if isinstance(data, dict) else {'value': data})


def _need_message(fn, msg):
    if not isinstance(msg, Message):
        raise TypeError(fn + ': msg must be a Message, got ' + type(msg).__name__)


def _need_name(fn, what, v):
    if not isinstance(v, str):
        raise TypeError(fn + ': ' + what + ' must be a str, got ' + type(v).__name__)


def _need_delay(fn, delay):
    if isinstance(delay, bool) or not isinstance(delay, (int, float)):
        raise TypeError(fn + ': delay must be a number of seconds, got ' + type(delay).__name__)
    if not delay >= 0:
        raise ValueError(fn + ': delay must be >= 0, got ' + repr(delay))


class Storage:
    """Durable storage of a process: survives a crash of its node, which loses every field.
    Values are JSON data (dict, list, str, int, float, bool, None), copied in and out."""

    __slots__ = ()

    def get(self, key, default=None):
        _need_name('storage.get', 'key', key)
        r = _call(8, key)
        return default if r is None else _json.loads(r)

    def put(self, key, value):
        _need_name('storage.put', 'key', key)
        _call(9, key, _check_json('storage.put', value))

    def delete(self, key):
        _need_name('storage.delete', 'key', key)
        _call(10, key)

    def sync(self):
        _call(11)


_STORAGE = Storage()


class Context:
    """What a handler may do; valid only while that handler runs."""

    __slots__ = ('_self',)

    def __init__(self, proc_id):
        self._self = proc_id

    @property
    def storage(self):
        return _STORAGE

    @property
    def addr(self):
        return self._self

    @property
    def self(self):
        return self._self

    def send(self, msg, to):
        _need_message('send', msg)
        _need_name('send', 'to', to)
        _call(1, msg._to_json('send'), to)

    def send_local(self, msg):
        _need_message('send_local', msg)
        _call(2, msg._to_json('send_local'))

    def set_timer(self, timer_name, delay):
        _need_name('set_timer', 'timer_name', timer_name)
        _need_delay('set_timer', delay)
        _call(3, timer_name, float(delay))

    def set_timer_once(self, timer_name, delay):
        _need_name('set_timer_once', 'timer_name', timer_name)
        _need_delay('set_timer_once', delay)
        _call(4, timer_name, float(delay))

    def cancel_timer(self, timer_name):
        _need_name('cancel_timer', 'timer_name', timer_name)
        _call(5, timer_name)

    def time(self):
        return _call(0)

    def random(self):
        return _call(6)

    def buggify(self, probability=None):
        if probability is not None and (isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 <= probability <= 1):
            raise ValueError('buggify: probability must be a number in [0, 1], got ' + repr(probability))
        return _call(7, None if probability is None else float(probability))


class Process:
    """Base class of a student process; override the handlers you need."""

    def on_local_message(self, msg, ctx):
        pass

    def on_message(self, msg, sender, ctx):
        pass

    def on_timer(self, timer_name, ctx):
        pass
`;
