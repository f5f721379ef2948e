/* The idna codec (RFC 3490) as Lib/encodings/idna.py of CPython 3.11 runs
 * it: strict only ("unsupported error handling x" when encoding,
 * "Unsupported error handling x" when decoding); labels split on the four
 * IDNA dots (encoding) or '.' (decoding); ToASCII (ASCII as it is, else
 * nameprep then "xn--" + punycode, 1 to 63 bytes: "label empty or too
 * long", "Label starts with ACE prefix") and ToUnicode (punycode through the
 * codec registry, so its errors are wrapped once more; the round trip
 * through ToASCII must give the label back: "('IDNA does not round-trip',
 * b'...', b'...')"); the one-shot codec's ASCII fast paths ("label too
 * long"), and the incremental encoder and decoder, which keep the last
 * label until the final call (and count consumed input their own way). */
#include <string.h>

#include "codecs/codecs_int.h"
#include "py/py_repr.h"

static bool is_dot(uint32_t cp)
{
    return cp == '.' || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61;
}

/* errors == 'strict', else the UnicodeError with its (en|de)coder's wording */
static int check_strict(codecs_call *c, const char *prefix)
{
    const pv *e = c->errors_obj;
    const char *s = e ? e->s.p : c->errors;
    size_t n = e ? e->s.len : strlen(c->errors);
    return n == 6 && !memcmp(s, "strict", 6) ? 0 : codecs_raise_concat(c, "UnicodeError", prefix, s, n);
}

/* The incremental codecs' choice among their n units (bytes, or code points):
 * the labels before *end are done now, with a '.' after them when *trailing;
 * false when nothing is (no input, or a last label that waits for more). */
static bool labels_now(const codecs_call *c, size_t n, bool bytes, size_t *end, bool *trailing)
{
#define DOT(i) (bytes ? c->b[i] == '.' : is_dot(c->u[i]))
    *end = n;
    *trailing = n && DOT(n - 1);
    if (n == 0 || *trailing || c->final) {
        *end -= *trailing;
        return n != 0;
    }
    while (*end > 0 && !DOT(*end - 1)) /* keep the potentially unfinished label until the next call */
        --*end;
    if (*end == 0)
        return false;
    --*end;
    *trailing = true;
    return true;
#undef DOT
}

/* ToASCII of label[0..n), appended to out. */
static int to_ascii(codecs_call *c, const uint32_t *label, size_t n, strbuf *out)
{
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = label[i] < 128;
    uint32_t *p = (uint32_t *)label;
    size_t pn = n;
    if (!ascii) {
        if (codecs_nameprep(c, label, n, &p, &pn) < 0)
            return -1;
        ascii = true;
        for (size_t i = 0; i < pn && ascii; i++)
            ascii = p[i] < 128;
    }
    if (ascii) {
        if (pn == 0 || pn >= 64)
            return py_raise(c->err, c->a, "UnicodeError", "label empty or too long");
        for (size_t i = 0; i < pn; i++)
            strbuf_putc(out, (char)p[i]);
        return 0;
    }
    if (pn >= 4 && p[0] == 'x' && p[1] == 'n' && p[2] == '-' && p[3] == '-')
        return py_raise(c->err, c->a, "UnicodeError", "Label starts with ACE prefix");
    codecs_call sub = {.a = c->a, .err = c->err, .errors = "strict", .u = p, .ulen = pn, .final = true};
    int rc = codecs_punycode_encode(&sub);
    if (rc == 0 && (sub.out.len + 4 == 0 || sub.out.len + 4 >= 64))
        rc = py_raise(c->err, c->a, "UnicodeError", "label empty or too long");
    if (rc == 0) {
        strbuf_append(out, "xn--", 4);
        strbuf_append(out, sub.out.data, sub.out.len);
    }
    strbuf_free(&sub.out);
    return rc;
}

/* ToUnicode of the bytes label[0..n), appended to c->out. */
static int to_unicode(codecs_call *c, const unsigned char *label, size_t n)
{
    if (n < 4 || memcmp(label, "xn--", 4) != 0) { /* str(label, "ascii") */
        for (size_t i = 0; i < n; i++) {
            if (label[i] >= 128) {
                codecs_call sub = *c;
                sub.b = label, sub.blen = n;
                return codecs_raise_decode(&sub, "ascii", "ordinal not in range(128)", i, i + 1);
            }
        }
        for (size_t i = 0; i < n; i++)
            codecs_put(c, label[i]);
        return 0;
    }
    /* label[4:].decode("punycode"): through the registry */
    codecs_call sub = {
        .a = c->a, .err = c->err, .errors = "strict", .b = label + 4, .blen = n - 4, .final = true};
    int rc = codecs_punycode_decode(&sub);
    if (rc < 0)
        codecs_wrap(&sub, "decoding", "punycode");
    uint32_t *u = NULL;
    size_t un = 0;
    strbuf l2 = STRBUF_INIT;
    if (rc == 0) {
        u = arena_alloc(c->a, (sub.ncp ? sub.ncp : 1) * sizeof *u);
        for (size_t i = 0; i < sub.out.len; un++)
            u[un] = utf8_next(sub.out.data, &i);
        rc = to_ascii(c, u, un, &l2);
    }
    if (rc == 0) {
        bool same = l2.len == n;
        for (size_t i = 0; same && i < n; i++)
            same =
                (label[i] >= 'A' && label[i] <= 'Z' ? label[i] + 32 : label[i]) == (unsigned char)l2.data[i];
        if (!same) { /* a three-argument UnicodeError: str() is the tuple */
            strbuf m = STRBUF_INIT;
            strbuf_append(&m, "('IDNA does not round-trip', ", 29);
            py_repr_bytes(&m, label, n);
            strbuf_append(&m, ", ", 2);
            py_repr_bytes(&m, l2.data ? l2.data : "", l2.len);
            strbuf_putc(&m, ')');
            py_raise_msg(c->err, c->a, "UnicodeError", m.data, m.len);
            c->unwrappable = true;
            strbuf_free(&m);
            rc = -1;
        }
    }
    if (rc == 0)
        for (size_t i = 0; i < un; i++)
            codecs_put(c, u[i]);
    strbuf_free(&l2);
    strbuf_free(&sub.out);
    return rc;
}

int codecs_idna_encode(codecs_call *c)
{
    if (check_strict(c, "unsupported error handling ") < 0)
        return -1;
    const uint32_t *u = c->u;
    size_t n = c->ulen;
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = u[i] < 128;
    if (ascii) { /* the fast path */
        size_t start = 0;
        for (size_t i = 0; i <= n; i++) {
            if (i < n && u[i] != '.')
                continue;
            if (i < n && (i == start || i - start >= 64))
                return py_raise(c->err, c->a, "UnicodeError", "label empty or too long");
            if (i == n && i - start >= 64)
                return py_raise(c->err, c->a, "UnicodeError", "label too long");
            start = i + 1;
        }
        for (size_t i = 0; i < n; i++)
            strbuf_putc(&c->out, (char)u[i]);
        return 0;
    }
    size_t end = n;
    bool trailing = n && is_dot(u[n - 1]);
    if (trailing)
        end--;
    for (size_t start = 0, i = 0; i <= end; i++) {
        if (i < end && !is_dot(u[i]))
            continue;
        if (c->out.len)
            strbuf_putc(&c->out, '.');
        if (to_ascii(c, u + start, i - start, &c->out) < 0)
            return -1;
        start = i + 1;
    }
    if (trailing)
        strbuf_putc(&c->out, '.');
    return codecs_check_size(c);
}

/* The labels of u[0..end), ToASCII each, joined by '.'; *size counted
 * the incremental encoder's way (no dot counted before an empty first label). */
static int encode_labels(codecs_call *c, size_t end, size_t *size)
{
    *size = 0;
    for (size_t start = 0, i = 0; i <= end; i++) {
        if (i < end && !is_dot(c->u[i]))
            continue;
        if (*size) {
            strbuf_putc(&c->out, '.');
            (*size)++;
        }
        if (to_ascii(c, c->u + start, i - start, &c->out) < 0)
            return -1;
        *size += i - start;
        start = i + 1;
    }
    return 0;
}

/* The labels of b[0..end) joined by '.': Codec.decode's and the
 * incremental decoder's loop; *size counted the incremental way. */
static int decode_labels(codecs_call *c, size_t end, size_t *size)
{
    *size = 0;
    for (size_t start = 0, i = 0, k = 0; i <= end; i++) {
        if (i < end && c->b[i] != '.')
            continue;
        if (k++)
            codecs_put(c, '.');
        if (to_unicode(c, c->b + start, i - start) < 0)
            return -1;
        if (*size)
            (*size)++;
        *size += i - start;
        start = i + 1;
    }
    return 0;
}

int codecs_idna_decode(codecs_call *c)
{
    if (check_strict(c, "Unsupported error handling ") < 0)
        return -1;
    size_t n = c->blen, size;
    if (n == 0)
        return 0;
    bool ascii = true, ace = false;
    for (size_t i = 0; i < n; i++) {
        ascii &= c->b[i] < 128;
        ace |= i + 4 <= n && !memcmp(c->b + i, "xn--", 4);
    }
    if (!ace && ascii) { /* the fast path */
        for (size_t i = 0; i < n; i++)
            codecs_put(c, c->b[i]);
        return 0;
    }
    bool trailing = c->b[n - 1] == '.';
    if (decode_labels(c, trailing ? n - 1 : n, &size) < 0)
        return -1;
    if (trailing)
        codecs_put(c, '.');
    return codecs_check_size(c);
}

/* The incremental encoder's _buffer_encode and decoder's _buffer_decode. */
static int incremental(codecs_call *c, bool decode)
{
    if (check_strict(c, decode ? "Unsupported error handling " : "unsupported error handling ") < 0)
        return -1;
    size_t n = decode ? c->blen : c->ulen, end, size;
    bool trailing;
    c->inpos = c->consumed = 0;
    for (size_t i = 0; decode && i < n; i++) /* str(input, "ascii") */
        if (c->b[i] >= 128)
            return codecs_raise_decode(c, "ascii", "ordinal not in range(128)", i, i + 1);
    if (!labels_now(c, n, decode, &end, &trailing))
        return 0;
    if ((decode ? decode_labels(c, end, &size) : encode_labels(c, end, &size)) < 0)
        return -1;
    if (trailing && decode)
        codecs_put(c, '.');
    else if (trailing)
        strbuf_putc(&c->out, '.');
    *(decode ? &c->consumed : &c->inpos) = size + trailing;
    return codecs_check_size(c);
}

int codecs_idna_encode_inc(codecs_call *c)
{
    return incremental(c, false);
}

int codecs_idna_decode_inc(codecs_call *c)
{
    return incremental(c, true);
}
