"""The `time` shim: POST /v1/time/<fn>; struct_time answers become real time.struct_time objects.

The clocks the API has (time, time_ns, monotonic, perf_counter), sleep (up to 5 s), gmtime,
localtime, mktime, ctime, strftime and strptime; the rest (asctime, tzname, timezone, tzset,
process_time, clock_gettime, get_clock_info, the *_ns variants, ...) is out of scope.
"""

import time as _time

from .. import client
from ..scope import OutOfScope, missing_getattr
from .wire import checked_module, number, text

struct_time = _time.struct_time
_STRUCT_TM_ITEMS = 11  # the size of the struct_time answers (tm_zone and tm_gmtoff included)
__getattr__ = missing_getattr('time')
_FIELDS = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday',
           'tm_isdst')


def _call(fn, args):
    return client.call('time/' + fn, args)


def to_struct(res):
    """The API's struct_time object -> a real time.struct_time (plain construction)."""
    return struct_time(tuple(res[f] for f in _FIELDS),
                       {'tm_zone': res.get('tm_zone'), 'tm_gmtoff': res.get('tm_gmtoff')})


def wire_t(t, where):
    """A struct_time travels as the API's object (with tm_zone/tm_gmtoff), a 9-tuple as an array."""
    if isinstance(t, struct_time):
        d = {f: getattr(t, f) for f in _FIELDS}
        d.update(tm_zone=t.tm_zone, tm_gmtoff=t.tm_gmtoff)
        for v in d.values():
            if v is not None and type(v) not in (int, str):
                raise OutOfScope('time: a struct_time field of a type the API cannot take', where)
        return d
    if type(t) in (tuple, list):
        if len(t) != 9 or any(type(v) is not int for v in t):
            raise OutOfScope('time: a time tuple that is not 9 ints (Python: TypeError)', where)
        return list(t)
    raise OutOfScope('argument of a type the API cannot take (Python: TypeError)',
                     f'{where}: {type(t).__name__}')


def time():
    return client.wire_float(_call('time', {}))


def time_ns():
    return _call('time_ns', {})


def monotonic():
    return client.wire_float(_call('monotonic', {}))


def perf_counter():
    return client.wire_float(_call('perf_counter', {}))


def sleep(secs):
    _call('sleep', {'secs': number(secs, 'sleep secs')})


def gmtime(secs=None):
    return to_struct(_call('gmtime', {'secs': number(secs, 'gmtime secs', nullable=True)}))


def localtime(secs=None):
    return to_struct(_call('localtime', {'secs': number(secs, 'localtime secs', nullable=True)}))


def ctime(secs=None):
    return _call('ctime', {'secs': number(secs, 'ctime secs', nullable=True)})


def mktime(t):
    return client.wire_float(_call('mktime', {'t': wire_t(t, 'mktime t')}))


def strftime(format, t=None):
    args = {'format': text(format, 'strftime format')}
    if t is not None:
        args['t'] = wire_t(t, 'strftime t')
    return _call('strftime', args)


def strptime(string, format='%a %b %d %H:%M:%S %Y'):
    return to_struct(_call('strptime', {'string': text(string, 'strptime string'),
                                        'format': text(format, 'strptime format')}))


checked_module(globals())
