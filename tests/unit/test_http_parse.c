/* server/http_parse.c: request heads (the request line, the fields and the
 * framing they announce, every malformed shape refused, a head trickled a
 * byte at a time) and chunked bodies (decoded from pieces of every size,
 * the bytes after the body left alone, every malformed shape refused). */
#include <check.h>

#include "testkit.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"

#define BUF_MAX 65536

static char buf[BUF_MAX];

/* Parses s[0..n) from a copy, in one go. */
static http_parse_rc parse_n(const char *s, size_t n, http_req *r, size_t *head_len)
{
    ck_assert_uint_lt(n, sizeof buf);
    memcpy(buf, s, n);
    size_t scan = 0;
    *head_len = 0;
    return http_parse_head(buf, n, &scan, head_len, r);
}

static http_parse_rc parse(const char *s, http_req *r)
{
    size_t hl;
    return parse_n(s, strlen(s), r, &hl);
}

/* ------------------------------------------------------------ valid heads */

START_TEST(request_line_parts)
{
    static const char s[] = "GET /a/b?c=d&e HTTP/1.1\r\nHost: x\r\n\r\n";
    http_req r;
    size_t hl;
    ck_assert_int_eq(parse_n(s, sizeof s - 1, &r, &hl), HP_OK);
    ck_assert_uint_eq(hl, sizeof s - 1);
    ck_assert_str_eq(r.method, "GET");
    ck_assert_str_eq(r.target, "/a/b?c=d&e");
    ck_assert_int_eq(r.minor, 1);
    ck_assert_uint_eq(r.nfields, 1);
    ck_assert(!r.close && !r.chunked && !r.has_length && !r.expect_continue && !r.length_conflict);

    ck_assert_int_eq(parse("OPTIONS * HTTP/1.1\r\n\r\n", &r), HP_OK);
    ck_assert_str_eq(r.method, "OPTIONS");
    ck_assert_str_eq(r.target, "*");
    ck_assert_uint_eq(r.nfields, 0);
    ck_assert_int_eq(parse("M-S.E~A!RCH http://h:1/x%20y HTTP/1.0\r\n\r\n", &r), HP_OK);
    ck_assert_str_eq(r.method, "M-S.E~A!RCH");
    ck_assert_str_eq(r.target, "http://h:1/x%20y");
    ck_assert_int_eq(r.minor, 0);
}
END_TEST

typedef struct seen {
    int n, stop_after;
    char names[8][32], values[8][64];
} seen;

static bool collect(void *cls, const char *name, size_t nl, const char *value, size_t vl)
{
    seen *s = cls;
    ck_assert_uint_eq(strlen(name), nl);
    ck_assert_uint_eq(strlen(value), vl);
    ck_assert_int_lt(s->n, 8);
    snprintf(s->names[s->n], sizeof s->names[0], "%s", name);
    snprintf(s->values[s->n], sizeof s->values[0], "%s", value);
    s->n++;
    return s->n != s->stop_after;
}

START_TEST(fields_in_order_ows_trimmed)
{
    http_req r;
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\n"
                           "A:  1 \t\r\n"
                           "bB:\t two  words\t \r\n"
                           "Empty:\r\n"
                           "Spaces: \t \r\n"
                           "a: again\r\n"
                           "X-Obs: caf\xc3\xa9 \x80\xff\r\n"
                           "\r\n",
                           &r),
                     HP_OK);
    ck_assert_uint_eq(r.nfields, 6);
    seen s = {0, 0, {{0}}, {{0}}};
    http_req_fields(&r, collect, &s);
    ck_assert_int_eq(s.n, 6);
    static const char *names[] = {"A", "bB", "Empty", "Spaces", "a", "X-Obs"};
    static const char *values[] = {"1", "two  words", "", "", "again", "caf\xc3\xa9 \x80\xff"};
    for (int i = 0; i < 6; i++) {
        ck_assert_str_eq(s.names[i], names[i]);
        ck_assert_str_eq(s.values[i], values[i]);
    }
    seen first = {0, 2, {{0}}, {{0}}};
    http_req_fields(&r, collect, &first); /* stops when the callback says so */
    ck_assert_int_eq(first.n, 2);

    ck_assert_str_eq(http_req_field(&r, "a"), "1"); /* the first of two, without case */
    ck_assert_str_eq(http_req_field(&r, "A"), "1");
    ck_assert_str_eq(http_req_field(&r, "BB"), "two  words");
    ck_assert_str_eq(http_req_field(&r, "empty"), "");
    ck_assert_ptr_null(http_req_field(&r, "missing"));
    ck_assert_ptr_null(http_req_field(&r, "Empt"));
    ck_assert_ptr_null(http_req_field(&r, "Emptyy"));
    ck_assert_ptr_null(http_req_field(&r, ""));
}
END_TEST

START_TEST(leading_empty_lines_skipped)
{
    static const char s[] = "\r\n\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\nGET /next";
    http_req r;
    size_t hl;
    ck_assert_int_eq(parse_n(s, sizeof s - 1, &r, &hl), HP_OK);
    ck_assert_uint_eq(hl, sizeof s - 1 - strlen("GET /next"));
    ck_assert_str_eq(r.method, "GET");
    ck_assert_str_eq(r.target, "/x");
    ck_assert_str_eq(http_req_field(&r, "host"), "h");
    ck_assert_int_eq(parse("\r\n\r\n", &r), HP_INCOMPLETE);
}
END_TEST

START_TEST(connection_and_versions)
{
    http_req r;
    ck_assert_int_eq(parse("GET / HTTP/1.0\r\n\r\n", &r), HP_OK);
    ck_assert(r.close);
    ck_assert_int_eq(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", &r), HP_OK);
    ck_assert(!r.close);
    ck_assert_int_eq(parse("GET / HTTP/1.0\r\nconnection: foo,  Keep-Alive ,bar\r\n\r\n", &r), HP_OK);
    ck_assert(!r.close);
    ck_assert_int_eq(parse("GET / HTTP/1.0\r\nConnection: keep-alivex\r\n\r\n", &r), HP_OK);
    ck_assert(r.close);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\n\r\n", &r), HP_OK);
    ck_assert(!r.close);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", &r), HP_OK);
    ck_assert(r.close);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nConnection: Upgrade,\tCLOSE\r\n\r\n", &r), HP_OK);
    ck_assert(r.close);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nConnection: closed, keep-alive\r\n\r\n", &r), HP_OK);
    ck_assert(!r.close);
    ck_assert_int_eq(
        parse("GET / HTTP/1.1\r\nX: 1\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n", &r), HP_OK);
    ck_assert(r.close); /* the lists of every Connection field */
    ck_assert_int_eq(parse("GET / HTTP/1.2\r\n\r\n", &r), HP_OK);
    ck_assert_int_eq(r.minor, 1);
    ck_assert_int_eq(parse("GET / HTTP/1.9\r\n\r\n", &r), HP_OK);
    ck_assert_int_eq(r.minor, 1);
    ck_assert_int_eq(parse("GET / HTTP/2.0\r\n\r\n", &r), HP_VERSION);
    ck_assert_int_eq(parse("GET / HTTP/9.9\r\n\r\n", &r), HP_VERSION);
    ck_assert_int_eq(parse("GET / HTTP/0.9\r\n\r\n", &r), HP_VERSION);
}
END_TEST

START_TEST(expect_continue)
{
    http_req r;
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", &r),
                     HP_OK);
    ck_assert(r.expect_continue);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nexpect:100-Continue \r\n\r\n", &r), HP_OK);
    ck_assert(r.expect_continue);
    ck_assert_int_eq(parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n", &r),
                     HP_OK);
    ck_assert(!r.expect_continue); /* HTTP/1.0 has no 100 */
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nExpect: 100-continuex\r\n\r\n", &r), HP_OK);
    ck_assert(!r.expect_continue);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nExpects: 100-continue\r\n\r\n", &r), HP_OK);
    ck_assert(!r.expect_continue);
}
END_TEST

START_TEST(content_length_and_chunked)
{
    http_req r;
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nContent-Length: 42\r\n\r\n", &r), HP_OK);
    ck_assert(r.has_length && !r.length_conflict && !r.chunked);
    ck_assert_uint_eq(r.length, 42);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\ncontent-length:0 \r\n\r\n", &r), HP_OK);
    ck_assert(r.has_length);
    ck_assert_uint_eq(r.length, 0);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nContent-Length: 9999999999999999999\r\n\r\n", &r), HP_OK);
    ck_assert_uint_eq(r.length, 9999999999999999999ull); /* 19 digits */
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", &r), HP_OK);
    ck_assert(r.has_length && !r.length_conflict);
    ck_assert_uint_eq(r.length, 5);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", &r), HP_OK);
    ck_assert(r.length_conflict);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", &r),
                     HP_OK);
    ck_assert(r.length_conflict && r.chunked);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", &r),
                     HP_OK);
    ck_assert(r.length_conflict && r.chunked);
    ck_assert_int_eq(parse("POST / HTTP/1.1\r\ntransfer-encoding:  CHUNKED\t\r\n\r\n", &r), HP_OK);
    ck_assert(r.chunked && !r.has_length && !r.length_conflict);
    ck_assert_int_eq(
        parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", &r),
        HP_BAD);
    static const char *codings[] = {"gzip", "gzip, chunked", "chunked, gzip", "chunked,", "identity", ""};
    for (size_t i = 0; i < sizeof codings / sizeof *codings; i++) {
        char s[128];
        snprintf(s, sizeof s, "POST / HTTP/1.1\r\nTransfer-Encoding: %s\r\n\r\n", codings[i]);
        ck_assert_msg(parse(s, &r) == HP_CODING, "Transfer-Encoding: %s", codings[i]);
    }
    static const char *lengths[] = {"+5",
                                    "-5",
                                    "5a",
                                    "0x5",
                                    "a",
                                    "5 5",
                                    "5,5",
                                    "",
                                    "1.0",
                                    "18446744073709551616",
                                    "00000000000000000001"};
    for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
        char s[128];
        snprintf(s, sizeof s, "POST / HTTP/1.1\r\nContent-Length: %s\r\n\r\n", lengths[i]);
        ck_assert_msg(parse(s, &r) == HP_BAD, "Content-Length: %s", lengths[i]);
    }
}
END_TEST

/* ------------------------------------------------------------ malformed heads */

typedef struct bad_case {
    const char *s;
    size_t n; /* 0: strlen */
    http_parse_rc rc;
} bad_case;

#define LIT(s) (s), sizeof(s) - 1

static const bad_case BAD[] = {
    {"GET / HTTP/1.1\nHost: x\r\n\r\n", 0, HP_BAD},      /* bare LF ending the request line */
    {"GET / HTTP/1.1\r\nHost: x\n\r\n", 0, HP_BAD},      /* ... a field line */
    {"GET / HTTP/1.1\r\nHost: x\r\n\n", 0, HP_BAD},      /* ... the empty line */
    {"\nGET / HTTP/1.1\r\n\r\n", 0, HP_BAD},             /* ... a leading empty line */
    {"GET / HTTP/1.1\r\nA: b\nc\r\n\r\n", 0, HP_BAD},    /* ... inside a value */
    {"GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 0, HP_BAD}, /* obs-fold */
    {"GET / HTTP/1.1\r\nA: b\r\n\tc\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.1\r\n Host: x\r\n\r\n", 0, HP_BAD}, /* a first field line folded */
    {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 0, HP_BAD}, /* space before the colon */
    {"GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.1\r\nHost x\r\n\r\n", 0, HP_BAD}, /* no colon */
    {"GET / HTTP/1.1\r\nHost\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.1\r\n: x\r\n\r\n", 0, HP_BAD},    /* empty name */
    {"GET / HTTP/1.1\r\nA(b: x\r\n\r\n", 0, HP_BAD}, /* not a token */
    {"GET / HTTP/1.1\r\nA\x80: x\r\n\r\n", 0, HP_BAD},
    {LIT("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n"), HP_BAD}, /* NUL in a value */
    {LIT("GET / HTTP/1.1\r\nA: \0\r\n\r\n"), HP_BAD},
    {"GET / HTTP/1.1\r\nA: b\x01\r\n\r\n", 0, HP_BAD}, /* CTL in a value */
    {"GET / HTTP/1.1\r\nA: b\x1f c\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.1\r\nA: b\x7f\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", 0, HP_BAD}, /* a bare CR */
    {"GET / HTTP/1.1\r\nA: b\r\r\n\r\n", 0, HP_BAD},
    {"GET /a\x01 HTTP/1.1\r\n\r\n", 0, HP_BAD}, /* CTL in the target */
    {"GET /a\x7f HTTP/1.1\r\n\r\n", 0, HP_BAD},
    {"GET /a\tb HTTP/1.1\r\n\r\n", 0, HP_BAD},
    {LIT("GET /a\0 HTTP/1.1\r\n\r\n"), HP_BAD},
    {"GET /\r HTTP/1.1\r\n\r\n", 0, HP_BAD},
    {"GET /\r\n\r\n", 0, HP_BAD}, /* no version */
    {"GET / \r\n\r\n", 0, HP_BAD},
    {"GET\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.10\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/11\r\n\r\n", 0, HP_BAD},
    {"GET / http/1.1\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/a.1\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.x\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/1.1 \r\n\r\n", 0, HP_BAD}, /* a space too many */
    {"GET  / HTTP/1.1\r\n\r\n", 0, HP_BAD},
    {"GET /  HTTP/1.1\r\n\r\n", 0, HP_BAD},
    {" GET / HTTP/1.1\r\n\r\n", 0, HP_BAD},
    {"GET\t/ HTTP/1.1\r\n\r\n", 0, HP_BAD},
    {"G(T / HTTP/1.1\r\n\r\n", 0, HP_BAD}, /* not a token */
    {"GET / HTTP/1.1 x\r\n\r\n", 0, HP_BAD},
    {"GET / HTTP/2.0\r\n\r\n", 0, HP_VERSION},
    {"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 0, HP_VERSION},
    {"GET / HTTP/3.1\r\n\r\n", 0, HP_VERSION},
};

START_TEST(malformed_heads)
{
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        size_t n = BAD[i].n ? BAD[i].n : strlen(BAD[i].s);
        http_req r;
        size_t hl;
        http_parse_rc rc = parse_n(BAD[i].s, n, &r, &hl);
        ck_assert_msg(rc == BAD[i].rc, "case %zu: %d, expected %d", i, (int)rc, (int)BAD[i].rc);
    }
}
END_TEST

/* A bare LF is refused as soon as it arrives, not once the head is whole. */
START_TEST(bare_lf_at_once)
{
    http_req r;
    ck_assert_int_eq(parse("GET / HTTP/1.1\n", &r), HP_BAD);
    ck_assert_int_eq(parse("GET / HTTP/1.1\r\nA: b\n", &r), HP_BAD);
    ck_assert_int_eq(parse("\n", &r), HP_BAD);
}
END_TEST

/* ------------------------------------------------------------ heads in pieces */

static const char *const VALID[] = {
    "GET / HTTP/1.1\r\n\r\n",
    "GET /a?b HTTP/1.1\r\nHost: example\r\nAccept: */*\r\n\r\n",
    "POST /v1/x HTTP/1.0\r\nContent-Length: 12\r\nConnection: keep-alive\r\nX:\r\n\r\n",
    "PUT /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nA: \t x \t\r\n\r\n",
    "\r\nGET /after-one-empty-line HTTP/1.1\r\nHost: h\r\n\r\n",
    "\r\n\r\nGET /after-two HTTP/1.1\r\n\r\n",
};

static bool same_req(const http_req *a, const http_req *b)
{
    if (strcmp(a->method, b->method) != 0 || strcmp(a->target, b->target) != 0 || a->minor != b->minor ||
        a->nfields != b->nfields || a->chunked != b->chunked || a->has_length != b->has_length ||
        a->length != b->length || a->length_conflict != b->length_conflict || a->close != b->close ||
        a->expect_continue != b->expect_continue)
        return false;
    const char *p = a->fields, *q = b->fields;
    for (unsigned i = 0; i < 2 * a->nfields; i++) {
        if (strcmp(p, q) != 0)
            return false;
        p += strlen(p) + 1;
        q += strlen(q) + 1;
    }
    return true;
}

START_TEST(every_proper_prefix_incomplete)
{
    static char copy[BUF_MAX];
    for (size_t v = 0; v < sizeof VALID / sizeof *VALID; v++) {
        size_t n = strlen(VALID[v]);
        for (size_t k = 0; k < n; k++) {
            memcpy(copy, VALID[v], k);
            size_t scan = 0, hl = 12345;
            http_req r;
            memset(&r, 0x5a, sizeof r);
            http_parse_rc rc = http_parse_head(copy, k, &scan, &hl, &r);
            ck_assert_msg(rc == HP_INCOMPLETE, "head %zu, prefix %zu: %d", v, k, (int)rc);
            ck_assert_msg(memcmp(copy, VALID[v], k) == 0, "head %zu, prefix %zu: the bytes changed", v, k);
            ck_assert_uint_eq(hl, 12345);
            ck_assert_uint_le(scan, k);
        }
    }
}
END_TEST

/* Fed a byte at a time, resuming with `scan`: incomplete until the last
 * byte, then what one call on the whole head answers. */
START_TEST(byte_by_byte_with_scan)
{
    static char whole[BUF_MAX], trickle[BUF_MAX];
    for (size_t v = 0; v < sizeof VALID / sizeof *VALID; v++) {
        size_t n = strlen(VALID[v]);
        memcpy(whole, VALID[v], n);
        size_t scan = 0, hl_whole = 0, hl = 0;
        http_req rw = {0}, r = {0};
        ck_assert_int_eq(http_parse_head(whole, n, &scan, &hl_whole, &rw), HP_OK);
        ck_assert_uint_eq(hl_whole, n);
        scan = 0;
        http_parse_rc rc = HP_INCOMPLETE;
        for (size_t k = 1; k <= n; k++) {
            trickle[k - 1] = VALID[v][k - 1];
            size_t before = scan;
            rc = http_parse_head(trickle, k, &scan, &hl, &r);
            if (k < n) {
                ck_assert_msg(rc == HP_INCOMPLETE, "head %zu at %zu: %d", v, k, (int)rc);
                ck_assert_uint_ge(scan, before);
                ck_assert_uint_le(scan, k);
            }
        }
        ck_assert_msg(rc == HP_OK, "head %zu trickled: %d", v, (int)rc);
        ck_assert_uint_eq(hl, hl_whole);
        ck_assert_msg(same_req(&r, &rw), "head %zu: trickled and whole differ", v);
    }
}
END_TEST

/* In two pieces split at every point, the second piece also carrying the
 * start of a pipelined request. */
START_TEST(two_pieces_with_scan)
{
    static char b[BUF_MAX];
    static const char next[] = "GET /next HTTP/1.1\r\n";
    for (size_t v = 0; v < sizeof VALID / sizeof *VALID; v++) {
        size_t n = strlen(VALID[v]);
        for (size_t k = 0; k < n; k++) {
            memcpy(b, VALID[v], n);
            memcpy(b + n, next, sizeof next - 1);
            size_t scan = 0, hl = 0;
            http_req r;
            ck_assert_int_eq(http_parse_head(b, k, &scan, &hl, &r), HP_INCOMPLETE);
            ck_assert_msg(http_parse_head(b, n + sizeof next - 1, &scan, &hl, &r) == HP_OK,
                          "head %zu split at %zu", v, k);
            ck_assert_uint_eq(hl, n);
        }
    }
}
END_TEST

/* ------------------------------------------------------------ chunked bodies */

/* Decodes enc[0..n) fed in pieces of `piece` bytes (each piece appended to
 * what the decoder left unconsumed).  Returns the decoded bytes in out
 * (*out_n), -1 on an error, else the bytes of enc consumed. */
static long decode_pieces(const char *enc, size_t n, size_t piece, char *out, size_t *out_n, bool *done)
{
    static char work[BUF_MAX * 4];
    http_chunked c;
    memset(&c, 0, sizeof c);
    size_t off = 0;
    *out_n = 0;
    *done = false;
    while (off < n && !*done) {
        size_t k = n - off < piece ? n - off : piece;
        memcpy(work, enc + off, k);
        size_t o = 12345;
        long used = http_chunked_decode(&c, work, k, &o, done);
        if (used < 0)
            return -1;
        ck_assert_int_le(used, (long)k);
        ck_assert_uint_le(o, (size_t)used);
        if (!*done)
            ck_assert_int_eq(used, (long)k); /* all taken while the body goes on */
        memcpy(out + *out_n, work, o);
        *out_n += o;
        off += (size_t)used;
    }
    return (long)off;
}

/* Appends s (without its NUL) at buf[*n]. */
static void put(char *buf, size_t *n, const char *s)
{
    while (*s)
        buf[(*n)++] = *s++;
}

typedef struct chunk_case {
    const char *body; /* the encoded body */
    const char *rest; /* then bytes that are not the body's: left unconsumed */
    const char *data; /* the decoded body */
} chunk_case;

static const chunk_case CHUNKS[] = {
    {"5\r\nhello\r\n0\r\n\r\n", "", "hello"},
    {"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "GET / HTTP/1.1\r\n\r\n", "hello world"},
    {"A\r\n0123456789\r\na;ext=1\r\nabcdefghij\r\n0\r\n\r\n", "", "0123456789abcdefghij"},
    {"1;a=b;c=\"d e\"\r\nx\r\n0;last\r\n\r\n", "X", "x"},
    {"1 ;a\r\ny\r\n1\t;b\r\nz\r\n0\r\n\r\n", "", "yz"},
    {"00000f\r\n0123456789abcde\r\n0000\r\n\r\n", "", "0123456789abcde"},
    {"3\r\n\r\n\r\r\n0\r\nTrailer: x\r\nOther: y z\r\n\r\n", "next", "\r\n\r"},
    {"0\r\n\r\n", "", ""},
    {"0\r\nA: b\r\n\r\n", "\r\n", ""},
    {"1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n", "0\r\n\r\n", "abcdefghijklmnopqrstuvwxyz"},
};

START_TEST(chunked_every_piece_size)
{
    static char out[BUF_MAX];
    int runs = 0;
    for (size_t i = 0; i < sizeof CHUNKS / sizeof *CHUNKS; i++) {
        const chunk_case *t = &CHUNKS[i];
        char enc[256];
        size_t body_len = strlen(t->body);
        size_t n = (size_t)snprintf(enc, sizeof enc, "%s%s", t->body, t->rest);
        for (size_t piece = 1; piece <= n; piece++) {
            size_t on;
            bool done;
            long used = decode_pieces(enc, n, piece, out, &on, &done);
            ck_assert_msg(used == (long)body_len, "case %zu piece %zu: %ld used, expected %zu", i, piece,
                          used, body_len);
            ck_assert(done);
            ck_assert_uint_eq(on, strlen(t->data));
            ck_assert_msg(memcmp(out, t->data, on) == 0, "case %zu piece %zu: other bytes", i, piece);
            runs++;
        }
    }
    ck_assert_int_gt(runs, 200);
}
END_TEST

START_TEST(chunked_large_and_done)
{
    /* 1000 chunks of 1 to 97 bytes, fed in pieces of a few sizes */
    static char enc[BUF_MAX * 4], data[BUF_MAX * 2], out[BUF_MAX * 4];
    size_t en = 0, dn = 0;
    for (int i = 0; i < 1000; i++) {
        size_t k = (size_t)(i % 97) + 1;
        en += (size_t)snprintf(enc + en, sizeof enc - en, "%zx\r\n", k);
        for (size_t j = 0; j < k; j++)
            data[dn + j] = enc[en + j] = (char)('a' + (i + j) % 26);
        en += k;
        dn += k;
        put(enc, &en, "\r\n");
    }
    put(enc, &en, "0\r\n\r\n");
    ck_assert_uint_lt(en, sizeof enc / 2);
    static const size_t pieces[] = {1, 2, 3, 7, 64, 1000, 4096, BUF_MAX};
    for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++) {
        size_t on;
        bool done;
        ck_assert_int_eq(decode_pieces(enc, en, pieces[p], out, &on, &done), (long)en);
        ck_assert(done);
        ck_assert_uint_eq(on, dn);
        ck_assert(memcmp(out, data, dn) == 0);
    }
    /* once done, nothing more is consumed */
    http_chunked c;
    memset(&c, 0, sizeof c);
    char b[] = "0\r\n\r\nrest";
    size_t o;
    bool done;
    ck_assert_int_eq(http_chunked_decode(&c, b, 9, &o, &done), 5);
    ck_assert(done);
    ck_assert_int_eq(http_chunked_decode(&c, b + 5, 4, &o, &done), 0);
    ck_assert(done);
    ck_assert_uint_eq(o, 0);
}
END_TEST

static const char *const CHUNK_BAD[] = {
    "g\r\n",                    /* not hex */
    "\r\n",                     /* no size */
    ";ext\r\n",                 /* ... only an extension */
    " 5\r\nhello\r\n0\r\n\r\n", /* a space before the size */
    "-1\r\n",
    "0x5\r\nhello\r\n0\r\n\r\n",
    "5\nhello\r\n0\r\n\r\n", /* a bare LF after the size */
    "5\rhello\r\n0\r\n\r\n", /* a CR without LF */
    "5;a\nb\r\nhello\r\n",   /* LF in an extension */
    "5;a\x01\r\nhello\r\n",  /* CTL in an extension */
    "5;a\x7f\r\nhello\r\n",
    "5\r\nhelloX\r\n0\r\n\r\n", /* no CRLF after the data */
    "5\r\nhello\rX0\r\n\r\n",
    "5\r\nhello\n0\r\n\r\n",
    "1000000000000000\r\n", /* 16 digits */
    "0000000000000000\r\n",
    "ffffffffffffffffff\r\n",
    "0\r\nA: b\n\r\n", /* a bare LF in a trailer */
    "0\r\nA: b\rX\r\n\r\n",
    "0\r\n\rX",
    "0\r\n\n",
};

START_TEST(chunked_errors)
{
    static char out[BUF_MAX];
    for (size_t i = 0; i < sizeof CHUNK_BAD / sizeof *CHUNK_BAD; i++) {
        size_t n = strlen(CHUNK_BAD[i]);
        for (size_t piece = 1; piece <= n; piece++) {
            size_t on;
            bool done;
            ck_assert_msg(decode_pieces(CHUNK_BAD[i], n, piece, out, &on, &done) == -1, "case %zu piece %zu",
                          i, piece);
        }
    }
    /* NUL in a trailer */
    http_chunked c;
    memset(&c, 0, sizeof c);
    char nul[] = "0\r\nA\0b\r\n\r\n";
    size_t o;
    bool done;
    ck_assert_int_eq(http_chunked_decode(&c, nul, sizeof nul - 1, &o, &done), -1);
    /* 15 digits are fine; the size line may be long with extensions, up to a limit */
    memset(&c, 0, sizeof c);
    char fifteen[] = "fffffffffffffff\r\nab";
    ck_assert_int_eq(http_chunked_decode(&c, fifteen, sizeof fifteen - 1, &o, &done),
                     (long)sizeof fifteen - 1);
    ck_assert_uint_eq(o, 2);
    ck_assert(!done);
}
END_TEST

/* A chunk whose size line has `ext` extension bytes, then a trailer
 * section of `lines` lines of 1000 bytes. */
static long long_lines(size_t ext, size_t lines, size_t piece)
{
    static char enc[BUF_MAX * 2], out[BUF_MAX * 2];
    size_t n = 0;
    enc[n++] = '1';
    enc[n++] = ';';
    memset(enc + n, 'e', ext);
    n += ext;
    put(enc, &n, "\r\nx\r\n0\r\n");
    for (size_t i = 0; i < lines; i++) {
        put(enc, &n, "T:");
        memset(enc + n, 'v', 998);
        n += 998;
        put(enc, &n, "\r\n");
    }
    put(enc, &n, "\r\n");
    ck_assert_uint_le(n, sizeof enc);
    size_t on;
    bool done;
    long used = decode_pieces(enc, n, piece, out, &on, &done);
    if (used >= 0) {
        ck_assert(done);
        ck_assert_int_eq(used, (long)n);
        ck_assert_uint_eq(on, 1);
    }
    return used;
}

START_TEST(chunked_limits)
{
    static const size_t pieces[] = {1, 5, 4096, BUF_MAX * 2};
    for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++) {
        ck_assert_int_gt(long_lines(4000, 0, pieces[p]), 0);
        ck_assert_int_eq(long_lines(4200, 0, pieces[p]), -1); /* a size line over 4 KiB */
        ck_assert_int_eq(long_lines(60000, 0, pieces[p]), -1);
        ck_assert_int_gt(long_lines(0, 15, pieces[p]), 0);
        ck_assert_int_eq(long_lines(0, 17, pieces[p]), -1); /* a trailer over 16 KiB */
        ck_assert_int_eq(long_lines(0, 60, pieces[p]), -1);
    }
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "http_parse", .timeout = 120}), request_line_parts,
             fields_in_order_ows_trimmed, leading_empty_lines_skipped, connection_and_versions,
             expect_continue, content_length_and_chunked, malformed_heads, bare_lf_at_once,
             every_proper_prefix_incomplete, byte_by_byte_with_scan, two_pieces_with_scan,
             chunked_every_piece_size, chunked_large_and_done, chunked_errors, chunked_limits)
