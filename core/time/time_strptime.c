#include "time/time_strptime.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/strbuf.h"
#include "py/py_repr.h"
#include "text/unicode.h"
#include "text/utf8.h"
#include "time/time_conv.h"
#include "time/time_strptime_re.h"

/* ---------------------------------------------------------------- u32 strings */

typedef struct u32s {
    uint32_t *p;
    size_t n, cap;
} u32s;

static void u_put(u32s *b, uint32_t c)
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

static void u_puts(u32s *b, const char *ascii)
{
    while (*ascii)
        u_put(b, (unsigned char)*ascii++);
}

static void u_append(u32s *b, const uint32_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        u_put(b, p[i]);
}

static void u_from_utf8(u32s *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n)
        u_put(b, utf8_next(s, &i));
    if (!b->p) { /* never NULL, even when empty */
        u_put(b, 0);
        b->n = 0;
    }
}

/* ---------------------------------------------------------------- LocaleTime (C locale) */

static const char *const A_WEEKDAY[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const F_WEEKDAY[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};
static const char *const A_MONTH[13] = {"",    "jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const F_MONTH[13] = {"",        "january",  "february", "march",  "april",
                                        "may",     "june",     "july",     "august", "september",
                                        "october", "november", "december"};
static const char *const AM_PM[2] = {"am", "pm"};

/* time.timezone sets: [0] no saving {utc, gmt, tzname[0]}, [1] {tzname[1]} if daylight */
static char tz_sets[2][3][64];
static int tz_nset[2];

/* The directive table: key -> regex (code points); NULL entries are KeyError. */
static u32s directive_re[128];
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
static void seq_to_re(u32s *out, const char *const *names, size_t n, char directive)
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
    u_puts(out, "(?P<");
    u_put(out, (uint32_t)directive);
    u_put(out, '>');
    for (size_t i = 0; i < m; i++) {
        if (i)
            u_put(out, '|');
        u32s v = {0};
        u_from_utf8(&v, sorted[i], strlen(sorted[i]));
        for (size_t k = 0; k < v.n; k++) {
            if (re_special(v.p[k]))
                u_put(out, '\\');
            u_put(out, v.p[k]);
        }
        free(v.p);
    }
    u_put(out, ')');
}

typedef enum { PAT_OK, PAT_BAD_DIRECTIVE, PAT_STRAY } pat_rc;

/* TimeRE.pattern(format): escape regex characters, whitespace runs -> \s+,
 * then each %X -> its regex.  On PAT_BAD_DIRECTIVE *bad is the key. */
static pat_rc build_pattern(const uint32_t *f, size_t n, u32s *out, uint32_t *bad)
{
    u32s esc = {0};
    for (size_t i = 0; i < n; i++) {
        uint32_t c = f[i];
        if (c < 128 && c && strchr("\\.^$*+?(){}[]|", (int)c))
            u_put(&esc, '\\');
        u_put(&esc, c);
    }
    u32s ws = {0};
    for (size_t i = 0; i < esc.n;) {
        if (unicode_isspace(esc.p[i])) {
            while (i < esc.n && unicode_isspace(esc.p[i]))
                i++;
            u_puts(&ws, "\\s+");
        } else {
            u_put(&ws, esc.p[i++]);
        }
    }
    free(esc.p);
    pat_rc rc = PAT_OK;
    size_t i = 0;
    while (i < ws.n) {
        if (ws.p[i] != '%') {
            u_put(out, ws.p[i++]);
            continue;
        }
        if (i + 1 >= ws.n) {
            rc = PAT_STRAY;
            break;
        }
        uint32_t k = ws.p[i + 1];
        if (k >= 128 || !directive_ok[k]) {
            *bad = k;
            rc = PAT_BAD_DIRECTIVE;
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
    u_puts(&directive_re[(int)k], re);
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

/* LocaleTime.__calc_date_time for one of %c %x %X, in the C locale. */
static void lc_format(const char *directive, char *out, size_t cap)
{
    struct tm tm = {.tm_year = 99,
                    .tm_mon = 2,
                    .tm_mday = 17,
                    .tm_hour = 22,
                    .tm_min = 44,
                    .tm_sec = 55,
                    .tm_wday = 3,
                    .tm_yday = 75,
                    .tm_isdst = 0};
    strftime(out, cap, directive, &tm);
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
    struct tm t2 = {.tm_year = 99,
                    .tm_mon = 0,
                    .tm_mday = 3,
                    .tm_hour = 1,
                    .tm_min = 1,
                    .tm_sec = 1,
                    .tm_wday = 0,
                    .tm_yday = 2,
                    .tm_isdst = 0};
    char probe[256];
    strftime(probe, sizeof probe, directive, &t2);
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
    seq_to_re(&directive_re['A'], F_WEEKDAY, 7, 'A');
    seq_to_re(&directive_re['a'], A_WEEKDAY, 7, 'a');
    seq_to_re(&directive_re['B'], F_MONTH + 1, 12, 'B');
    seq_to_re(&directive_re['b'], A_MONTH + 1, 12, 'b');
    seq_to_re(&directive_re['p'], AM_PM, 2, 'p');
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
        u32s f = {0}, re = {0};
        u_puts(&f, fmt);
        uint32_t bad;
        build_pattern(f.p, f.n, &re, &bad);
        free(f.p);
        free(directive_re[(int)keys[k]].p);
        directive_re[(int)keys[k]] = re;
        directive_ok[(int)keys[k]] = true;
    }
}

/* ---------------------------------------------------------------- datetime.date arithmetic */

static const int DAYS_IN_MONTH[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
static const int DAYS_BEFORE_MONTH[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static long pymod(long a, long b)
{
    long r = a % b;
    return r && ((r < 0) != (b < 0)) ? r + b : r;
}

static bool is_leap(long y)
{
    return pymod(y, 4) == 0 && (pymod(y, 100) != 0 || pymod(y, 400) == 0);
}

static int days_in_month(long y, int m)
{
    return m == 2 && is_leap(y) ? 29 : DAYS_IN_MONTH[m];
}

static long days_before_year(long y)
{
    long y1 = y - 1;
    return y1 * 365 + y1 / 4 - y1 / 100 + y1 / 400;
}

/* datetime.date(y, m, d) -> its ordinal, or ValueError. */
static int date_ordinal(arena *a, long y, long m, long d, long *out, py_err *e)
{
    if (y < 1 || y > 9999)
        return py_raise(e, a, "ValueError", "year %ld is out of range", y);
    if (m < 1 || m > 12)
        return py_raise(e, a, "ValueError", "month must be in 1..12");
    if (d < 1 || d > days_in_month(y, (int)m))
        return py_raise(e, a, "ValueError", "day is out of range for month");
    *out = days_before_year(y) + DAYS_BEFORE_MONTH[m] + (m > 2 && is_leap(y)) + d;
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

/* datetime.date.fromordinal(n) -> (y, m, d), or ValueError. */
static int date_fromordinal(arena *a, long n, long *y, long *m, long *d, py_err *e)
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

/* date(y, m, d).weekday(): Monday 0 */
static int date_weekday(arena *a, long y, long m, long d, long *out, py_err *e)
{
    long o;
    if (date_ordinal(a, y, m, d, &o, e) < 0)
        return -1;
    *out = (o + 6) % 7;
    return 0;
}

/* ---------------------------------------------------------------- strptime */

typedef struct grp {
    const uint32_t *p;
    size_t n;
} grp;

static char *u32_to_utf8(arena *a, const uint32_t *p, size_t n, size_t *len);

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

#define INT_OR_OUT(g, dst)                                                                                   \
    do {                                                                                                     \
        if (py_int(a, (g), &(dst), e) < 0)                                                                   \
            goto out;                                                                                        \
    } while (0)

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

static int calc_julian_from_U_or_W(arena *a, long year, long week, long dow, bool mon, long *out, py_err *e)
{
    long first;
    if (date_weekday(a, year, 1, 1, &first, e) < 0)
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

static int calc_julian_from_V(arena *a, long iso_year, long iso_week, long iso_weekday, long *year_out,
                              long *julian, py_err *e)
{
    long jan4, wd;
    if (date_weekday(a, iso_year, 1, 4, &wd, e) < 0)
        return -1;
    (void)jan4;
    long correction = wd + 1 + 3;
    long ordinal = iso_week * 7 + iso_weekday - correction;
    if (ordinal < 1) {
        long o1;
        if (date_ordinal(a, iso_year, 1, 1, &o1, e) < 0)
            return -1;
        ordinal += o1;
        iso_year -= 1;
        if (date_ordinal(a, iso_year, 1, 1, &o1, e) < 0)
            return -1;
        ordinal -= o1;
    }
    *year_out = iso_year;
    *julian = ordinal;
    return 0;
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

static int not_match(arena *a, const pv *string, const pv *format, py_err *e)
{
    return py_raise(e, a, "ValueError", "time data %s does not match format %s",
                    py_repr_cstr(a, string->s.p, string->s.len), py_repr_cstr(a, format->s.p, format->s.len));
}

int time_strptime(arena *a, const pv *string, const pv *format, pv **out, py_err *e)
{
    u32s f = {0}, re = {0}, s = {0};
    u_from_utf8(&f, format->s.p, format->s.len);
    uint32_t bad = 0;
    pat_rc prc = build_pattern(f.p, f.n, &re, &bad);
    free(f.p);
    int rc = -1;
    if (re.n > TIME_STRPTIME_MAX_PATTERN) {
        py_limit(e, a, "time.strptime: the format expands to more than %zu characters",
                 TIME_STRPTIME_MAX_PATTERN);
        goto out;
    }
    if (prc == PAT_BAD_DIRECTIVE) {
        char b[8];
        if (bad == '\\')
            bad = '%';
        raise_with_format(a, "'", b, (size_t)utf8_put(bad, b), "' is a bad directive in format ", format, e);
        goto out;
    }
    if (prc == PAT_STRAY) {
        raise_with_format(a, "stray % in format ", "", 0, "", format, e);
        goto out;
    }
    time_rx_prog *prog;
    if (!re.p) {
        u_put(&re, 0);
        re.n = 0;
    }
    if (time_rx_compile(a, re.p, re.n, &prog, e) < 0)
        goto out;
    u_from_utf8(&s, string->s.p, string->s.len);
    long *caps = arena_alloc(a, (time_rx_ngroups(prog) + 1) * 2 * sizeof(long));
    int m = time_rx_match(a, prog, s.p, s.n, TIME_STRPTIME_MAX_STEPS, caps, e);
    if (m < 0)
        goto out;
    if (m == 0) {
        not_match(a, string, format, e);
        goto out;
    }
    if ((size_t)caps[1] != s.n) {
        size_t off = utf8_offset(string->s.p, string->s.len, (size_t)caps[1]);
        strbuf sb = STRBUF_INIT;
        strbuf_puts(&sb, "unconverted data remains: ");
        strbuf_append(&sb, string->s.p + off, string->s.len - off);
        py_raise_msg(e, a, "ValueError", sb.data, sb.len);
        strbuf_free(&sb);
        goto out;
    }

    long year = 0, iso_year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    bool have_year = false, have_iso_year = false;
    long tz = -1, gmtoff = 0, iso_week = 0, week_of_year = 0, weekday = 0, julian = 0;
    bool have_gmtoff = false, have_iso_week = false, have_woy = false, have_weekday = false;
    bool have_julian = false, woy_mon = false;
    grp zgrp = {NULL, 0}, pgrp = {NULL, 0};
    bool have_z = false, have_p = false;
    size_t nn = time_rx_nnamed(prog);
    for (size_t i = 0; i < nn; i++) {
        int gi;
        const char *name = time_rx_named(prog, i, &gi);
        if (!strcmp(name, "p") && caps[2 * gi] >= 0) {
            pgrp = (grp){s.p + caps[2 * gi], (size_t)(caps[2 * gi + 1] - caps[2 * gi])};
            have_p = true;
        }
    }
    for (size_t i = 0; i < nn; i++) {
        int gi;
        const char *name = time_rx_named(prog, i, &gi);
        if (caps[2 * gi] < 0 || name[0] == '\0' || name[1] != '\0')
            continue;
        grp g = {s.p + caps[2 * gi], (size_t)(caps[2 * gi + 1] - caps[2 * gi])};
        switch (name[0]) {
        case 'y':
            INT_OR_OUT(g, year);
            year += year <= 68 ? 2000 : 1900;
            have_year = true;
            break;
        case 'Y':
            INT_OR_OUT(g, year);
            have_year = true;
            break;
        case 'G':
            INT_OR_OUT(g, iso_year);
            have_iso_year = true;
            break;
        case 'm':
            INT_OR_OUT(g, month);
            break;
        case 'B':
            if (index_of(a, g, F_MONTH, 0, 13, &month, e) < 0)
                goto out;
            break;
        case 'b':
            if (index_of(a, g, A_MONTH, 0, 13, &month, e) < 0)
                goto out;
            break;
        case 'd':
            INT_OR_OUT(g, day);
            break;
        case 'H':
            INT_OR_OUT(g, hour);
            break;
        case 'I': {
            INT_OR_OUT(g, hour);
            size_t len = 0;
            const char *ampm = have_p ? lower_utf8(a, pgrp, &len) : "";
            if (len == 0 || !strcmp(ampm, AM_PM[0])) {
                if (hour == 12)
                    hour = 0;
            } else if (!strcmp(ampm, AM_PM[1])) {
                if (hour != 12)
                    hour += 12;
            }
            break;
        }
        case 'M':
            INT_OR_OUT(g, minute);
            break;
        case 'S':
            INT_OR_OUT(g, second);
            break;
        case 'f':
            break; /* the fraction is not part of a struct_time */
        case 'A':
            if (index_of(a, g, F_WEEKDAY, 0, 7, &weekday, e) < 0)
                goto out;
            have_weekday = true;
            break;
        case 'a':
            if (index_of(a, g, A_WEEKDAY, 0, 7, &weekday, e) < 0)
                goto out;
            have_weekday = true;
            break;
        case 'w':
            INT_OR_OUT(g, weekday);
            weekday = weekday == 0 ? 6 : weekday - 1;
            have_weekday = true;
            break;
        case 'u':
            INT_OR_OUT(g, weekday);
            weekday -= 1;
            have_weekday = true;
            break;
        case 'j':
            INT_OR_OUT(g, julian);
            have_julian = true;
            break;
        case 'U':
        case 'W':
            INT_OR_OUT(g, week_of_year);
            woy_mon = name[0] == 'W';
            have_woy = true;
            break;
        case 'V':
            INT_OR_OUT(g, iso_week);
            have_iso_week = true;
            break;
        case 'z': {
            uint32_t z[32];
            size_t zn = g.n < 32 ? g.n : 32;
            memcpy(z, g.p, zn * sizeof *z);
            if (zn == 1 && z[0] == 'Z') {
                gmtoff = 0;
                have_gmtoff = true;
                break;
            }
            if (zn < 5) /* cannot happen: the regex has at least 5 */
                break;
            if (z[3] == ':') {
                memmove(z + 3, z + 4, (zn - 4) * sizeof *z);
                zn--;
                if (zn > 5) {
                    if (z[5] != ':') {
                        size_t len;
                        char *orig = u32_to_utf8(a, g.p, g.n, &len);
                        py_raise(e, a, "ValueError", "Inconsistent use of : in %s", orig);
                        goto out;
                    }
                    memmove(z + 5, z + 6, (zn - 6) * sizeof *z);
                    zn--;
                }
            }
            long hours = 0, minutes = 0, secs = 0;
            INT_OR_OUT(((grp){z + 1, 2}), hours);
            INT_OR_OUT(((grp){z + 3, 2}), minutes);
            if (zn > 5)
                INT_OR_OUT(((grp){z + 5, zn - 5 < 2 ? zn - 5 : 2}), secs);
            gmtoff = hours * 3600 + minutes * 60 + secs;
            if (z[0] == '-')
                gmtoff = -gmtoff;
            have_gmtoff = true;
            break;
        }
        case 'Z': {
            size_t len;
            char *found = lower_utf8(a, g, &len);
            for (int set = 0; set < 2; set++) {
                bool in = false;
                for (int k = 0; k < tz_nset[set] && !in; k++)
                    in = !strcmp(tz_sets[set][k], found);
                if (!in)
                    continue;
                if (!strcmp(time_tzname(0), time_tzname(1)) && time_daylight() && strcmp(found, "utc") != 0 &&
                    strcmp(found, "gmt") != 0)
                    break;
                tz = set;
                break;
            }
            have_z = true;
            zgrp = g;
            break;
        }
        default:
            break;
        }
    }

    if (!have_year && have_iso_year) {
        if (!have_iso_week || !have_weekday) {
            py_raise(e, a, "ValueError",
                     "ISO year directive '%%G' must be used with the ISO week directive '%%V' "
                     "and a weekday directive ('%%A', '%%a', '%%w', or '%%u').");
            goto out;
        }
        if (have_julian) {
            py_raise(e, a, "ValueError",
                     "Day of the year directive '%%j' is not compatible with ISO year directive "
                     "'%%G'. Use '%%Y' instead.");
            goto out;
        }
    } else if (!have_woy && have_iso_week) {
        if (!have_weekday)
            py_raise(e, a, "ValueError",
                     "ISO week directive '%%V' must be used with the ISO year directive '%%G' "
                     "and a weekday directive ('%%A', '%%a', '%%w', or '%%u').");
        else
            py_raise(e, a, "ValueError",
                     "ISO week directive '%%V' is incompatible with the year directive '%%Y'. "
                     "Use the ISO year '%%G' instead.");
        goto out;
    }

    bool leap_year_fix = false;
    if (!have_year && month == 2 && day == 29) {
        year = 1904;
        leap_year_fix = true;
    } else if (!have_year) {
        year = 1900;
    }

    if (!have_julian && have_weekday) {
        bool computed = false;
        if (have_woy) {
            if (calc_julian_from_U_or_W(a, year, week_of_year, weekday, woy_mon, &julian, e) < 0)
                goto out;
            computed = true;
        } else if (have_iso_year && have_iso_week) {
            if (calc_julian_from_V(a, iso_year, iso_week, weekday + 1, &year, &julian, e) < 0)
                goto out;
            computed = true;
        }
        if (computed && julian <= 0) {
            year -= 1;
            julian += is_leap(year) ? 366 : 365;
        }
        have_julian = computed;
    }
    if (!have_julian) {
        long o, o1;
        if (date_ordinal(a, year, month, day, &o, e) < 0 || date_ordinal(a, year, 1, 1, &o1, e) < 0)
            goto out;
        julian = o - o1 + 1;
    } else {
        long o1;
        if (date_ordinal(a, year, 1, 1, &o1, e) < 0 ||
            date_fromordinal(a, julian - 1 + o1, &year, &month, &day, e) < 0)
            goto out;
    }
    if (!have_weekday && date_weekday(a, year, month, day, &weekday, e) < 0)
        goto out;
    if (leap_year_fix)
        year = 1900;

    pv *d = pv_dict(a, 11);
    pv_dict_setc(a, d, "tm_year", pv_int(a, year));
    pv_dict_setc(a, d, "tm_mon", pv_int(a, month));
    pv_dict_setc(a, d, "tm_mday", pv_int(a, day));
    pv_dict_setc(a, d, "tm_hour", pv_int(a, hour));
    pv_dict_setc(a, d, "tm_min", pv_int(a, minute));
    pv_dict_setc(a, d, "tm_sec", pv_int(a, second));
    pv_dict_setc(a, d, "tm_wday", pv_int(a, weekday));
    pv_dict_setc(a, d, "tm_yday", pv_int(a, julian));
    pv_dict_setc(a, d, "tm_isdst", pv_int(a, tz));
    if (have_z) {
        size_t len;
        char *zs = u32_to_utf8(a, zgrp.p, zgrp.n, &len);
        pv_dict_setc(a, d, "tm_zone", pv_str(a, zs, len));
    } else {
        pv_dict_setc(a, d, "tm_zone", pv_none());
    }
    pv_dict_setc(a, d, "tm_gmtoff", have_gmtoff ? pv_int(a, gmtoff) : pv_none());
    *out = d;
    rc = 0;
out:
    free(re.p);
    free(s.p);
    return rc;
}
