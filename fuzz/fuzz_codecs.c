/* libFuzzer target for core/codecs/codecs*.c: the first byte picks a codec and an
 * error handler, the rest is decoded, and (as far as it is valid UTF-8)
 * encoded; no input may crash, hang or leak. */
#include <stdint.h>
#include <string.h>

#include "codecs/codecs.h"
#include "text/utf8.h"

static const char *const ENC[] = {
    "utf-8",  "utf-8-sig", "utf-16", "utf-16-be", "utf-32",  "utf-32-le", "ascii", "latin-1",   "cp1252",
    "koi8-r", "cp037",     "gb2312", "gbk",       "gb18030", "big5",      "cp950", "shift_jis", "cp932",
    "euc_jp", "euc_kr",    "cp949",  "undefined", "charmap", "mac_roman", "bogus", "hex"};
static const char *const ERR[] = {
    "strict",          "ignore",        "replace", "backslashreplace", "xmlcharrefreplace", "namereplace",
    "surrogateescape", "surrogatepass", "bogus"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *enc = ENC[data[0] % (sizeof ENC / sizeof *ENC)];
    const char *err = ERR[(data[0] / 32) % (sizeof ERR / sizeof *ERR)];
    data++, size--;
    arena *a = arena_new();
    py_err e;
    pv *out;
    codecs_decode(a, pv_bytes(a, data, size), pv_cstr(a, enc), pv_cstr(a, err), 1 << 20, &out, &e);
    /* the str side: the valid UTF-8 prefix of the input */
    size_t ok = size, bad = 0;
    if (!utf8_check((const char *)data, size, NULL, NULL, &bad))
        ok = bad;
    codecs_encode(a, pv_str(a, (const char *)data, ok), pv_cstr(a, enc), pv_cstr(a, err), 1 << 20, &out, &e);
    /* a str with lone surrogates, from the decoded text when there is one */
    if (codecs_decode(a, pv_bytes(a, data, size), pv_cstr(a, "utf-8"), pv_cstr(a, "surrogateescape"), 1 << 20,
                      &out, &e) == 0)
        codecs_encode(a, out, pv_cstr(a, enc), pv_cstr(a, err), 1 << 20, &out, &e);
    arena_free(a);
    return 0;
}
