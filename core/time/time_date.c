/* datetime.date's arithmetic as time.strptime uses it (Lib/datetime.py):
 * proleptic Gregorian ordinals, weekdays, and _strptime's day-of-year from
 * a %U/%W week or an ISO week, with datetime's ValueErrors. */
#include "time/time_date.h"

#include <stdbool.h>

static const int DAYS_IN_MONTH[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
static const int DAYS_BEFORE_MONTH[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static long pymod(long a, long b)
{
    long r = a % b;
    return r && ((r < 0) != (b < 0)) ? r + b : r;
}

bool time_date_is_leap(long y)
{
    return pymod(y, 4) == 0 && (pymod(y, 100) != 0 || pymod(y, 400) == 0);
}

static int days_in_month(long y, int m)
{
    return m == 2 && time_date_is_leap(y) ? 29 : DAYS_IN_MONTH[m];
}

static long days_before_year(long y)
{
    long y1 = y - 1;
    return y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400;
}

int time_date_ordinal(arena *a, long y, long m, long d, long *out, py_err *e)
{
    if (y < 1 || y > 9999)
        return py_raise(e, a, "ValueError", "year %ld is out of range", y);
    if (m < 1 || m > 12)
        return py_raise(e, a, "ValueError", "month must be in 1..12");
    if (d < 1 || d > days_in_month(y, (int)m))
        return py_raise(e, a, "ValueError", "day is out of range for month");
    *out = days_before_year(y) + DAYS_BEFORE_MONTH[m] + (m > 2 && time_date_is_leap(y)) + d;
    return 0;
}

/* datetime's ord_to_ymd. */
static void ord_to_ymd(long ordinal, long *year, long *month, long *day)
{
    const long DI400Y = 146097, DI100Y = 36524, DI4Y = 1461;
    long n = ordinal - 1;
    long n400 = n / DI400Y;
    n %= DI400Y;
    *year = n400 * 400 + 1;
    long n100 = n / DI100Y;
    n %= DI100Y;
    long n4 = n / DI4Y;
    n %= DI4Y;
    long n1 = n / 365;
    n %= 365;
    *year += n100 * 100 + n4 * 4 + n1;
    if (n1 == 4 || n100 == 4) {
        *year -= 1;
        *month = 12;
        *day = 31;
        return;
    }
    bool leap = n1 == 3 && (n4 != 24 || n100 == 3);
    long m = (n + 50) >> 5;
    long preceding = DAYS_BEFORE_MONTH[m] + (m > 2 && leap);
    if (preceding > n) {
        m -= 1;
        preceding -= DAYS_IN_MONTH[m] + (m == 2 && leap);
    }
    *month = m;
    *day = n - preceding + 1;
}

int time_date_fromordinal(arena *a, long n, long *y, long *m, long *d, py_err *e)
{
    if (n < 1)
        return py_raise(e, a, "ValueError", "ordinal must be >= 1");
    if (n > 2147483647L) /* the "i" argument converter */
        return py_raise(e, a, "OverflowError", "signed integer is greater than maximum");
    ord_to_ymd(n, y, m, d);
    if (*y < 1 || *y > 9999)
        return py_raise(e, a, "ValueError", "year %ld is out of range", *y);
    return 0;
}

int time_date_weekday(arena *a, long y, long m, long d, long *out, py_err *e)
{
    long o = 0;
    if (time_date_ordinal(a, y, m, d, &o, e) < 0)
        return -1;
    *out = (o + 6) % 7;
    return 0;
}

int time_date_julian_from_week(arena *a, long year, long week, long dow, bool mon, long *out, py_err *e)
{
    long first = 0;
    if (time_date_weekday(a, year, 1, 1, &first, e) < 0)
        return -1;
    if (!mon) {
        first = (first + 1) % 7;
        dow = (dow + 1) % 7;
    }
    long week0 = pymod(7 - first, 7);
    if (week == 0)
        *out = 1 + dow - first;
    else
        *out = 1 + week0 + 7 * (week - 1) + dow;
    return 0;
}

int time_date_julian_from_iso_week(arena *a, long iso_year, long iso_week, long iso_weekday, long *year_out,
                                   long *julian, py_err *e)
{
    long wd = 0;
    if (time_date_weekday(a, iso_year, 1, 4, &wd, e) < 0)
        return -1;
    long correction = wd + 1 + 3;
    long ordinal = iso_week * 7 + iso_weekday - correction;
    if (ordinal < 1) {
        long o1 = 0;
        if (time_date_ordinal(a, iso_year, 1, 1, &o1, e) < 0)
            return -1;
        ordinal += o1;
        iso_year -= 1;
        if (time_date_ordinal(a, iso_year, 1, 1, &o1, e) < 0)
            return -1;
        ordinal -= o1;
    }
    *year_out = iso_year;
    *julian = ordinal;
    return 0;
}
