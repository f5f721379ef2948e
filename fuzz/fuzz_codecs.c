/* libFuzzer target for core/codecs/codecs*.c: the first byte picks a codec,
 * the second an error handler and how the input is cut into chunks; the rest
 * is decoded (one-shot and incrementally), and (as far as it is valid UTF-8)
 * encoded (one-shot and incrementally), and a str with lone surrogates is
 * encoded too; escape_encode / escape_decode get the bytes.  No input may
 * crash, hang or leak, and two differential checks abort on a mismatch:
 * where the incremental codec keeps no chunk-dependent quirk, a strict
 * one-shot decoding that succeeds equals the chunked iterdecode joined, and
 * a strict one-shot encoding that succeeds equals the chunked iterencode
 * joined (state, pending bytes and pending combining characters carried
 * across chunks). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codecs/codecs.h"
#include "text/utf8.h"

static const char *const ENC[] = {"utf-8",
                                  "utf-8-sig",
                                  "utf-16",
                                  "utf-16-be",
                                  "utf-32",
                                  "utf-32-le",
                                  "ascii",
                                  "latin-1",
                                  "cp1252",
                                  "koi8-r",
                                  "cp037",
                                  "gb2312",
                                  "gbk",
                                  "gb18030",
                                  "big5",
                                  "cp950",
                                  "shift_jis",
                                  "cp932",
                                  "euc_jp",
                                  "euc_kr",
                                  "cp949",
                                  "undefined",
                                  "charmap",
                                  "mac_roman",
                                  "bogus",
                                  "hex",
                                  "utf-7",
                                  "iso2022_jp",
                                  "iso2022_jp_1",
                                  "iso2022_jp_2",
                                  "iso2022_jp_2004",
                                  "iso2022_jp_3",
                                  "iso2022_jp_ext",
                                  "iso2022_kr",
                                  "hz",
                                  "johab",
                                  "big5hkscs",
                                  "euc_jis_2004",
                                  "euc_jisx0213",
                                  "shift_jis_2004",
                                  "shift_jisx0213",
                                  "punycode",
                                  "idna",
                                  "unicode_escape",
                                  "raw_unicode_escape"};
/* the codecs whose chunked decoding equals the one-shot one when that succeeds */
static const char *const SAME_DECODE[] = {
    "utf-8",      "utf-16-be",    "utf-32-le",       "ascii",      "latin-1",
    "cp1252",     "gb18030",      "shift_jis",       "euc_kr",     "utf-7",
    "iso2022_jp", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_kr", "hz",
    "big5hkscs",  "euc_jis_2004", "shift_jisx0213",  "johab",      "raw_unicode_escape"};
/* ... and whose chunked encoding equals the one-shot one */
static const char *const SAME_ENCODE[] = {
    "utf-8",         "utf-8-sig",    "utf-16",       "utf-32-le",       "ascii",
    "latin-1",       "cp1252",       "gbk",          "gb18030",         "shift_jis",
    "iso2022_jp",    "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3",
    "iso2022_kr",    "hz",           "big5hkscs",    "euc_jis_2004",    "shift_jis_2004",
    "unicode_escape"};
static const char *const ERR[] = {
    "strict",          "ignore",        "replace", "backslashreplace", "xmlcharrefreplace", "namereplace",
    "surrogateescape", "surrogatepass", "bogus"};

#define N(a) (sizeof a / sizeof *a)
#define CAP (1 << 20)

static bool listed(const char *const *l, size_t n, const char *enc)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(l[i], enc))
            return true;
    return false;
}

/* The chunks of p[0..n): lengths from the seed, cyclically (0 an empty chunk). */
static pv *chunks(arena *a, const uint8_t *p, size_t n, unsigned seed, bool text)
{
    pv *l = pv_list(a, 8);
    for (size_t i = 0, k = 0; i < n; k++) {
        size_t len = (seed >> (2 * (k % 4))) & 3;
        if (k % 4 == 3 && len == 0)
            len = 1;
        if (len > n - i)
            len = n - i;
        if (text) /* never cut a UTF-8 sequence: a str is code points */
            while (i + len < n && (p[i + len] & 0xC0) == 0x80)
                len++;
        pv_list_push(a, l, text ? pv_str(a, (const char *)p + i, len) : pv_bytes(a, p + i, len));
        i += len;
    }
    return l;
}

static void joined(const pv *list, strbuf *out)
{
    for (size_t i = 0; i < list->l.len; i++)
        strbuf_append(out, list->l.items[i]->s.p, list->l.items[i]->s.len);
}

static void check_decode(arena *a, const char *enc, const uint8_t *d, size_t n, unsigned seed)
{
    py_err e;
    pv *one, *many;
    pv *strict = pv_cstr(a, "strict");
    if (!listed(SAME_DECODE, N(SAME_DECODE), enc) ||
        codecs_decode(a, pv_bytes(a, d, n), pv_cstr(a, enc), strict, CAP, &one, &e) < 0)
        return;
    if (codecs_iterdecode(a, chunks(a, d, n, seed, false), pv_cstr(a, enc), strict, CAP, &many, &e) < 0)
        abort(); /* one-shot succeeded, chunked failed */
    strbuf s = STRBUF_INIT;
    joined(many, &s);
    if (s.len != one->s.len || (s.len && memcmp(s.data, one->s.p, s.len)))
        abort();
    strbuf_free(&s);
}

static void check_encode(arena *a, const char *enc, const pv *str, unsigned seed)
{
    py_err e;
    pv *one, *many;
    pv *strict = pv_cstr(a, "strict");
    if (!listed(SAME_ENCODE, N(SAME_ENCODE), enc) ||
        codecs_encode(a, str, pv_cstr(a, enc), strict, CAP, &one, &e) < 0)
        return;
    if (codecs_iterencode(a, chunks(a, (const uint8_t *)str->s.p, str->s.len, seed, true), pv_cstr(a, enc),
                          strict, CAP, &many, &e) < 0)
        abort();
    strbuf s = STRBUF_INIT;
    joined(many, &s);
    if (s.len != one->s.len || (s.len && memcmp(s.data, one->s.p, s.len)))
        abort();
    strbuf_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const char *enc = ENC[data[0] % N(ENC)];
    const char *err = ERR[data[1] % N(ERR)];
    unsigned seed = data[1] * 2654435761u >> 16;
    data += 2, size -= 2;
    arena *a = arena_new();
    py_err e;
    pv *out, *bytes = pv_bytes(a, data, size), *pe = pv_cstr(a, enc), *ph = pv_cstr(a, err);
    codecs_decode(a, bytes, pe, ph, CAP, &out, &e);
    codecs_iterdecode(a, chunks(a, data, size, seed, false), pe, ph, CAP, &out, &e);
    check_decode(a, enc, data, size, seed);
    /* the str side: the valid UTF-8 prefix of the input */
    size_t ok = size, bad = 0;
    if (!utf8_check((const char *)data, size, NULL, NULL, &bad))
        ok = bad;
    pv *str = pv_str(a, (const char *)data, ok);
    codecs_encode(a, str, pe, ph, CAP, &out, &e);
    codecs_iterencode(a, chunks(a, data, ok, seed, true), pe, ph, CAP, &out, &e);
    check_encode(a, enc, str, seed);
    /* a str with lone surrogates, from the decoded text when there is one */
    if (codecs_decode(a, bytes, pv_cstr(a, "utf-8"), pv_cstr(a, "surrogateescape"), CAP, &out, &e) == 0) {
        codecs_encode(a, out, pe, ph, CAP, &str, &e);
        pv *l = pv_list(a, 1);
        pv_list_push(a, l, out);
        codecs_iterencode(a, l, pe, ph, CAP, &str, &e);
    }
    codecs_escape_decode(a, bytes, ph, CAP, &out, &e);
    codecs_escape_encode(a, bytes, ph, CAP, &out, &e);
    arena_free(a);
    return 0;
}
