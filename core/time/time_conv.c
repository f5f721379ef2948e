/* The time module but strptime (time_conv.h): time zone names at start,
 * the clocks, gmtime/localtime/ctime/mktime/strftime, struct_time in and
 * out with timemodule.c's checks, and time.sleep's argument. */
#include "time/time_conv.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/budget.h"
#include "base/strbuf.h"
#include "py/py_oserror.h"
#include "text/utf8.h"

static locale_t strftime_locale; /* LC_CTYPE C.UTF-8 (as CPython runs), LC_TIME C */
static char tzname_copy[2][64];
static int daylight_copy;

void time_conv_init(void)
{
    /* The contract's default zone is UTC (API.md): without TZ, glibc would
     * use /etc/localtime.  This runs once, before any other thread exists. */
    if (!getenv("TZ"))
        setenv("TZ", "UTC", 1);
    tzset();
    /* CPython on glibc (timemodule.c init_timezone, !HAVE_DECL_TZNAME branch):
     * time.tzname and time.daylight come from localtime() of this year's
     * January and July, not from tzname[]/daylight. */
    const time_t YEAR = (365 * 24 + 6) * 3600;
    time_t t = (time(NULL) / YEAR) * YEAR;
    struct tm p;
    char jan[10] = "", jul[10] = "";
    long janzone = 0, julzone = 0;
    if (localtime_r(&t, &p)) {
        strncpy(jan, p.tm_zone ? p.tm_zone : "   ", 9);
        janzone = -p.tm_gmtoff;
    }
    t += YEAR / 2;
    if (localtime_r(&t, &p)) {
        strncpy(jul, p.tm_zone ? p.tm_zone : "   ", 9);
        julzone = -p.tm_gmtoff;
    }
    jan[9] = jul[9] = '\0';
    bool south = janzone < julzone; /* DST is reversed in the southern hemisphere */
    snprintf(tzname_copy[0], sizeof tzname_copy[0], "%s", south ? jul : jan);
    snprintf(tzname_copy[1], sizeof tzname_copy[1], "%s", south ? jan : jul);
    daylight_copy = janzone != julzone;
    if (!strftime_locale) {
        strftime_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        if (!strftime_locale)
            strftime_locale = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
    }
}

const char *time_tzname(int i)
{
    return tzname_copy[i ? 1 : 0];
}
int time_daylight(void)
{
    return daylight_copy;
}

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* _PyTime_AsSecondsDouble */
static double ns_to_double(int64_t t)
{
    if (t % 1000000000 == 0) {
        int64_t secs = t / 1000000000; /* exact: no rounding through a double */
        return (double)secs;
    }
    return (double)t / 1e9;
}

double time_time(void)
{
    return ns_to_double(clock_ns(CLOCK_REALTIME));
}
pv *time_time_ns(arena *a)
{
    return pv_int(a, clock_ns(CLOCK_REALTIME));
}
double time_monotonic(void)
{
    return ns_to_double(clock_ns(CLOCK_MONOTONIC));
}
double time_perf_counter(void)
{
    return ns_to_double(clock_ns(CLOCK_MONOTONIC));
}

static int time_t_overflow(arena *a, py_err *e)
{
    return py_raise(e, a, "OverflowError", "timestamp out of range for platform time_t");
}

int time_secs(arena *a, const pv *secs, time_t *out, py_err *e)
{
    if (!secs || secs->kind == PV_NONE) {
        *out = time(NULL);
        return 0;
    }
    if (secs->kind == PV_FLOAT) {
        double d = secs->f;
        if (isnan(d))
            return py_raise(e, a, "ValueError", "Invalid value NaN (not a number)");
        d = floor(d);
        /* CPython 3.11: (double)PY_TIME_T_MIN <= d < -(double)PY_TIME_T_MIN,
         * so 2**63 itself overflows */
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
            return time_t_overflow(a, e);
        *out = (time_t)d;
        return 0;
    }
    if (secs->kind == PV_BOOL) {
        *out = secs->b;
        return 0;
    }
    if (secs->kind != PV_INT || !pv_int_small(secs))
        return time_t_overflow(a, e);
    *out = (time_t)secs->i.v;
    return 0;
}

pv *time_struct_time(arena *a, const struct tm *tm)
{
    pv *d = pv_dict(a, 11);
    pv_dict_setc(a, d, "tm_year", pv_int(a, (int64_t)tm->tm_year + 1900));
    pv_dict_setc(a, d, "tm_mon", pv_int(a, (int64_t)tm->tm_mon + 1));
    pv_dict_setc(a, d, "tm_mday", pv_int(a, tm->tm_mday));
    pv_dict_setc(a, d, "tm_hour", pv_int(a, tm->tm_hour));
    pv_dict_setc(a, d, "tm_min", pv_int(a, tm->tm_min));
    pv_dict_setc(a, d, "tm_sec", pv_int(a, tm->tm_sec));
    pv_dict_setc(a, d, "tm_wday", pv_int(a, (tm->tm_wday + 6) % 7));
    pv_dict_setc(a, d, "tm_yday", pv_int(a, (int64_t)tm->tm_yday + 1));
    pv_dict_setc(a, d, "tm_isdst", pv_int(a, tm->tm_isdst));
    pv_dict_setc(a, d, "tm_zone", tm->tm_zone ? pv_cstr(a, tm->tm_zone) : pv_none());
    pv_dict_setc(a, d, "tm_gmtoff", pv_int(a, tm->tm_gmtoff));
    return d;
}

static int errno_oserror(arena *a, py_err *e)
{
    int err = errno ? errno : EINVAL;
    return py_oserror(e, a, err, NULL, 0, NULL, 0);
}

static int do_gmtime(arena *a, time_t t, struct tm *tm, py_err *e)
{
    errno = 0;
    if (!gmtime_r(&t, tm))
        return errno_oserror(a, e);
    return 0;
}

static int do_localtime(arena *a, time_t t, struct tm *tm, py_err *e)
{
    errno = 0;
    if (!localtime_r(&t, tm))
        return errno_oserror(a, e);
    return 0;
}

int time_gmtime(arena *a, time_t t, pv **out, py_err *e)
{
    struct tm tm;
    if (do_gmtime(a, t, &tm, e) < 0)
        return -1;
    *out = time_struct_time(a, &tm);
    return 0;
}

int time_localtime(arena *a, time_t t, pv **out, py_err *e)
{
    struct tm tm;
    if (do_localtime(a, t, &tm, e) < 0)
        return -1;
    *out = time_struct_time(a, &tm);
    return 0;
}

int time_ctime(arena *a, time_t t, pv **out, py_err *e)
{
    static const char wday[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    if (do_localtime(a, t, &tm, e) < 0)
        return -1;
    /* CPython computes 1900 + tm_year in a C int (it wraps for huge years) */
    int year = (int)(1900u + (unsigned)tm.tm_year);
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%s %s%3d %.2d:%.2d:%.2d %d", wday[tm.tm_wday], mon[tm.tm_mon],
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, year);
    *out = pv_str(a, buf, (size_t)n);
    return 0;
}

/* --- struct_time arguments --- */

/* The str k is exactly the ASCII name (a key may hold NULs). */
static bool str_is(const pv *k, const char *name)
{
    return k->s.len == strlen(name) && memcmp(k->s.p, name, k->s.len) == 0;
}

static const char *const TM_NAMES[9] = {"tm_year", "tm_mon",  "tm_mday", "tm_hour", "tm_min",
                                        "tm_sec",  "tm_wday", "tm_yday", "tm_isdst"};

static int not_integer(arena *a, const pv *v, py_err *e)
{
    return py_raise(e, a, "TypeError", "'%s' object cannot be interpreted as an integer", pv_type_name(v));
}

/* PyLong_AsLong (through __index__). */
static int as_long(arena *a, const pv *v, long *out, py_err *e)
{
    if (v->kind == PV_BOOL) {
        *out = v->b;
        return 0;
    }
    if (v->kind != PV_INT)
        return not_integer(a, v, e);
    if (!pv_int_small(v))
        return py_raise(e, a, "OverflowError", "Python int too large to convert to C long");
    *out = (long)v->i.v;
    return 0;
}

/* The 'i' converter of PyArg_ParseTuple. */
static int as_int(arena *a, const pv *v, int *out, py_err *e)
{
    long l = 0;
    if (v->kind == PV_FLOAT)
        return py_raise(e, a, "TypeError", "'float' object cannot be interpreted as an integer");
    if (as_long(a, v, &l, e) < 0)
        return -1;
    if (l > INT_MAX)
        return py_raise(e, a, "OverflowError", "signed integer is greater than maximum");
    if (l < INT_MIN)
        return py_raise(e, a, "OverflowError", "signed integer is less than minimum");
    *out = (int)l;
    return 0;
}

int time_gettmarg(arena *a, const pv *t, const char *argname, const char *fname, struct tm *p, py_err *e)
{
    pv *items[9];
    const pv *zone = NULL, *gmtoff = NULL;
    bool is_struct = false;
    size_t n = 0;
    memset(p, 0, sizeof *p);
    if (t->kind == PV_LIST) {
        n = t->l.len;
        for (size_t i = 0; i < 9 && i < n; i++)
            items[i] = t->l.items[i];
    } else if (t->kind == PV_DICT) {
        /* pyref: unknown field (smallest name first), then the first missing one */
        const pv *unknown = NULL;
        for (size_t i = 0; i < t->d.len; i++) {
            const pv *k = t->d.items[i].key;
            bool known = str_is(k, "tm_zone") || str_is(k, "tm_gmtoff");
            for (int j = 0; j < 9 && !known; j++)
                known = str_is(k, TM_NAMES[j]);
            if (!known) {
                size_t m = unknown && unknown->s.len < k->s.len ? unknown->s.len : k->s.len;
                int c = unknown ? memcmp(k->s.p, unknown->s.p, m) : -1;
                if (!c)
                    c = k->s.len < unknown->s.len ? -1 : 1;
                if (c < 0)
                    unknown = k;
            }
        }
        if (unknown) { /* the name as is, NULs and all */
            strbuf sb = STRBUF_INIT;
            strbuf_printf(&sb, "argument '%s': unknown struct_time field '", argname);
            strbuf_append(&sb, unknown->s.p, unknown->s.len);
            strbuf_putc(&sb, '\'');
            py_raise_msg(e, a, "BadRequest", sb.data, sb.len);
            strbuf_free(&sb);
            e->status = 400;
            return -1;
        }
        for (int j = 0; j < 9; j++) {
            items[j] = pv_dict_getc(t, TM_NAMES[j]);
            if (!items[j])
                return py_bad_request(e, a, "argument '%s': missing struct_time field '%s'", argname,
                                      TM_NAMES[j]);
        }
        n = 9;
        is_struct = true;
        zone = pv_dict_getc(t, "tm_zone");
        gmtoff = pv_dict_getc(t, "tm_gmtoff");
    } else {
        return py_bad_request(e, a, "argument '%s' must be a struct_time object or a 9-item array", argname);
    }
    if (n != 9)
        return py_raise(e, a, "TypeError", "%s(): illegal time tuple argument", fname);
    int y = 0, *dst[9] = {&y,         &p->tm_mon,  &p->tm_mday, &p->tm_hour, &p->tm_min,
                          &p->tm_sec, &p->tm_wday, &p->tm_yday, &p->tm_isdst};
    for (int i = 0; i < 9; i++)
        if (as_int(a, items[i], dst[i], e) < 0)
            return -1;
    if (y < INT_MIN + 1900)
        return py_raise(e, a, "OverflowError", "year out of range");
    p->tm_year = y - 1900;
    p->tm_mon = (int)((unsigned)p->tm_mon - 1u);
    p->tm_wday = (int)((unsigned)p->tm_wday + 1u) % 7;
    p->tm_yday = (int)((unsigned)p->tm_yday - 1u);
    if (is_struct) {
        if (zone && zone->kind != PV_NONE) {
            if (zone->kind != PV_STR)
                return py_raise(e, a, "TypeError", "bad argument type for built-in operation");
            if (py_utf8_encode_check(e, a, zone->s.p, zone->s.len, 0) < 0)
                return -1;
            p->tm_zone = zone->s.p; /* arena-owned, NUL-terminated */
        }
        if (gmtoff && gmtoff->kind != PV_NONE) {
            long off = 0;
            if (as_long(a, gmtoff, &off, e) < 0)
                return -1;
            p->tm_gmtoff = off;
        }
    }
    return 0;
}

int time_checktm(arena *a, struct tm *buf, py_err *e)
{
    if (buf->tm_mon == -1)
        buf->tm_mon = 0;
    else if (buf->tm_mon < 0 || buf->tm_mon > 11)
        return py_raise(e, a, "ValueError", "month out of range");
    if (buf->tm_mday == 0)
        buf->tm_mday = 1;
    else if (buf->tm_mday < 0 || buf->tm_mday > 31)
        return py_raise(e, a, "ValueError", "day of month out of range");
    if (buf->tm_hour < 0 || buf->tm_hour > 23)
        return py_raise(e, a, "ValueError", "hour out of range");
    if (buf->tm_min < 0 || buf->tm_min > 59)
        return py_raise(e, a, "ValueError", "minute out of range");
    if (buf->tm_sec < 0 || buf->tm_sec > 61)
        return py_raise(e, a, "ValueError", "seconds out of range");
    if (buf->tm_wday < 0)
        return py_raise(e, a, "ValueError", "day of week out of range");
    if (buf->tm_yday == -1)
        buf->tm_yday = 0;
    else if (buf->tm_yday < 0 || buf->tm_yday > 365)
        return py_raise(e, a, "ValueError", "day of year out of range");
    return 0;
}

int time_mktime(arena *a, struct tm *tm, double *out, py_err *e)
{
    tm->tm_wday = -1; /* sentinel: mktime() sets it on success */
    time_t tt = mktime(tm);
    if (tt == (time_t)-1 && tm->tm_wday == -1)
        return py_raise(e, a, "OverflowError", "mktime argument out of range");
    *out = (double)tt;
    return 0;
}

/* ---------------------------------------------------------------- strftime's buffer */

enum { FMT_OK = 0, FMT_TOO_LARGE = -1, FMT_BUDGET = -2, FMT_NOMEM = -3 };

/* Where the directive starting at fmt[i] ('%') ends: flags, width, E/O, the
 * conversion character. */
static size_t directive_end(const wchar_t *fmt, size_t n, size_t i)
{
    i++;
    while (i < n && wcschr(L"_-0^#", fmt[i]) && fmt[i])
        i++;
    while (i < n && fmt[i] >= L'0' && fmt[i] <= L'9')
        i++;
    if (i < n && (fmt[i] == L'E' || fmt[i] == L'O'))
        i++;
    return i < n ? i + 1 : n;
}

/* *p holds at least need wide characters (grown by doubling from 1024);
 * false when memory is gone. */
static bool wgrow(wchar_t **p, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 1024;
    while (nc < need)
        nc *= 2;
    wchar_t *g = realloc(*p, nc * sizeof(wchar_t));
    if (!g)
        return false;
    *p = g;
    *cap = nc;
    return true;
}

/* CPython's time.strftime tries wcsftime with 1024, 2048, ... wide chars
 * until the result fits; past max_bytes pystd answers ResourceLimitError,
 * and once a try of >= 256 * len(format) is too small the result is ''.
 * Each try formats the whole format again, so here the format is formatted
 * once, in pieces cut where a directive starts (directives do not depend on
 * each other), each after a sentinel character so that an empty piece is
 * told from a full buffer; the outcome is decided from the total length as
 * CPython's loop would, and the work stops as soon as it is decided. */
static int format_pieces(const wchar_t *fmt, size_t fmtlen, const struct tm *tm, size_t max_bytes,
                         wchar_t **out, size_t *outlen)
{
    size_t tried = 0; /* the largest try CPython's loop would make */
    int terminal = FMT_OK;
    for (size_t size = 1024;; size += size) {
        if (size * sizeof(wchar_t) > max_bytes) {
            terminal = FMT_TOO_LARGE;
            break;
        }
        tried = size;
        if (size >= 256 * fmtlen)
            break; /* terminal: '' (when not done by then) */
    }
    size_t total = 0, cap = 0, piece_len = 0, piece_cap = 0;
    wchar_t *acc = NULL, *piece = NULL, *pout = NULL;
    int rc = FMT_OK;
    for (size_t i = 0; i < fmtlen && total < tried;) {
        if (budget_expired()) {
            rc = FMT_BUDGET;
            break;
        }
        size_t j = i; /* a piece of at least 256 characters, cut before a directive */
        while (j < fmtlen && (j - i < 256 || fmt[j] != L'%'))
            j = fmt[j] == L'%' ? directive_end(fmt, fmtlen, j) : j + 1;
        size_t plen = j - i;
        if (!wgrow(&piece, &piece_len, plen + 2)) {
            rc = FMT_NOMEM;
            break;
        }
        piece[0] = L'X'; /* the sentinel, first (a format may end with a lone '%'): never empty */
        wmemcpy(piece + 1, fmt + i, plen);
        piece[plen + 1] = 0;
        size_t got = 0, room = tried - total + 2;
        for (size_t size = 1024;; size += size) {
            if (size > room)
                size = room;
            if (!wgrow(&pout, &piece_cap, size)) {
                rc = FMT_NOMEM;
                break;
            }
            got = wcsftime(pout, size, piece, tm);
            if (got > 0 || size == room)
                break;
        }
        if (rc < 0)
            break;
        if (got == 0) { /* longer than the room left: the outcome is the terminal one */
            total = tried;
            break;
        }
        got--; /* the sentinel, pout[0] */
        if (!wgrow(&acc, &cap, total + got)) {
            rc = FMT_NOMEM;
            break;
        }
        wmemcpy(acc + total, pout + 1, got);
        total += got;
        i = j;
    }
    free(piece);
    free(pout);
    *out = acc;
    *outlen = 0;
    if (rc < 0)
        return rc;
    if (total > 0 && total < tried) {
        *outlen = total;
        return FMT_OK;
    }
    return terminal; /* '' (FMT_OK with no text) or too large */
}

int time_strftime(arena *a, const pv *format, struct tm *tmp, size_t max_bytes, pv **out, py_err *e)
{
    struct tm buf;
    if (tmp) {
        buf = *tmp;
    } else if (do_localtime(a, time(NULL), &buf, e) < 0) {
        return -1;
    }
    if (buf.tm_isdst < -1)
        buf.tm_isdst = -1;
    else if (buf.tm_isdst > 1)
        buf.tm_isdst = 1;
    /* PyUnicode_AsWideCharString: code points (surrogates kept), no NUL allowed */
    size_t fmtlen = format->s.ncp;
    if ((fmtlen + 1) * sizeof(wchar_t) > max_bytes)
        return py_limit(e, a, "strftime() format longer than %zu bytes", max_bytes);
    wchar_t *fmt = arena_alloc(a, (fmtlen + 1) * sizeof(wchar_t));
    size_t i = 0, k = 0;
    while (i < format->s.len) {
        uint32_t cp = utf8_next(format->s.p, &i);
        if (cp == 0)
            return py_raise(e, a, "ValueError", "embedded null character");
        fmt[k++] = (wchar_t)cp;
    }
    fmt[k] = 0;
    fmtlen = k;
    locale_t old = strftime_locale ? uselocale(strftime_locale) : (locale_t)0;
    wchar_t *outbuf = NULL;
    size_t buflen = 0;
    int rc = format_pieces(fmt, fmtlen, &buf, max_bytes, &outbuf, &buflen);
    if (strftime_locale)
        uselocale(old);
    if (rc == FMT_BUDGET)
        rc = budget_error(e, a);
    else if (rc == FMT_TOO_LARGE)
        rc = py_limit(e, a, "strftime() result larger than %zu bytes", max_bytes);
    else if (rc == FMT_NOMEM)
        rc = py_limit(e, a, "out of memory");
    if (rc < 0) {
        free(outbuf);
        return rc;
    }
    /* to UTF-8, sized first: one allocation, the str's own */
    size_t len = 0;
    for (size_t j = 0; j < buflen; j++) {
        uint32_t cp = (uint32_t)outbuf[j];
        len += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 3 + (cp < 0x110000);
    }
    char *p = arena_alloc(a, len + 1), *q = p;
    for (size_t j = 0; j < buflen; j++) {
        uint32_t cp = (uint32_t)outbuf[j];
        q += utf8_put(cp >= 0x110000 ? 0xFFFD : cp, q);
    }
    *q = '\0';
    free(outbuf);
    *out = pv_str_take_n(a, p, (size_t)(q - p), buflen);
    return 0;
}

int time_sleep_secs(arena *a, const pv *secs, double *out, py_err *e)
{
    int64_t ns;
    if (secs->kind == PV_FLOAT) {
        double d = secs->f;
        if (isnan(d))
            return py_raise(e, a, "ValueError", "Invalid value NaN (not a number)");
        d *= 1e9;
        d = d >= 0 ? ceil(d) : floor(d); /* _PyTime_ROUND_TIMEOUT: away from zero */
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
            return time_t_overflow(a, e);
        ns = (int64_t)d;
    } else {
        if (secs->kind != PV_INT || !pv_int_small(secs) || secs->i.v > INT64_MAX / 1000000000 ||
            secs->i.v < INT64_MIN / 1000000000)
            return py_raise(e, a, "OverflowError", "timestamp too large to convert to C _PyTime_t");
        ns = secs->i.v * 1000000000;
    }
    if (ns < 0)
        return py_raise(e, a, "ValueError", "sleep length must be non-negative");
    *out = (double)ns / 1e9;
    return 0;
}
