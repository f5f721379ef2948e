/* CPython 3.11's time module (timemodule.c on glibc) minus strptime
 * (time_strptime.h): clocks, gmtime/localtime/ctime/mktime/strftime in the
 * process's TZ, struct_time in and out, and time.sleep's argument rules.
 *
 * Thread safety: time_conv_init() runs tzset() once at start; afterwards only the
 * reentrant localtime_r/gmtime_r/mktime/wcsftime are used, and nothing ever
 * changes the environment. */
#ifndef PYSTD_TIME_CONV_H
#define PYSTD_TIME_CONV_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "py/py_err.h"
#include "py/py_value.h"

/* TZ=UTC when the environment has no TZ, tzset(), and the locale object
 * strftime uses; once, at start, before any other thread exists. */
void time_conv_init(void);
/* time.tzname and time.daylight as CPython computes them at import. */
const char *time_tzname(int i);
int time_daylight(void);

double time_time(void);
pv *time_time_ns(arena *a);
double time_monotonic(void);
double time_perf_counter(void);

/* secs (int, float, or NULL/None for now) -> time_t, as gmtime() reads it
 * (_PyTime_ObjectToTime_t, rounding to floor). */
int time_secs(arena *a, const pv *secs, time_t *out, py_err *e);
/* time.gmtime / time.localtime -> struct_time object. */
int time_gmtime(arena *a, time_t t, pv **out, py_err *e);
int time_localtime(arena *a, time_t t, pv **out, py_err *e);
int time_ctime(arena *a, time_t t, pv **out, py_err *e);

/* A struct_time argument (an object with the tm_* keys or an array) ->
 * struct tm, as pyref's _tuple then CPython's gettmarg read it.  `fname` is
 * "mktime" or "strftime" (their "illegal time tuple argument" message);
 * `argname` names the argument in 400 answers.  *zone_out keeps tm_zone alive. */
int time_gettmarg(arena *a, const pv *t, const char *argname, const char *fname, struct tm *out, py_err *e);
/* checktm(): the range checks strftime() makes (and its zero fix-ups). */
int time_checktm(arena *a, struct tm *tm, py_err *e);
int time_mktime(arena *a, struct tm *tm, double *out, py_err *e);
/* time.strftime(format, tm): tm NULL = localtime(now).  max_bytes caps the
 * output buffer (ResourceLimitError beyond). */
int time_strftime(arena *a, const pv *format, struct tm *tm, size_t max_bytes, pv **out, py_err *e);

/* struct tm -> the struct_time JSON object (tm_zone, tm_gmtoff included). */
pv *time_struct_time(arena *a, const struct tm *tm);

/* time.sleep's argument check (_PyTime_FromSecondsObject, ROUND_TIMEOUT):
 * the number of seconds to wait, or -1 with Python's error. */
int time_sleep_secs(arena *a, const pv *secs, double *out, py_err *e);

#endif
