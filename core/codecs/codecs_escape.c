/* codecs.escape_encode and codecs.escape_decode of CPython 3.11
 * (Modules/_codecsmodule.c, Objects/bytesobject.c _PyBytes_DecodeEscape):
 * bytes to their repr-style escapes and back, answering the tuple (bytes,
 * length consumed).  escape_decode takes str (as UTF-8) or bytes and knows
 * three error handlers for a bad \x escape: strict ("invalid \x escape at
 * position n"), replace ('?') and ignore; any other name is a ValueError
 * when such an escape occurs. */
#include <string.h>

#include "codecs/codecs_int.h"
#include "text/hexdig.h"
#include "text/utf8.h"

static const char HEX[] = "0123456789abcdef";

/* the checks of errors: str(accept={str, NoneType}) */
static int errors_arg(arena *a, const pv *errors, const char **out, py_err *err)
{
    *out = NULL;
    if (!errors || errors->kind == PV_NONE)
        return 0;
    if (codecs_check_errors(a, errors, err) < 0)
        return -1;
    *out = errors->s.p;
    return 0;
}

static pv *tuple(arena *a, strbuf *b, size_t consumed)
{
    pv *t = pv_tuple(a, 2);
    pv_list_push(a, t, pv_bytes(a, b->data ? b->data : "", b->len));
    pv_list_push(a, t, pv_int(a, (int64_t)consumed));
    return t;
}

int codecs_escape_encode(arena *a, const pv *data, const pv *errors, size_t max_bytes, pv **out, py_err *err)
{
    if (data->kind != PV_BYTES)
        return py_raise(err, a, "TypeError", "escape_encode() argument 1 must be bytes, not %s",
                        data->kind == PV_NONE ? "None" : pv_type_name(data));
    const char *e;
    if (errors_arg(a, errors, &e, err) < 0)
        return -1;
    if (max_bytes && data->s.len > max_bytes / 4)
        return py_limit(err, a, "result of more than %zu bytes", max_bytes);
    strbuf b = STRBUF_INIT;
    strbuf_reserve(&b, data->s.len + 16);
    for (size_t i = 0; i < data->s.len; i++) {
        unsigned char ch = (unsigned char)data->s.p[i];
        if (ch == '\'' || ch == '\\') {
            strbuf_putc(&b, '\\');
            strbuf_putc(&b, (char)ch);
        } else if (ch == '\t' || ch == '\n' || ch == '\r') {
            strbuf_putc(&b, '\\');
            strbuf_putc(&b, ch == '\t' ? 't' : ch == '\n' ? 'n' : 'r');
        } else if (ch < ' ' || ch >= 0x7F) {
            char x[4] = {'\\', 'x', HEX[ch >> 4], HEX[ch & 15]};
            strbuf_append(&b, x, 4);
        } else {
            strbuf_putc(&b, (char)ch);
        }
    }
    *out = tuple(a, &b, data->s.len);
    strbuf_free(&b);
    return 0;
}

/* One escape after the backslash at s[*i - 1]: appends to b. */
static int escape(arena *a, const unsigned char *s, size_t n, size_t *i, const char *errors, strbuf *b,
                  py_err *err)
{
    unsigned char ch = s[(*i)++];
    static const char simple[] = "\\\\''\"\"b\bf\ft\tn\nr\rv\va\a";
    for (size_t k = 0; k + 1 < sizeof simple; k += 2)
        if (ch == (unsigned char)simple[k]) {
            strbuf_putc(b, simple[k + 1]);
            return 0;
        }
    if (ch == '\n')
        return 0;
    if (ch >= '0' && ch <= '7') {
        unsigned v = ch - '0';
        for (int k = 0; k < 2 && *i < n && s[*i] >= '0' && s[*i] <= '7'; k++)
            v = (v << 3) + (s[(*i)++] - '0');
        strbuf_putc(b, (char)(v & 0xFF));
        return 0;
    }
    if (ch != 'x') { /* kept as it is */
        strbuf_putc(b, '\\');
        (*i)--;
        return 0;
    }
    if (*i + 1 < n && hexdig_value((unsigned char)s[*i]) >= 0 && hexdig_value((unsigned char)s[*i + 1]) >= 0) {
        strbuf_putc(b, (char)(hexdig_value((unsigned char)s[*i]) << 4 | hexdig_value((unsigned char)s[*i + 1])));
        *i += 2;
        return 0;
    }
    if (!errors || !strcmp(errors, "strict"))
        return py_raise(err, a, "ValueError", "invalid \\x escape at position %zu", *i - 2);
    if (!strcmp(errors, "replace"))
        strbuf_putc(b, '?');
    else if (strcmp(errors, "ignore") != 0)
        return py_raise(err, a, "ValueError", "decoding error; unknown error handling code: %s",
                        codecs_trunc400(a, errors));
    if (*i < n && hexdig_value((unsigned char)s[*i]) >= 0) /* skip \x and a hex digit */
        ++*i;
    return 0;
}

int codecs_escape_decode(arena *a, const pv *data, const pv *errors, size_t max_bytes, pv **out, py_err *err)
{
    (void)max_bytes; /* the result is never longer than the input */
    if (data->kind != PV_BYTES && data->kind != PV_STR)
        return py_raise(err, a, "TypeError", "a bytes-like object is required, not '%s'", pv_type_name(data));
    if (data->kind == PV_STR && !data->ascii && !utf8_check(data->s.p, data->s.len, NULL, NULL, NULL))
        return codecs_check_errors(a, data, err); /* its lone surrogate: the UTF-8 error */
    const char *e;
    if (errors_arg(a, errors, &e, err) < 0)
        return -1;
    const unsigned char *s = (const unsigned char *)data->s.p;
    size_t n = data->s.len, i = 0;
    strbuf b = STRBUF_INIT;
    strbuf_reserve(&b, n + 1);
    while (i < n) {
        if (s[i] != '\\') {
            strbuf_putc(&b, (char)s[i++]);
            continue;
        }
        if (++i == n) {
            strbuf_free(&b);
            return py_raise(err, a, "ValueError", "Trailing \\ in string");
        }
        if (escape(a, s, n, &i, e, &b, err) < 0) {
            strbuf_free(&b);
            return -1;
        }
    }
    *out = tuple(a, &b, n);
    strbuf_free(&b);
    return 0;
}
