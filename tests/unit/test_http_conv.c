/* The parsers of the HTTP conventions (server/): W3C traceparent and
 * tracestate validation (trace.c), If-None-Match matching (static_doc.c),
 * Accept-Encoding / Content-Encoding and the capped inflating (http_codec.c). */
#include <stdlib.h>
#include <string.h>

#include "http_codec.h"
#include "static_doc.h"
#include "testkit.h"
#include "trace.h"

#define TP "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

START_TEST(traceparent_valid)
{
    const char *good[] = {TP, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff",
                          /* a later version: the 00 fields, maybe more after a '-' */
                          "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                          "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(trace_parent_valid(good[i]), "%s", good[i]);
    const char *bad[] = {
        NULL,
        "",
        "00",
        TP "-",
        TP "0",                                                    /* length */
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", /* version ff */
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", /* not hex */
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", /* upper case */
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", /* zero trace id */
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", /* zero parent id */
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x", /* flags */
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", /* separators */
        "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", /* later version, no '-' */
        " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!trace_parent_valid(bad[i]), "%s", bad[i] ? bad[i] : "NULL");
}
END_TEST

START_TEST(tracestate_valid)
{
    const char *good[] = {"",
                          "rojo=00f067aa0ba902b7",
                          "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
                          " rojo=1 ,\tcongo=2 ",
                          "a=1,,b=2",
                          "tenant1@vendor=x",
                          "k/_-*9=v v",
                          "a=~!\"#$%&'()*+-./:;<>?@[]^_`{|}"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(trace_state_valid(good[i]), "%s", good[i]);
    const char *bad[] = {NULL,     "rojo",         "=1",   "Rojo=1", "1abc=1", "a=1,a=2",
                         "a=b=c",  "a=",           "a@=1", "@b=1",   "a@B=1",  "a@b12345678901234=1",
                         "a=\x7f", "a=caf\xc3\xa9"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!trace_state_valid(bad[i]), "%s", bad[i] ? bad[i] : "NULL");
    /* 32 members at most; 512 characters at most */
    char many[400] = "";
    for (int i = 0; i < 33; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "%sk%d=v", i ? "," : "", i);
    ck_assert(!trace_state_valid(many));
    *strrchr(many, ',') = '\0';
    ck_assert(trace_state_valid(many));
    char longv[600];
    memset(longv, 'v', sizeof longv);
    memcpy(longv, "a=", 2);
    longv[sizeof longv - 1] = '\0';
    ck_assert(!trace_state_valid(longv));
}
END_TEST

START_TEST(trace_parse_and_child)
{
    trace_ctx t;
    trace_parse(&t, TP, "rojo=1, bad key=2");
    ck_assert(t.valid);
    ck_assert_str_eq(t.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    ck_assert_str_eq(t.parent_id, "00f067aa0ba902b7");
    ck_assert_ptr_null(t.state); /* a malformed tracestate is dropped alone */
    ck_assert_int_eq((int)strlen(t.span_id), 16);
    ck_assert_str_ne(t.span_id, "0000000000000000");
    char out[56];
    trace_child(&t, out);
    ck_assert(trace_parent_valid(out));
    ck_assert_int_eq(memcmp(out, "00-4bf92f3577b34da6a3ce929d0e0e4736-", 36), 0);
    ck_assert_int_eq(memcmp(out + 36, t.span_id, 16), 0);
    ck_assert_str_eq(out + 52, "-01");
    trace_parse(&t, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-fe", "rojo=1");
    ck_assert_str_eq(t.state, "rojo=1");
    trace_child(&t, out);
    ck_assert_str_eq(out + 52, "-00"); /* only the sampled bit goes on */
    trace_parse(&t, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "rojo=1");
    ck_assert(!t.valid);
    trace_parse(&t, NULL, NULL);
    ck_assert(!t.valid);
}
END_TEST

START_TEST(if_none_match)
{
    const char *et = "\"abc\"";
    const char *yes[] = {"\"abc\"",   "W/\"abc\"",       "*", "\"x\", \"abc\"", "\"x\",W/\"abc\"",
                         " \"abc\" ", "\"a,b\", \"abc\""};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        ck_assert_msg(static_doc_none_match(yes[i], et), "%s", yes[i]);
    const char *no[] = {NULL, "", "\"ab\"", "abc", "\"abcd\"", "W/\"ab\"", "\"abc", "\"a,\"abc\"\""};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        ck_assert_msg(!static_doc_none_match(no[i], et), "%s", no[i] ? no[i] : "NULL");
}
END_TEST

START_TEST(accept_encoding)
{
    const char *yes[] = {"gzip",     "GZIP",           "x-gzip",        "*",       "br, gzip;q=0.5",
                         "gzip;q=1", "gzip ; q=0.001", "deflate, gzip", "*;q=0.1", "br;q=0, *"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        ck_assert_msg(codec_accepts_gzip(yes[i]), "%s", yes[i]);
    const char *no[] = {NULL,          "",         "identity",      "br",
                        "deflate",     "gzip;q=0", "gzip; q=0.000", "*;q=0",
                        "gzip;q=0, *", "gzipx",    "gzip;q=x"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        ck_assert_msg(!codec_accepts_gzip(no[i]), "%s", no[i] ? no[i] : "NULL");
    ck_assert_int_eq(codec_content_coding(NULL), CODING_IDENTITY);
    ck_assert_int_eq(codec_content_coding(" identity "), CODING_IDENTITY);
    ck_assert_int_eq(codec_content_coding("GZip"), CODING_GZIP);
    ck_assert_int_eq(codec_content_coding("x-gzip"), CODING_GZIP);
    ck_assert_int_eq(codec_content_coding("deflate"), CODING_DEFLATE);
    ck_assert_int_eq(codec_content_coding("gzip, gzip"), CODING_UNSUPPORTED);
    ck_assert_int_eq(codec_content_coding("br"), CODING_UNSUPPORTED);
}
END_TEST

static int to_strbuf(void *ctx, const char *p, size_t n)
{
    strbuf_append(ctx, p, n);
    return 0;
}

static int refuse_all(void *ctx, const char *p, size_t n)
{
    (void)ctx, (void)p, (void)n;
    return -1;
}

START_TEST(gzip_round_trip_and_caps)
{
    size_t n = 300000;
    char *text = malloc(n);
    for (size_t i = 0; i < n; i++)
        text[i] = (char)('a' + (i * 7 + i / 11) % 26);
    strbuf z = STRBUF_INIT, back = STRBUF_INIT;
    ck_assert_int_eq(codec_gzip(text, n, 1, &z), 0);
    ck_assert(z.len < n);
    ck_assert_int_eq(codec_inflate(CODING_GZIP, z.data, z.len, n, to_strbuf, &back), CODEC_OK);
    ck_assert_uint_eq(back.len, n);
    ck_assert_int_eq(memcmp(back.data, text, n), 0);
    /* one byte less than the text: stopped at the cap, having kept no more than it */
    strbuf_clear(&back);
    ck_assert_int_eq(codec_inflate(CODING_GZIP, z.data, z.len, n - 1, to_strbuf, &back), CODEC_TOO_LARGE);
    ck_assert(back.len <= n - 1);
    ck_assert_int_eq(codec_inflate(CODING_GZIP, z.data, z.len, n, refuse_all, NULL), CODEC_REFUSED);
    ck_assert_int_eq(codec_inflate(CODING_GZIP, z.data, z.len - 1, n, to_strbuf, &back), CODEC_BAD);
    ck_assert_int_eq(codec_inflate(CODING_DEFLATE, z.data, z.len, n, to_strbuf, &back), CODEC_BAD);
    ck_assert_int_eq(codec_inflate(CODING_GZIP, "", 0, n, to_strbuf, &back), CODEC_BAD);
    strbuf_free(&z);
    strbuf_free(&back);
    free(text);
    ck_assert(codec_compressible(NULL));
    ck_assert(codec_compressible("text/html; charset=utf-8"));
    ck_assert(!codec_compressible("image/png"));
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "http_conv"}), traceparent_valid, tracestate_valid,
             trace_parse_and_child, if_none_match, accept_encoding, gzip_round_trip_and_caps)
