/* datetime.date's arithmetic as time.strptime needs it: proleptic Gregorian
 * ordinals (date.toordinal / fromordinal), weekdays, and _strptime's
 * day-of-year from a %U/%W week or an ISO week (%G %V).  Errors are
 * datetime's ValueError / OverflowError messages. */
#ifndef PYSTD_TIME_DATE_H
#define PYSTD_TIME_DATE_H

#include <stdbool.h>

#include "py/py_err.h"

bool time_date_is_leap(long y);
/* datetime.date(y, m, d).toordinal(), or ValueError (year, month, day out of range). */
int time_date_ordinal(arena *a, long y, long m, long d, long *out, py_err *e);
/* datetime.date.fromordinal(n) -> (y, m, d), or ValueError / OverflowError. */
int time_date_fromordinal(arena *a, long n, long *y, long *m, long *d, py_err *e);
/* datetime.date(y, m, d).weekday(): Monday 0. */
int time_date_weekday(arena *a, long y, long m, long d, long *out, py_err *e);
/* _strptime._calc_julian_from_U_or_W: day of the year of weekday `dow`
 * (Monday 0) in week `week` of `year`, weeks starting on Monday (%W, mon)
 * or Sunday (%U).  May be <= 0 (a day of the year before). */
int time_date_julian_from_week(arena *a, long year, long week, long dow, bool mon, long *out, py_err *e);
/* _strptime._calc_julian_from_V: the year and day of the year of ISO
 * (year, week, weekday 1..7); the year may be the one before. */
int time_date_julian_from_iso_week(arena *a, long iso_year, long iso_week, long iso_weekday, long *year_out,
                                   long *julian, py_err *e);

#endif
