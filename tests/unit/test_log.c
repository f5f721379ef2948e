/* server/log.c's access line (log_request): byte for byte the line of a
 * plain reference formatter below (every field, the escapes of raw network
 * bytes, eight and sixteen bytes at a time or one by one), a line that
 * would not fit cut and still closed, and the timestamp each thread keeps
 * and makes again only when the millisecond changes: never a millisecond
 * other than the one of the call, from several threads at once (TSan). */
#include <check.h>

#include "testkit.h"
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "log.h"

/* ------------------------------------------------------------ capturing stderr */

static int saved_stderr = -1;
static char cap_path[64];

/* From now on stderr (where log_buf_put writes before log_buf_start) goes
 * to a temporary file, appended to: lines of several threads stay whole. */
static void capture_start(void)
{
    snprintf(cap_path, sizeof cap_path, "/tmp/pystd-test-log-XXXXXX");
    int fd = mkstemp(cap_path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fcntl(fd, F_SETFL, O_APPEND), 0);
    saved_stderr = dup(STDERR_FILENO);
    ck_assert_int_ge(saved_stderr, 0);
    ck_assert_int_eq(dup2(fd, STDERR_FILENO), STDERR_FILENO);
    close(fd);
}

/* What was written since capture_start (malloc'ed, NUL-terminated). */
static char *capture_end(size_t *len)
{
    ck_assert_int_eq(dup2(saved_stderr, STDERR_FILENO), STDERR_FILENO);
    close(saved_stderr);
    FILE *f = fopen(cap_path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    ck_assert_int_ge(n, 0);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    unlink(cap_path);
    *len = (size_t)n;
    return s;
}

/* ------------------------------------------------------------ the reference */

typedef struct ref {
    char *p;
    size_t len, cap;
} ref;

static void put(ref *r, const char *s, size_t n)
{
    if (r->len + n + 1 > r->cap) {
        r->cap = (r->len + n + 1) * 2;
        r->p = realloc(r->p, r->cap);
        ck_assert_ptr_nonnull(r->p);
    }
    memcpy(r->p + r->len, s, n);
    r->len += n;
    r->p[r->len] = '\0';
}

static void puts_(ref *r, const char *s)
{
    put(r, s, strlen(s));
}

/* printable ASCII but '"' and '\\' as itself, every other byte \u00xx */
static void put_json(ref *r, const char *s)
{
    puts_(r, "\"");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        char e[8];
        if (*c >= 0x20 && *c < 0x7f && *c != '"' && *c != '\\')
            snprintf(e, sizeof e, "%c", *c);
        else
            snprintf(e, sizeof e, "\\u00%02x", *c);
        puts_(r, e);
    }
    puts_(r, "\"");
}

/* The line after its timestamp, as printf would write it. */
static char *reference_tail(const char *method, const char *path, int status, double seconds, const char *id,
                            const char *remote, const char *token, const trace_ctx *trace)
{
    ref r = {0};
    char num[64];
    puts_(&r, ",\"method\":");
    put_json(&r, method);
    puts_(&r, ",\"path\":");
    put_json(&r, path);
    unsigned long long us =
        (unsigned long long)(seconds * 1e6 + 0.5); /* the milliseconds, to the microsecond */
    snprintf(num, sizeof num, ",\"status\":%d,\"duration_ms\":%llu.%03llu,\"request_id\":", status, us / 1000,
             us % 1000);
    puts_(&r, num);
    put_json(&r, id);
    if (remote) {
        puts_(&r, ",\"remote\":");
        put_json(&r, remote);
    }
    if (token) {
        puts_(&r, ",\"token\":");
        put_json(&r, token);
    }
    if (trace) {
        puts_(&r, ",\"trace_id\":\"");
        puts_(&r, trace->trace_id);
        puts_(&r, "\",\"span_id\":\"");
        puts_(&r, trace->span_id);
        puts_(&r, "\",\"parent_id\":\"");
        puts_(&r, trace->parent_id);
        puts_(&r, "\"");
    }
    puts_(&r, "}\n");
    return r.p;
}

/* The wall clock in milliseconds. */
static long long now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

#define TS_HEAD "{\"ts\":\""
#define TS_LEN 24 /* YYYY-MM-DDTHH:MM:SS.mmmZ */
#define LEVEL "\",\"level\":\"info\""

/* The milliseconds of a line's timestamp (the line as it starts), checked
 * for its form; *rest: past the level. */
static long long line_ms(const char *line, const char **rest)
{
    ck_assert_msg(strncmp(line, TS_HEAD, strlen(TS_HEAD)) == 0, "%.60s", line);
    const char *ts = line + strlen(TS_HEAD);
    ck_assert_msg(strncmp(ts + TS_LEN, LEVEL, strlen(LEVEL)) == 0, "%.60s", line);
    ck_assert_int_eq(ts[TS_LEN - 1], 'Z');
    struct tm tm = {0};
    int ms = -1;
    char t = 0;
    ck_assert_int_eq(sscanf(ts, "%4d-%2d-%2d%c%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &t,
                            &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms),
                     8);
    ck_assert_int_eq(t, 'T');
    for (int i = 0; i < TS_LEN - 1; i++) /* fixed widths: digits where sscanf took numbers */
        if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && i != 19)
            ck_assert_msg(ts[i] >= '0' && ts[i] <= '9', "%.30s", ts);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *rest = ts + TS_LEN + strlen(LEVEL);
    return (long long)timegm(&tm) * 1000 + ms;
}

static void setup(void)
{
    config.log_level = LOG_INFO;
}

/* ------------------------------------------------------------ the tests */

typedef struct call {
    const char *method, *path, *id, *remote, *token;
    int status;
    double seconds;
    bool trace;
} call;

START_TEST(line_is_the_reference_line)
{
    static char bytes[256], longer[600], mixed[70];
    for (int i = 1; i < 256; i++)
        bytes[i - 1] = (char)i; /* every byte but NUL, in blocks of 16 and words of 8 */
    for (size_t i = 0; i < sizeof longer - 1; i++)
        longer[i] = (char)('a' + i % 26);
    longer[300] = '"'; /* in a 16-byte block */
    longer[509] = '\x7f';
    for (size_t i = 0; i < sizeof mixed - 1; i++) /* plain, then a bad byte at each place of a block */
        mixed[i] = i % 17 == 16 ? '\\' : (char)('A' + i % 17);
    trace_ctx tr = {.valid = true,
                    .trace_id = "0af7651916cd43dd8448eb211c80319c",
                    .parent_id = "b7ad6b7169203331",
                    .span_id = "00f067aa0ba902b7"};
    const call calls[] = {
        {"POST", "/v1/random/random", "0123456789abcdef0123456789abcdef", "127.0.0.1", NULL, 200, 0.0000123,
         false},
        {"GET", "/", "x", NULL, NULL, 404, 0, false},
        {"OPTIONS", "/v1/re/search", "id-1", "::1", "alice", 204, 1.2345674, false},
        {"DELETE", bytes, bytes, bytes, bytes, 499, 12.5, false},
        {"PATCH\x01", longer, "abc\"def\\ghi\x1f", "10.0.0.1", "tok", 503, 0.0009995, true},
        {"POST", mixed, mixed + 3, mixed + 9, mixed + 1, 422, 3600.25, false},
        {"HEAD", "/v1/random/random?x", "0123456789abcde", "0123456", "01234567", 7, 0.000000, false},
        {"GET", "/healthz", "", "", "", 1000000, 0.0015, false},
    };
    size_t n = sizeof calls / sizeof calls[0];
    long long before = now_ms();
    capture_start();
    for (size_t i = 0; i < n; i++) {
        const call *c = &calls[i];
        log_request(c->method, c->path, c->status, c->seconds, c->id, c->remote, c->token,
                    c->trace ? &tr : NULL);
    }
    size_t len;
    char *out = capture_end(&len);
    long long after = now_ms();
    const char *line = out;
    for (size_t i = 0; i < n; i++) {
        const call *c = &calls[i];
        const char *rest;
        long long ms = line_ms(line, &rest);
        ck_assert(ms >= before && ms <= after);
        char *want = reference_tail(c->method, c->path, c->status, c->seconds, c->id, c->remote, c->token,
                                    c->trace ? &tr : NULL);
        ck_assert_msg(strncmp(rest, want, strlen(want)) == 0, "call %zu:\n got %.300s\nwant %.300s", i, rest,
                      want);
        line = rest + strlen(want);
        free(want);
    }
    ck_assert_uint_eq((size_t)(line - out), len);
    free(out);
}
END_TEST

START_TEST(line_too_long_is_cut_and_closed)
{
    /* a token that escaped would take 6 x 5000 bytes: the line keeps what fits */
    static char token[5001], path[512];
    memset(token, '\x01', sizeof token - 1);
    memset(path, 'p', sizeof path - 1);
    capture_start();
    log_request("POST", path, 200, 0.001, "id", "127.0.0.1", token, NULL);
    size_t len;
    char *out = capture_end(&len);
    const char *rest;
    line_ms(out, &rest);
    ck_assert_uint_le(len, 8192);
    ck_assert_uint_gt(len, 7000); /* it was filled, not dropped */
    ck_assert_int_eq(out[len - 1], '\n');
    ck_assert_int_eq(out[len - 2], '}');
    ck_assert_int_eq(out[len - 3], '"');
    const char *t = strstr(out, ",\"token\":\"");
    ck_assert_ptr_nonnull(t);
    t += strlen(",\"token\":\"");
    size_t k = (size_t)(out + len - 3 - t); /* the token's escapes that fit: whole ones */
    ck_assert_uint_gt(k, 0);
    ck_assert_uint_eq(k % 6, 0);
    for (size_t i = 0; i < k; i += 6)
        ck_assert_int_eq(strncmp(t + i, "\\u0001", 6), 0);
    free(out);
}
END_TEST

/* Threads log for a while, each line between two readings of the clock:
 * its millisecond (from the thread's kept timestamp) must lie between them. */
#define THREADS 4
#define PER_THREAD 4000

typedef struct span {
    long long before, after;
} span;

static span spans[THREADS][PER_THREAD];

static void *logger(void *arg)
{
    int t = (int)(intptr_t)arg;
    char id[32];
    for (int i = 0; i < PER_THREAD; i++) {
        snprintf(id, sizeof id, "t%d-%d", t, i);
        spans[t][i].before = now_ms();
        log_request("POST", "/v1/random/random", 200, 0.00001, id, "127.0.0.1", NULL, NULL);
        spans[t][i].after = now_ms();
        if (i % 500 == 0)
            usleep(1500); /* cross milliseconds and seconds' worth of changes */
    }
    return NULL;
}

START_TEST(kept_timestamp_is_the_calls_millisecond)
{
    capture_start();
    pthread_t th[THREADS];
    for (int t = 0; t < THREADS; t++)
        ck_assert_int_eq(pthread_create(&th[t], NULL, logger, (void *)(intptr_t)t), 0);
    for (int t = 0; t < THREADS; t++)
        pthread_join(th[t], NULL);
    size_t len;
    char *out = capture_end(&len);
    size_t lines = 0, distinct = 0;
    long long last = -1;
    for (char *line = out, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = '\0';
        const char *rest;
        long long ms = line_ms(line, &rest);
        int t, i;
        ck_assert_msg(sscanf(strstr(rest, "\"request_id\":\"") + 14, "t%d-%d", &t, &i) == 2, "%s", rest);
        ck_assert(t >= 0 && t < THREADS && i >= 0 && i < PER_THREAD);
        ck_assert_msg(ms >= spans[t][i].before && ms <= spans[t][i].after, "t%d-%d: %lld not in [%lld, %lld]",
                      t, i, ms, spans[t][i].before, spans[t][i].after);
        distinct += ms != last;
        last = ms;
        lines++;
    }
    ck_assert_uint_eq(lines, THREADS * PER_THREAD);
    ck_assert_uint_gt(distinct, 8); /* the kept timestamp was made again, many times */
    free(out);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "log", .setup = setup}), line_is_the_reference_line,
             line_too_long_is_cut_and_closed, kept_timestamp_is_the_calls_millisecond)
