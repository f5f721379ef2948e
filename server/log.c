/* Structured logs (log.h): the JSON line of a message, written with one
 * write(2), or of an answered request, formatted without allocating and
 * buffered per thread (log_buf.c). */
#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/config.h"
#include "json/json.h"

static const char *const NAMES[] = {"debug", "info", "warn", "error"};

int log_level_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s, NAMES[i]) == 0)
            return i;
    if (strcasecmp(s, "warning") == 0)
        return LOG_WARN;
    return -1;
}

static void stamp(strbuf *o, int level)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    strbuf_printf(o, "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"level\":\"%s\"", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)(tv.tv_usec / 1000),
                  NAMES[level]);
}

static void emit(strbuf *o)
{
    strbuf_puts(o, "}\n");
    size_t off = 0;
    while (off < o->len) {
        ssize_t n = write(STDERR_FILENO, o->data + off, o->len - off);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    strbuf_free(o);
}

void log_msg(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(level, fmt, ap);
    va_end(ap);
}

void log_vmsg(int level, const char *fmt, va_list ap)
{
    if (level < config.log_level)
        return;
    char msg[1024];
    va_list cp; /* a copy: the caller's ap stays its own */
    va_copy(cp, ap);
    vsnprintf(msg, sizeof msg, fmt, cp);
    va_end(cp);
    strbuf o = STRBUF_INIT;
    stamp(&o, level);
    strbuf_puts(&o, ",\"msg\":");
    json_write_str(&o, msg, strlen(msg), false, true);
    emit(&o);
}

/* The access line, formatted without allocating into a buffer on the
 * stack (its parts are bounded: see LINE_MAX_BYTES), then handed to the
 * calling thread's buffer (log_buf_put). */
typedef struct line_out {
    char *p, *end;
} line_out;

static void lo_raw(line_out *o, const char *s, size_t n)
{
    if ((size_t)(o->end - o->p) < n)
        n = (size_t)(o->end - o->p);
    memcpy(o->p, s, n);
    o->p += n;
}

/* A literal: a copy of constant size (a few moves) while it fits. */
#define LO_LIT(o, s)                                                                                         \
    do {                                                                                                     \
        if ((size_t)((o)->end - (o)->p) >= sizeof(s) - 1) {                                                  \
            memcpy((o)->p, (s), sizeof(s) - 1);                                                              \
            (o)->p += sizeof(s) - 1;                                                                         \
        } else {                                                                                             \
            lo_raw((o), (s), sizeof(s) - 1);                                                                 \
        }                                                                                                    \
    } while (0)

/* Request paths and ids are raw bytes from the network: anything that is
 * not printable ASCII is escaped (bytes >= 0x80 read as Latin-1).  The
 * printable bytes other than '"' and '\\' ('1' below, by byte value) go
 * out in runs. */
static const char PLAIN[257] = /* 16 bytes a row */
    "0000000000000000"
    "0000000000000000"
    "1101111111111111"
    "1111111111111111"
    "1111111111111111"
    "1111111111110111"
    "1111111111111111"
    "1111111111111110"
    "0000000000000000"
    "0000000000000000"
    "0000000000000000"
    "0000000000000000"
    "0000000000000000"
    "0000000000000000"
    "0000000000000000"
    "0000000000000000";

static bool plain(unsigned char c)
{
    return PLAIN[c] == '1';
}

/* lo_safe's way near the end of the buffer: as much as fits, one byte at a
 * time while more than 7 bytes are left. */
static void lo_safe_cut(line_out *o, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (o->end - o->p < 2)
        return;
    *o->p++ = '"';
    const unsigned char *c = (const unsigned char *)s;
    while (*c && o->end - o->p > 7) {
        const unsigned char *run = c;
        while (plain(*c))
            c++;
        size_t n = (size_t)(c - run), room = (size_t)(o->end - o->p) - 7;
        if (n > room) { /* as many as fit, one by one, while more than 7 bytes are left */
            memcpy(o->p, run, room);
            o->p += room;
            break;
        }
        memcpy(o->p, run, n);
        o->p += n;
        if (!*c || o->end - o->p <= 7)
            break;
        memcpy(o->p, "\\u00", 4);
        o->p[4] = hex[*c >> 4];
        o->p[5] = hex[*c & 15];
        o->p += 6;
        c++;
    }
    *o->p++ = '"';
}

/* No byte of the 8 in x needs an escape: all in 0x20..0x7e, none '"' or
 * '\\' (each test exact as a whole: Bit Twiddling Hacks' haszero/hasless/hasmore). */
static inline bool word_plain(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t bad = ((x - ones * 0x20) & ~x) | (x + ones) | x | ((q - ones) & ~q) | ((b - ones) & ~b);
    return (bad & high) == 0;
}

static inline char *put_escaped(char *p, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    if (plain(c)) {
        *p++ = (char)c;
        return p;
    }
    p[0] = '\\';
    p[1] = 'u';
    p[2] = '0';
    p[3] = '0';
    p[4] = hex[c >> 4];
    p[5] = hex[c & 15];
    return p + 6;
}

/* s as a JSON string: eight plain bytes at a time while the line has room
 * for its worst case (each byte escaped), else lo_safe_cut. */
static inline void lo_safe(line_out *o, const char *s)
{
    size_t n = strlen(s); /* of a string in memory: 6 * n cannot wrap */
    if (6 * n + 12 > (size_t)(o->end - o->p)) {
        lo_safe_cut(o, s);
        return;
    }
    char *p = o->p;
    *p++ = '"';
    size_t i = 0;
#ifdef __SSE2__
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* signed bytes: 0x20..0x7e is above 0x1f and below 0x7f, and the bytes from 0x80 are negative */
        __m128i ok =
            _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x1f)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x7f)));
        __m128i esc =
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
        if (_mm_movemask_epi8(_mm_andnot_si128(esc, ok)) != 0xFFFF)
            break; /* the words below take it */
        _mm_storeu_si128((__m128i *)(void *)p, x);
        p += 16;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (word_plain(x)) {
            memcpy(p, &x, 8);
            p += 8;
        } else {
            for (size_t k = 0; k < 8; k++)
                p = put_escaped(p, (unsigned char)s[i + k]);
        }
    }
    for (; i < n; i++)
        p = put_escaped(p, (unsigned char)s[i]);
    *p++ = '"';
    o->p = p;
}

static void lo_uint(line_out *o, unsigned long long v, int width)
{
    if (v < 1000 && width <= 3 && o->end - o->p >= 3) { /* statuses, milliseconds */
        unsigned x = (unsigned)v;
        char *p = o->p;
        if (x >= 100 || width == 3)
            *p++ = (char)('0' + x / 100);
        if (x >= 10 || width >= 2)
            *p++ = (char)('0' + x / 10 % 10);
        *p++ = (char)('0' + x % 10);
        o->p = p;
        return;
    }
    char d[24];
    int n = 0;
    do {
        d[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v || n < width);
    while (n && o->p < o->end)
        *o->p++ = d[--n];
}

/* stamp()'s prefix, {"ts":"YYYY-MM-DDTHH:MM:SS.mmmZ","level":"info", kept
 * per thread and made again only when the millisecond changes (gmtime_r
 * when the second does). */
typedef struct stamp_cache {
    time_t sec; /* -1: nothing yet */
    long ms;
    size_t date_len; /* of text up to the milliseconds */
    size_t len;
    char text[96];
} stamp_cache;

static _Thread_local stamp_cache stamp_now = {.sec = -1};

static void stamp_make(stamp_cache *c, time_t sec, long ms)
{
    if (sec != c->sec) {
        struct tm tm;
        gmtime_r(&sec, &tm);
        char date[64]; /* "YYYY-MM-DDTHH:MM:SS." */
        snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        line_out t = {c->text, c->text + sizeof c->text};
        LO_LIT(&t, "{\"ts\":\"");
        lo_raw(&t, date, strlen(date));
        c->date_len = (size_t)(t.p - c->text);
        c->sec = sec;
    }
    line_out t = {c->text + c->date_len, c->text + sizeof c->text};
    lo_uint(&t, (unsigned long long)ms, 3);
    LO_LIT(&t, "Z\",\"level\":\"info\"");
    c->len = (size_t)(t.p - c->text);
    c->ms = ms;
}

static void lo_stamp(line_out *o)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long ms = (long)(tv.tv_usec / 1000);
    stamp_cache *c = &stamp_now;
    if (tv.tv_sec != c->sec || ms != c->ms)
        stamp_make(c, tv.tv_sec, ms);
    if ((size_t)(o->end - o->p) >= sizeof c->text) { /* the whole buffer: a copy of constant size */
        memcpy(o->p, c->text, sizeof c->text);
        o->p += c->len;
    } else {
        lo_raw(o, c->text, c->len);
    }
}

/* path (cut at 511 bytes by http.c) x 6 for escapes, plus the ids and names */
#define LINE_MAX_BYTES 8192

void log_request(const char *method, const char *path, int status, double seconds, const char *request_id,
                 const char *remote, const char *token, const trace_ctx *trace)
{
    if (LOG_INFO < config.log_level)
        return;
    char buf[LINE_MAX_BYTES];
    line_out o = {buf, buf + sizeof buf - 2}; /* room kept for "}\n" */
    lo_stamp(&o);
    LO_LIT(&o, ",\"method\":");
    lo_safe(&o, method);
    LO_LIT(&o, ",\"path\":");
    lo_safe(&o, path);
    LO_LIT(&o, ",\"status\":");
    lo_uint(&o, (unsigned long long)(status < 0 ? 0 : status), 1);
    /* %.3f of the milliseconds: microseconds, rounded */
    unsigned long long us = seconds > 0 ? (unsigned long long)(seconds * 1e6 + 0.5) : 0;
    LO_LIT(&o, ",\"duration_ms\":");
    lo_uint(&o, us / 1000, 1);
    LO_LIT(&o, ".");
    lo_uint(&o, us % 1000, 3);
    LO_LIT(&o, ",\"request_id\":");
    lo_safe(&o, request_id);
    if (remote) {
        LO_LIT(&o, ",\"remote\":");
        lo_safe(&o, remote);
    }
    if (token) { /* the token's name, never its text */
        LO_LIT(&o, ",\"token\":");
        lo_safe(&o, token);
    }
    if (trace) { /* validated: hex digits only */
        LO_LIT(&o, ",\"trace_id\":\"");
        lo_raw(&o, trace->trace_id, strlen(trace->trace_id));
        LO_LIT(&o, "\",\"span_id\":\"");
        lo_raw(&o, trace->span_id, strlen(trace->span_id));
        LO_LIT(&o, "\",\"parent_id\":\"");
        lo_raw(&o, trace->parent_id, strlen(trace->parent_id));
        LO_LIT(&o, "\"");
    }
    o.end += 2;
    LO_LIT(&o, "}\n");
    log_buf_put(buf, (size_t)(o.p - buf));
}
