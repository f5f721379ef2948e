/* libFuzzer target for the re translator and matcher: any input becomes a
 * pattern (and a subject and a replacement template); compiling must give a
 * pattern or a Python error, never a crash, and matching must stay within
 * the limits (also expand and a callable repl).  A flags byte with its top
 * bit set makes everything bytes
 * (the raw input as bytes, through re_bytes_text, RE_COMPILE_BYTES and the
 * bytes-only checks of sub).  Run by scripts/test.sh for a bounded time. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/config.h"
#include "re/re.h"
#include "text/utf8.h"

/* Byte -> code point: ASCII as is (the syntax), the rest onto characters
 * with interesting case or width behaviour. */
static const uint32_t HIGH[] = {0xE9,  0xDF,  0x1E9E, 0x17F,   0x212A,  0x3C3,  0x3C2,
                                0x3A3, 0x130, 0x131,  0x1F600, 0x65E5,  0xD800, 0xDC00,
                                0x301, 0xA0,  0x2028, 0x10400, 0x10428, 0x660};

static pv *to_str(arena *a, const uint8_t *p, size_t n)
{
    char *buf = arena_alloc(a, n * 4 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = p[i] < 0x80 ? p[i] : HIGH[p[i] % (sizeof HIGH / sizeof HIGH[0])];
        o += (size_t)utf8_put(c, buf + o);
    }
    return pv_str(a, buf, o);
}

/* A callable repl: the group's text, or None. */
static pv *echo(void *data, pv *arg, py_err *err)
{
    (void)data;
    (void)err;
    return arg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        config.re_cache_size = 32;
        config.re_match_limit = 200000;
        config.re_time_limit = 0.05;
        config.re_max_compiled = 4u << 20;
        init = 1;
    }
    if (size < 1 || size > 4096)
        return 0;
    /* layout: flags byte, then pattern \x00 subject \x00 repl */
    static const int FLAGS[] = {0, 2, 8, 16, 64, 256, 2 | 256, 2 | 8 | 16 | 64, 4, 32 | 256, 1, 128};
    int flags = FLAGS[data[0] % (sizeof FLAGS / sizeof FLAGS[0])];
    const uint8_t *p = data + 1, *end = data + size;
    const uint8_t *z1 = memchr(p, 0, (size_t)(end - p));
    const uint8_t *pe = z1 ? z1 : end;
    const uint8_t *s = z1 ? z1 + 1 : end;
    const uint8_t *z2 = s < end ? memchr(s, 0, (size_t)(end - s)) : NULL;
    const uint8_t *se = z2 ? z2 : end;
    const uint8_t *r = z2 ? z2 + 1 : end;

    arena *a = arena_new();
    bool bytes = data[0] & 0x80;
    pv *pattern = to_str(a, p, (size_t)(pe - p)), *subject = to_str(a, s, (size_t)(se - s));
    pv *repl = to_str(a, r, (size_t)(end - r));
    if (bytes) {
        flags = (flags & ~32) | RE_COMPILE_BYTES;
        pattern = re_bytes_text(a, pv_bytes(a, p, (size_t)(pe - p)));
        subject = re_bytes_text(a, pv_bytes(a, s, (size_t)(se - s)));
        repl = re_bytes_text(a, pv_bytes(a, r, (size_t)(end - r)));
    }
    re_pattern *pat;
    py_err err = {0};
    if (re_compile(pattern, flags, &pat, a, &err) == 0) {
        pv *out, *zero = pv_int(a, 0), *one = pv_int(a, 1);
        if (bytes && re_sub_kinds(pat, true, repl, true, subject, true, zero, a, &err) == 0 &&
            re_search(pat, subject, zero, pv_none(), RE_MODE_SEARCH, a, &out, &err) == 0)
            re_match_bytes(a, out);
        re_search(pat, subject, zero, pv_none(), RE_MODE_SEARCH, a, &out, &err);
        re_search(pat, subject, one, pv_int(a, 3), RE_MODE_MATCH, a, &out, &err);
        re_search(pat, subject, zero, pv_none(), RE_MODE_FULLMATCH, a, &out, &err);
        re_search(pat, subject, pv_int(a, 3), one, RE_MODE_MATCH, a, &out, &err); /* pos past endpos */
        re_findall(pat, subject, zero, pv_none(), a, &out, &err);
        re_finditer(pat, subject, one, pv_none(), a, &out, &err);
        re_sub(pat, repl, subject, zero, true, a, &out, &err);
        re_split(pat, subject, zero, a, &out, &err);
        re_expand(pat, repl, subject, zero, pv_none(), a, &out, &err);
        re_repl_fn f = {echo, NULL, NULL, one};
        re_sub_fn(pat, &f, subject, zero, false, a, &out, &err);
        re_pattern_release(pat);
    }
    if (!bytes)
        re_escape(a, pattern);
    else
        re_error_ascii(a, &err);
    arena_free(a);
    return 0;
}
