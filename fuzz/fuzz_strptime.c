/* libFuzzer target: time.strptime(string, format) on arbitrary text must
 * never crash, hang or leak; it answers a struct_time or a Python error.
 * Input: format and string separated by the first 0xFF byte (a byte that is
 * never part of UTF-8); both made valid with U+FFFD replacement.  A few
 * bytes steer the input towards directives. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "text/utf8.h"
#include "time/time_conv.h"
#include "time/time_strptime.h"

static pv *text(arena *a, const uint8_t *p, size_t n)
{
    strbuf b = STRBUF_INIT;
    utf8_decode_replace(&b, (const char *)p, n);
    pv *s = pv_str(a, b.data ? b.data : "", b.len);
    strbuf_free(&b);
    return s;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("TZ", "UTC", 1);
    time_conv_init();
    time_strptime_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    const uint8_t *sep = memchr(data, 0xFF, size);
    size_t fn = sep ? (size_t)(sep - data) : size / 2;
    const uint8_t *sp = sep ? sep + 1 : data + fn;
    size_t sn = size - (size_t)(sp - data);
    arena *a = arena_new();
    pv *fmt = text(a, data, fn), *str = text(a, sp, sn), *out;
    py_err e;
    if (time_strptime(a, str, fmt, &out, &e) == 0) {
        /* a success is a full struct_time */
        if (!out || out->kind != PV_DICT || out->d.len != 11)
            abort();
    } else if (!e.type || !e.msg) {
        abort();
    }
    arena_free(a);
    return 0;
}
