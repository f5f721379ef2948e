/* time.strptime(string, format) as CPython 3.11's _strptime._strptime runs
 * it, phase by phase: the format becomes a TimeRE regex (compile_format,
 * with time_strptime_pattern.c), the string must match it whole
 * (match_string), each named group sets a field (extract_fields), the ISO
 * directives are checked (check_iso), the missing date parts are computed
 * (resolve_date, datetime.date arithmetic in time_date.c), and the fields
 * become a struct_time. */
#include "time/time_strptime.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "py/py_repr.h"
#include "text/unicode.h"
#include "text/utf8.h"
#include "time/time_conv.h"
#include "time/time_date.h"
#include "time/time_strptime_int.h"
#include "time/time_strptime_re.h"

/* ---------------------------------------------------------------- matched text */

typedef struct grp {
    const uint32_t *p;
    size_t n;
} grp;

static char *u32_to_utf8(arena *a, const uint32_t *p, size_t n, size_t *len)
{
    char *s = arena_alloc(a, n * 4 + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)utf8_put(p[i], s + k);
    s[k] = '\0';
    *len = k;
    return s;
}

/* int(text), base 10: surrounding whitespace, a sign, Unicode decimal digits
 * with single '_' between them; else ValueError as int() words it. */
static int py_int(arena *a, grp g, long *out, py_err *e)
{
    size_t i = 0, n = g.n;
    while (i < n && unicode_isspace(g.p[i]))
        i++;
    while (n > i && unicode_isspace(g.p[n - 1]))
        n--;
    bool neg = false;
    if (i < n && (g.p[i] == '+' || g.p[i] == '-'))
        neg = g.p[i++] == '-';
    long v = 0;
    bool ok = i < n, prev_digit = false;
    for (; i < n && ok; i++) {
        int d = unicode_decimal(g.p[i]);
        if (d >= 0) {
            if (v < 100000000000L)
                v = v * 10 + d;
            prev_digit = true;
        } else if (g.p[i] == '_' && prev_digit && i + 1 < n && unicode_decimal(g.p[i + 1]) >= 0) {
            prev_digit = false;
        } else {
            ok = false;
        }
    }
    if (!ok) {
        size_t len;
        char *t = u32_to_utf8(a, g.p, g.n, &len);
        return py_raise(e, a, "ValueError", "invalid literal for int() with base 10: %s",
                        py_repr_cstr(a, t, len));
    }
    *out = neg ? -v : v;
    return 0;
}

/* text.lower() as stored-str UTF-8 (NUL-terminated, arena). */
static char *lower_utf8(arena *a, grp g, size_t *len)
{
    char *s = arena_alloc(a, g.n * 12 + 1);
    size_t k = 0;
    for (size_t i = 0; i < g.n; i++) {
        uint32_t out[3];
        int m = unicode_lower(g.p[i], out);
        for (int j = 0; j < m; j++)
            k += (size_t)utf8_put(out[j], s + k);
    }
    s[k] = '\0';
    *len = k;
    return s;
}

/* list.index(text.lower()) over names[from..to): ValueError "%r is not in list". */
static int index_of(arena *a, grp g, const char *const *names, int from, int to, long *out, py_err *e)
{
    size_t len;
    char *low = lower_utf8(a, g, &len);
    for (int i = from; i < to; i++)
        if (strlen(names[i]) == len && !memcmp(names[i], low, len)) {
            *out = i;
            return 0;
        }
    return py_raise(e, a, "ValueError", "%s is not in list", py_repr_cstr(a, low, len));
}

/* ValueError(head + part + mid + "'format'"): part and format may hold NULs,
 * which CPython's messages keep ('%s' % text, not repr). */
static int raise_with_format(arena *a, const char *head, const char *part, size_t part_len, const char *mid,
                             const pv *format, py_err *e)
{
    strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, head);
    strbuf_append(&sb, part, part_len);
    strbuf_puts(&sb, mid);
    strbuf_putc(&sb, '\'');
    strbuf_append(&sb, format->s.p, format->s.len);
    strbuf_putc(&sb, '\'');
    py_raise_msg(e, a, "ValueError", sb.data, sb.len);
    strbuf_free(&sb);
    return -1;
}

/* ---------------------------------------------------------------- compile and match */

/* The format's TimeRE regex, compiled; the pattern's code points go to re
 * (the caller frees re->p). */
static int compile_format(arena *a, const pv *format, time_u32 *re, time_rx_prog **prog, py_err *e)
{
    time_u32 f = {0};
    time_u32_from_utf8(&f, format->s.p, format->s.len);
    uint32_t bad = 0;
    time_pattern_rc prc = time_strptime_pattern(f.p, f.n, re, &bad);
    free(f.p);
    if (re->n > TIME_STRPTIME_MAX_PATTERN)
        return py_limit(e, a, "time.strptime: the format expands to more than %zu characters",
                        TIME_STRPTIME_MAX_PATTERN);
    if (prc == TIME_PATTERN_BAD_DIRECTIVE) {
        char b[8];
        if (bad == '\\')
            bad = '%';
        return raise_with_format(a, "'", b, (size_t)utf8_put(bad, b), "' is a bad directive in format ",
                                 format, e);
    }
    if (prc == TIME_PATTERN_STRAY)
        return raise_with_format(a, "stray % in format ", "", 0, "", format, e);
    if (!re->p) {
        time_u32_put(re, 0);
        re->n = 0;
    }
    return time_rx_compile(a, re->p, re->n, prog, e);
}

/* re.match the whole string: the groups' spans in caps (arena), or
 * ValueError (no match, or "unconverted data remains"). */
static int match_string(arena *a, const time_rx_prog *prog, const time_u32 *s, const pv *string,
                        const pv *format, long **caps, py_err *e)
{
    *caps = arena_alloc(a, (time_rx_ngroups(prog) + 1) * 2 * sizeof(long));
    int m = time_rx_match(a, prog, s->p, s->n, TIME_STRPTIME_MAX_STEPS, *caps, e);
    if (m < 0)
        return -1;
    if (m == 0)
        return py_raise(e, a, "ValueError", "time data %s does not match format %s",
                        py_repr_cstr(a, string->s.p, string->s.len),
                        py_repr_cstr(a, format->s.p, format->s.len));
    if ((size_t)(*caps)[1] != s->n) { /* the rest as is, NULs and all */
        size_t off = utf8_offset(string->s.p, string->s.len, (size_t)(*caps)[1]);
        strbuf sb = STRBUF_INIT;
        strbuf_puts(&sb, "unconverted data remains: ");
        strbuf_append(&sb, string->s.p + off, string->s.len - off);
        py_raise_msg(e, a, "ValueError", sb.data, sb.len);
        strbuf_free(&sb);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- fields */

/* What the directives found: _strptime's locals before the date arithmetic. */
typedef struct fields {
    long year, iso_year, month, day, hour, minute, second;
    long tz, gmtoff, iso_week, week_of_year, weekday, julian;
    bool have_year, have_iso_year, have_gmtoff, have_iso_week, have_woy, have_weekday, have_julian;
    bool woy_mon; /* %W (weeks start on Monday), not %U */
    bool have_z;  /* %Z matched: zone is its text */
    grp zone;
    bool have_p; /* %p matched: its text, for %I */
    grp ampm;
} fields;

/* %I with the %p found anywhere in the format */
static int field_hour12(arena *a, fields *f, grp g, py_err *e)
{
    if (py_int(a, g, &f->hour, e) < 0)
        return -1;
    size_t len = 0;
    const char *ampm = f->have_p ? lower_utf8(a, f->ampm, &len) : "";
    if (len == 0 || !strcmp(ampm, time_lc_am_pm[0])) {
        if (f->hour == 12)
            f->hour = 0;
    } else if (!strcmp(ampm, time_lc_am_pm[1])) {
        if (f->hour != 12)
            f->hour += 12;
    }
    return 0;
}

/* %z: Z, or [+-]HH[:]MM[[:]SS[.ffffff]] with a consistent use of ':' */
static int field_gmtoff(arena *a, fields *f, grp g, py_err *e)
{
    uint32_t z[32];
    size_t zn = g.n < 32 ? g.n : 32;
    memcpy(z, g.p, zn * sizeof *z);
    if (zn == 1 && z[0] == 'Z') {
        f->gmtoff = 0;
        f->have_gmtoff = true;
        return 0;
    }
    if (zn < 5) /* cannot happen: the regex has at least 5 */
        return 0;
    if (z[3] == ':') {
        memmove(z + 3, z + 4, (zn - 4) * sizeof *z);
        zn--;
        if (zn > 5) {
            if (z[5] != ':') {
                size_t len;
                char *orig = u32_to_utf8(a, g.p, g.n, &len);
                return py_raise(e, a, "ValueError", "Inconsistent use of : in %s", orig);
            }
            memmove(z + 5, z + 6, (zn - 6) * sizeof *z);
            zn--;
        }
    }
    long hours = 0, minutes = 0, secs = 0;
    if (py_int(a, (grp){z + 1, 2}, &hours, e) < 0 || py_int(a, (grp){z + 3, 2}, &minutes, e) < 0)
        return -1;
    if (zn > 5 && py_int(a, (grp){z + 5, zn - 5 < 2 ? zn - 5 : 2}, &secs, e) < 0)
        return -1;
    f->gmtoff = hours * 3600 + minutes * 60 + secs;
    if (z[0] == '-')
        f->gmtoff = -f->gmtoff;
    f->have_gmtoff = true;
    return 0;
}

/* %Z: tm_isdst from the zone name (unknown, or ambiguous: -1) */
static void field_zone(arena *a, fields *f, grp g)
{
    size_t len;
    char *found = lower_utf8(a, g, &len);
    for (int set = 0; set < 2; set++) {
        if (!time_lc_tz_in(set, found))
            continue;
        if (!strcmp(time_tzname(0), time_tzname(1)) && time_daylight() && strcmp(found, "utc") != 0 &&
            strcmp(found, "gmt") != 0)
            break;
        f->tz = set;
        break;
    }
    f->have_z = true;
    f->zone = g;
}

/* One directive's group (the directive is the group's one-letter name). */
static int field_set(arena *a, fields *f, char directive, grp g, py_err *e)
{
    switch (directive) {
    case 'y':
    case 'Y':
        f->have_year = true;
        if (py_int(a, g, &f->year, e) < 0)
            return -1;
        if (directive == 'y') /* 69..99 are 19xx, 00..68 20xx */
            f->year += f->year <= 68 ? 2000 : 1900;
        return 0;
    case 'G':
        f->have_iso_year = true;
        return py_int(a, g, &f->iso_year, e);
    case 'm':
        return py_int(a, g, &f->month, e);
    case 'B':
        return index_of(a, g, time_lc_f_month, 0, 13, &f->month, e);
    case 'b':
        return index_of(a, g, time_lc_a_month, 0, 13, &f->month, e);
    case 'd':
        return py_int(a, g, &f->day, e);
    case 'H':
        return py_int(a, g, &f->hour, e);
    case 'I':
        return field_hour12(a, f, g, e);
    case 'M':
        return py_int(a, g, &f->minute, e);
    case 'S':
        return py_int(a, g, &f->second, e);
    case 'A':
        f->have_weekday = true;
        return index_of(a, g, time_lc_f_weekday, 0, 7, &f->weekday, e);
    case 'a':
        f->have_weekday = true;
        return index_of(a, g, time_lc_a_weekday, 0, 7, &f->weekday, e);
    case 'w': /* Sunday 0 */
    case 'u': /* Monday 1 */
        if (py_int(a, g, &f->weekday, e) < 0)
            return -1;
        f->weekday = directive == 'w' && f->weekday == 0 ? 6 : f->weekday - 1; /* Monday 0 */
        f->have_weekday = true;
        return 0;
    case 'j':
        f->have_julian = true;
        return py_int(a, g, &f->julian, e);
    case 'U':
    case 'W':
        f->woy_mon = directive == 'W';
        f->have_woy = true;
        return py_int(a, g, &f->week_of_year, e);
    case 'V':
        f->have_iso_week = true;
        return py_int(a, g, &f->iso_week, e);
    case 'z':
        return field_gmtoff(a, f, g, e);
    case 'Z':
        field_zone(a, f, g);
        return 0;
    default: /* %f: the fraction is not part of a struct_time */
        return 0;
    }
}

/* _strptime's loop over found_dict, in the groups' order. */
static int extract_fields(arena *a, const time_rx_prog *prog, const long *caps, const time_u32 *s, fields *f,
                          py_err *e)
{
    *f = (fields){.month = 1, .day = 1, .tz = -1};
    size_t nn = time_rx_nnamed(prog);
    for (size_t i = 0; i < nn; i++) { /* %I needs %p wherever it is */
        int gi;
        const char *name = time_rx_named(prog, i, &gi);
        if (!strcmp(name, "p") && caps[2 * gi] >= 0) {
            f->ampm = (grp){s->p + caps[2 * gi], (size_t)(caps[2 * gi + 1] - caps[2 * gi])};
            f->have_p = true;
        }
    }
    for (size_t i = 0; i < nn; i++) {
        int gi;
        const char *name = time_rx_named(prog, i, &gi);
        if (caps[2 * gi] < 0 || name[0] == '\0' || name[1] != '\0')
            continue;
        grp g = {s->p + caps[2 * gi], (size_t)(caps[2 * gi + 1] - caps[2 * gi])};
        if (field_set(a, f, name[0], g, e) < 0)
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- date arithmetic */

/* %G needs %V and a weekday and excludes %j; %V needs %G and a weekday. */
static int check_iso(arena *a, const fields *f, py_err *e)
{
    if (!f->have_year && f->have_iso_year) {
        if (!f->have_iso_week || !f->have_weekday)
            return py_raise(e, a, "ValueError",
                            "ISO year directive '%%G' must be used with the ISO week directive '%%V' "
                            "and a weekday directive ('%%A', '%%a', '%%w', or '%%u').");
        if (f->have_julian)
            return py_raise(e, a, "ValueError",
                            "Day of the year directive '%%j' is not compatible with ISO year directive "
                            "'%%G'. Use '%%Y' instead.");
    } else if (!f->have_woy && f->have_iso_week) {
        if (!f->have_weekday)
            return py_raise(e, a, "ValueError",
                            "ISO week directive '%%V' must be used with the ISO year directive '%%G' "
                            "and a weekday directive ('%%A', '%%a', '%%w', or '%%u').");
        return py_raise(e, a, "ValueError",
                        "ISO week directive '%%V' is incompatible with the year directive '%%Y'. "
                        "Use the ISO year '%%G' instead.");
    }
    return 0;
}

/* The year's default (1900, or 1904 for Feb 29 then back), the day of the
 * year from a week, the date from the day of the year, the weekday. */
static int resolve_date(arena *a, fields *f, py_err *e)
{
    bool leap_year_fix = false;
    if (!f->have_year && f->month == 2 && f->day == 29) {
        f->year = 1904;
        leap_year_fix = true;
    } else if (!f->have_year) {
        f->year = 1900;
    }
    if (!f->have_julian && f->have_weekday) {
        bool computed = false;
        if (f->have_woy) {
            if (time_date_julian_from_week(a, f->year, f->week_of_year, f->weekday, f->woy_mon, &f->julian,
                                           e) < 0)
                return -1;
            computed = true;
        } else if (f->have_iso_year && f->have_iso_week) {
            if (time_date_julian_from_iso_week(a, f->iso_year, f->iso_week, f->weekday + 1, &f->year,
                                               &f->julian, e) < 0)
                return -1;
            computed = true;
        }
        if (computed && f->julian <= 0) {
            f->year -= 1;
            f->julian += time_date_is_leap(f->year) ? 366 : 365;
        }
        f->have_julian = computed;
    }
    long o1 = 0;
    if (!f->have_julian) {
        long o = 0;
        if (time_date_ordinal(a, f->year, f->month, f->day, &o, e) < 0 ||
            time_date_ordinal(a, f->year, 1, 1, &o1, e) < 0)
            return -1;
        f->julian = o - o1 + 1;
    } else if (time_date_ordinal(a, f->year, 1, 1, &o1, e) < 0 ||
               time_date_fromordinal(a, f->julian - 1 + o1, &f->year, &f->month, &f->day, e) < 0) {
        return -1;
    }
    if (!f->have_weekday && time_date_weekday(a, f->year, f->month, f->day, &f->weekday, e) < 0)
        return -1;
    if (leap_year_fix)
        f->year = 1900;
    return 0;
}

static pv *struct_time(arena *a, const fields *f)
{
    pv *d = pv_dict(a, 11);
    pv_dict_setc(a, d, "tm_year", pv_int(a, f->year));
    pv_dict_setc(a, d, "tm_mon", pv_int(a, f->month));
    pv_dict_setc(a, d, "tm_mday", pv_int(a, f->day));
    pv_dict_setc(a, d, "tm_hour", pv_int(a, f->hour));
    pv_dict_setc(a, d, "tm_min", pv_int(a, f->minute));
    pv_dict_setc(a, d, "tm_sec", pv_int(a, f->second));
    pv_dict_setc(a, d, "tm_wday", pv_int(a, f->weekday));
    pv_dict_setc(a, d, "tm_yday", pv_int(a, f->julian));
    pv_dict_setc(a, d, "tm_isdst", pv_int(a, f->tz));
    if (f->have_z) {
        size_t len;
        char *zs = u32_to_utf8(a, f->zone.p, f->zone.n, &len);
        pv_dict_setc(a, d, "tm_zone", pv_str(a, zs, len));
    } else {
        pv_dict_setc(a, d, "tm_zone", pv_none());
    }
    pv_dict_setc(a, d, "tm_gmtoff", f->have_gmtoff ? pv_int(a, f->gmtoff) : pv_none());
    return d;
}

/* ---------------------------------------------------------------- the call */

int time_strptime(arena *a, const pv *string, const pv *format, pv **out, py_err *e)
{
    time_u32 re = {0}, s = {0};
    time_rx_prog *prog = NULL;
    long *caps = NULL;
    fields f;
    int rc = -1;
    if (compile_format(a, format, &re, &prog, e) == 0) {
        time_u32_from_utf8(&s, string->s.p, string->s.len);
        if (match_string(a, prog, &s, string, format, &caps, e) == 0 &&
            extract_fields(a, prog, caps, &s, &f, e) == 0 && check_iso(a, &f, e) == 0 &&
            resolve_date(a, &f, e) == 0) {
            *out = struct_time(a, &f);
            rc = 0;
        }
    }
    free(re.p);
    free(s.p);
    return rc;
}
