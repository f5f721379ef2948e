/* time.strptime's format side: _strptime's LocaleTime for the C locale
 * (day and month names, am/pm, the time zone names, %c %x %X probed with
 * strftime as __calc_date_time does) and TimeRE (the directive table, and
 * the regex a format expands to).  Built once by time_strptime_init(),
 * read-only afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/unicode.h"
#include "text/utf8.h"
#include "time/time_conv.h"
#include "time/time_strptime.h"
#include "time/time_strptime_int.h"

/* ---------------------------------------------------------------- code-point buffers */

void time_u32_put(time_u32 *b, uint32_t c)
{
    if (b->n == b->cap || !b->p) {
        size_t nc = b->cap ? b->cap * 2 : 64;
        uint32_t *np = realloc(b->p, nc * sizeof *np);
        if (!np)
            abort();
        b->p = np;
        b->cap = nc;
    }
    b->p[b->n++] = c;
}

void time_u32_puts(time_u32 *b, const char *ascii)
{
    while (*ascii)
        time_u32_put(b, (unsigned char)*ascii++);
}

static void u_append(time_u32 *b, const uint32_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        time_u32_put(b, p[i]);
}

void time_u32_from_utf8(time_u32 *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n)
        time_u32_put(b, utf8_next(s, &i));
    if (!b->p) { /* never NULL, even when empty */
        time_u32_put(b, 0);
        b->n = 0;
    }
}

/* ---------------------------------------------------------------- LocaleTime (C locale) */

const char *const time_lc_a_weekday[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const char *const time_lc_f_weekday[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};
const char *const time_lc_a_month[13] = {"",    "jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
const char *const time_lc_f_month[13] = {"",        "january",  "february", "march",  "april",
                                         "may",     "june",     "july",     "august", "september",
                                         "october", "november", "december"};
const char *const time_lc_am_pm[2] = {"am", "pm"};

/* time.timezone sets: [0] no saving {utc, gmt, tzname[0]}, [1] {tzname[1]} if daylight */
static char tz_sets[2][3][64];
static int tz_nset[2];

/* The directive table: key -> regex (code points); NULL entries are KeyError. */
static time_u32 directive_re[128];
static bool directive_ok[128];

static void ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s + 32);
}

static void add_tz(int set, const char *name)
{
    char low[64];
    snprintf(low, sizeof low, "%s", name);
    ascii_lower(low);
    for (int i = 0; i < tz_nset[set]; i++)
        if (!strcmp(tz_sets[set][i], low))
            return;
    snprintf(tz_sets[set][tz_nset[set]++], 64, "%s", low);
}

/* re.escape (3.11): these characters get a backslash. */
static bool re_special(uint32_t c)
{
    return c < 128 && strchr("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", (int)c) && c != 0;
}

/* _TimeRE.__seqToRE: longest first (stable), escaped, as a named group. */
static void seq_to_re(time_u32 *out, const char *const *names, size_t n, char directive)
{
    const char *sorted[16];
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        sorted[m++] = names[i];
    for (size_t i = 1; i < m; i++) { /* insertion sort: stable */
        const char *x = sorted[i];
        size_t j = i;
        while (j > 0 && utf8_count(sorted[j - 1], strlen(sorted[j - 1])) < utf8_count(x, strlen(x))) {
            sorted[j] = sorted[j - 1];
            j--;
        }
        sorted[j] = x;
    }
    bool any = false;
    for (size_t i = 0; i < m; i++)
        any |= sorted[i][0] != '\0';
    if (!any)
        return;
    time_u32_puts(out, "(?P<");
    time_u32_put(out, (uint32_t)directive);
    time_u32_put(out, '>');
    for (size_t i = 0; i < m; i++) {
        if (i)
            time_u32_put(out, '|');
        time_u32 v = {0};
        time_u32_from_utf8(&v, sorted[i], strlen(sorted[i]));
        for (size_t k = 0; k < v.n; k++) {
            if (re_special(v.p[k]))
                time_u32_put(out, '\\');
            time_u32_put(out, v.p[k]);
        }
        free(v.p);
    }
    time_u32_put(out, ')');
}

time_pattern_rc time_strptime_pattern(const uint32_t *f, size_t n, time_u32 *out, uint32_t *bad)
{
    time_u32 esc = {0};
    for (size_t i = 0; i < n; i++) {
        uint32_t c = f[i];
        if (c < 128 && c && strchr("\\.^$*+?(){}[]|", (int)c))
            time_u32_put(&esc, '\\');
        time_u32_put(&esc, c);
    }
    time_u32 ws = {0};
    for (size_t i = 0; i < esc.n;) {
        if (unicode_isspace(esc.p[i])) {
            while (i < esc.n && unicode_isspace(esc.p[i]))
                i++;
            time_u32_puts(&ws, "\\s+");
        } else {
            time_u32_put(&ws, esc.p[i++]);
        }
    }
    free(esc.p);
    time_pattern_rc rc = TIME_PATTERN_OK;
    size_t i = 0;
    while (i < ws.n) {
        if (ws.p[i] != '%') {
            time_u32_put(out, ws.p[i++]);
            continue;
        }
        if (i + 1 >= ws.n) {
            rc = TIME_PATTERN_STRAY;
            break;
        }
        uint32_t k = ws.p[i + 1];
        if (k >= 128 || !directive_ok[k]) {
            *bad = k;
            rc = TIME_PATTERN_BAD_DIRECTIVE;
            break;
        }
        u_append(out, directive_re[k].p, directive_re[k].n);
        if (out->n > TIME_STRPTIME_MAX_PATTERN)
            break; /* the caller reports the limit */
        i += 2;
    }
    free(ws.p);
    return rc;
}

static void set_directive(char k, const char *re)
{
    directive_re[(int)k].n = 0;
    time_u32_puts(&directive_re[(int)k], re);
    directive_ok[(int)k] = true;
}

/* str.replace on a NUL-terminated buffer (ASCII here). */
static void replace_all(char *s, size_t cap, const char *old, const char *new)
{
    size_t lo = strlen(old), ln = strlen(new);
    if (!lo)
        return;
    char out[512];
    size_t k = 0;
    for (const char *p = s; *p;) {
        if (!strncmp(p, old, lo)) {
            if (k + ln < sizeof out)
                memcpy(out + k, new, ln), k += ln;
            p += lo;
        } else {
            if (k + 1 < sizeof out)
                out[k++] = *p;
            p++;
        }
    }
    out[k] = '\0';
    snprintf(s, cap, "%s", out);
}

/* strftime in the C locale of a time given as {year - 1900, month - 1,
 * day, hour, minute, second, weekday (Sunday 0), day of the year - 1}. */
static void c_strftime(char *out, size_t cap, const char *directive, const int t[8])
{
    struct tm tm = {.tm_year = t[0],
                    .tm_mon = t[1],
                    .tm_mday = t[2],
                    .tm_hour = t[3],
                    .tm_min = t[4],
                    .tm_sec = t[5],
                    .tm_wday = t[6],
                    .tm_yday = t[7]};
    strftime(out, cap, directive, &tm);
}

/* LocaleTime.__calc_date_time for one of %c %x %X, in the C locale. */
static void lc_format(const char *directive, char *out, size_t cap)
{
    static const int WED_1999_03_17[8] = {99, 2, 17, 22, 44, 55, 3, 75};
    static const int SUN_1999_01_03[8] = {99, 0, 3, 1, 1, 1, 0, 2};
    c_strftime(out, cap, directive, WED_1999_03_17);
    ascii_lower(out);
    static const char *const pairs[][2] = {
        {"%", "%%"},    {"wednesday", "%A"}, {"march", "%B"}, {"wed", "%a"}, {"mar", "%b"}, {"pm", "%p"},
        {"1999", "%Y"}, {"99", "%y"},        {"22", "%H"},    {"44", "%M"},  {"55", "%S"},  {"76", "%j"},
        {"17", "%d"},   {"03", "%m"},        {"3", "%m"},     {"2", "%w"},   {"10", "%I"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        replace_all(out, cap, pairs[i][0], pairs[i][1]);
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < tz_nset[s]; i++)
            replace_all(out, cap, tz_sets[s][i], "%Z");
    char probe[256]; /* week 0 or 1 of the year: %U or %W */
    c_strftime(probe, sizeof probe, directive, SUN_1999_01_03);
    replace_all(out, cap, "11", strstr(probe, "00") ? "%W" : "%U");
}

void time_strptime_init(void)
{
    tz_nset[0] = tz_nset[1] = 0;
    add_tz(0, "utc");
    add_tz(0, "gmt");
    add_tz(0, time_tzname(0));
    if (time_daylight())
        add_tz(1, time_tzname(1));
    set_directive('d', "(?P<d>3[0-1]|[1-2]\\d|0[1-9]|[1-9]| [1-9])");
    set_directive('f', "(?P<f>[0-9]{1,6})");
    set_directive('H', "(?P<H>2[0-3]|[0-1]\\d|\\d)");
    set_directive('I', "(?P<I>1[0-2]|0[1-9]|[1-9])");
    set_directive('G', "(?P<G>\\d\\d\\d\\d)");
    set_directive('j', "(?P<j>36[0-6]|3[0-5]\\d|[1-2]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])");
    set_directive('m', "(?P<m>1[0-2]|0[1-9]|[1-9])");
    set_directive('M', "(?P<M>[0-5]\\d|\\d)");
    set_directive('S', "(?P<S>6[0-1]|[0-5]\\d|\\d)");
    set_directive('U', "(?P<U>5[0-3]|[0-4]\\d|\\d)");
    set_directive('w', "(?P<w>[0-6])");
    set_directive('u', "(?P<u>[1-7])");
    set_directive('V', "(?P<V>5[0-3]|0[1-9]|[1-4]\\d|\\d)");
    set_directive('y', "(?P<y>\\d\\d)");
    set_directive('Y', "(?P<Y>\\d\\d\\d\\d)");
    set_directive('z', "(?P<z>[+-]\\d\\d:?[0-5]\\d(:?[0-5]\\d(\\.\\d{1,6})?)?|(?-i:Z))");
    set_directive('%', "%");
    set_directive('W', "(?P<W>5[0-3]|[0-4]\\d|\\d)");
    const char *tmp[16];
    directive_ok['A'] = directive_ok['a'] = directive_ok['B'] = true;
    directive_ok['b'] = directive_ok['p'] = directive_ok['Z'] = true;
    seq_to_re(&directive_re['A'], time_lc_f_weekday, 7, 'A');
    seq_to_re(&directive_re['a'], time_lc_a_weekday, 7, 'a');
    seq_to_re(&directive_re['B'], time_lc_f_month + 1, 12, 'B');
    seq_to_re(&directive_re['b'], time_lc_a_month + 1, 12, 'b');
    seq_to_re(&directive_re['p'], time_lc_am_pm, 2, 'p');
    size_t nz = 0;
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < tz_nset[s]; i++)
            tmp[nz++] = tz_sets[s][i];
    seq_to_re(&directive_re['Z'], tmp, nz, 'Z');
    static const char keys[3] = {'c', 'x', 'X'};
    static const char *const dirs[3] = {"%c", "%x", "%X"};
    for (int k = 0; k < 3; k++) {
        char fmt[512];
        lc_format(dirs[k], fmt, sizeof fmt);
        time_u32 f = {0}, re = {0};
        time_u32_puts(&f, fmt);
        uint32_t bad;
        time_strptime_pattern(f.p, f.n, &re, &bad);
        free(f.p);
        free(directive_re[(int)keys[k]].p);
        directive_re[(int)keys[k]] = re;
        directive_ok[(int)keys[k]] = true;
    }
}

bool time_lc_tz_in(int set, const char *low)
{
    for (int k = 0; k < tz_nset[set]; k++)
        if (!strcmp(tz_sets[set][k], low))
            return true;
    return false;
}
