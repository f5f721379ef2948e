"""The `_strptime` shim: _strptime_time and _strptime map to POST /v1/time/strptime.

_strptime(s, f) answers CPython's triple (the 11 parsed fields, fraction, gmtoff_fraction); the
API's struct_time carries the fields but not the two fractions, which are placeholders that make a
test that looks at them out of scope. LocaleTime, TimeRE and the caches are internals: out of scope.
"""

from ..scope import Missing, missing_getattr
from . import time_
from .wire import checked

__getattr__ = missing_getattr('_strptime')


def _strptime_time(data_string, format='%a %b %d %H:%M:%S %Y'):
    return time_.strptime(data_string, format)


def _strptime(data_string, format='%a %b %d %H:%M:%S %Y'):
    st = time_.strptime(data_string, format)
    fields = (st.tm_year, st.tm_mon, st.tm_mday, st.tm_hour, st.tm_min, st.tm_sec, st.tm_wday,
              st.tm_yday, st.tm_isdst, st.tm_zone, st.tm_gmtoff)
    return fields, Missing('_strptime fraction (microseconds are not in the API)'), Missing(
        '_strptime gmtoff_fraction (not in the API)')


_strptime_time, _strptime = checked(_strptime_time), checked(_strptime)
_strptime_datetime = Missing('_strptime._strptime_datetime')
