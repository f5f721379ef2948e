/* The punycode codec (RFC 3492) as Lib/encodings/punycode.py of CPython 3.11
 * runs it: the encoder (basic code points, '-', the generalized integers of
 * the insertion deltas) ignores its error handler; the decoder takes
 * strict, replace and ignore only ("Unsupported error handling x"), reads
 * the part before the last '-' as ASCII with that handler and the rest as
 * strict ASCII, upper-cased, and stops at the first bad digit (strict:
 * "Invalid extended code point 'x'", "incomplete punicode string",
 * "Invalid character U+x"; otherwise what was decoded so far, a code point
 * beyond U+10FFFF becoming '?').  Its integers are Python's: unbounded
 * (GMP), so a long run of digits costs what it costs CPython, within a
 * work budget. */
#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "codecs/codecs_int.h"

#define MAX_WORK ((size_t)1 << 28) /* character steps (or limbs) one call may take */

static const char DIGITS[] = "abcdefghijklmnopqrstuvwxyz0123456789";

static long tfun(long j, long bias)
{
    long res = 36 * (j + 1) - bias;
    return res < 1 ? 1 : res > 26 ? 26 : res;
}

/* adapt() on a delta of any size; mpz_t delta is consumed. */
static long adapt_mpz(mpz_t delta, bool first, size_t numchars)
{
    mpz_fdiv_q_ui(delta, delta, first ? 700 : 2);
    mpz_t q;
    mpz_init(q);
    mpz_fdiv_q_ui(q, delta, (unsigned long)numchars);
    mpz_add(delta, delta, q);
    mpz_clear(q);
    long divisions = 0;
    while (mpz_cmp_ui(delta, 455) > 0) {
        mpz_fdiv_q_ui(delta, delta, 35);
        divisions += 36;
    }
    long d = (long)mpz_get_ui(delta);
    return divisions + (36 * d / (d + 38));
}

/* ---------------------------------------------------------------- encode */

static void put_integer(strbuf *o, uint64_t n, long bias)
{
    for (long j = 0;; j++) {
        uint64_t t = (uint64_t)tfun(j, bias);
        if (n < t) {
            strbuf_putc(o, DIGITS[n]);
            return;
        }
        strbuf_putc(o, DIGITS[t + ((n - t) % (36 - t))]);
        n = (n - t) / (36 - t);
    }
}

static int cmp_cp(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

int codecs_punycode_encode(codecs_call *c)
{
    const uint32_t *u = c->u;
    size_t n = c->ulen, nbase = 0, next = 0;
    uint32_t *ext = arena_alloc(c->a, (n ? n : 1) * sizeof *ext);
    for (size_t i = 0; i < n; i++) {
        if (u[i] < 128) {
            strbuf_putc(&c->out, (char)u[i]);
            nbase++;
        } else {
            ext[next++] = u[i];
        }
    }
    qsort(ext, next, sizeof *ext, cmp_cp);
    if (nbase)
        strbuf_putc(&c->out, '-');
    uint32_t oldchar = 0x80;
    int64_t oldindex = -1;
    long bias = 72;
    size_t points = 0, work = 0;
    for (size_t e = 0; e < next; e++) {
        uint32_t ch = ext[e];
        if (e && ch == ext[e - 1])
            continue;
        size_t curlen = 0;
        for (size_t i = 0; i < n; i++)
            curlen += u[i] < ch;
        uint64_t delta = (uint64_t)(curlen + 1) * (ch - oldchar);
        int64_t index = -1;
        work += 2 * n;
        if (work > MAX_WORK)
            return py_limit(c->err, c->a, "punycode encoding takes more than %zu steps", MAX_WORK);
        for (size_t pos = 0; pos < n; pos++) {
            if (u[pos] < ch) {
                index++;
            } else if (u[pos] == ch) {
                index++;
                delta += (uint64_t)(index - oldindex);
                uint64_t d = delta - 1;
                put_integer(&c->out, d, bias);
                mpz_t z;
                mpz_init_set_ui(z, (unsigned long)d);
                bias = adapt_mpz(z, points == 0, nbase + points + 1);
                mpz_clear(z);
                points++;
                oldindex = index;
                delta = 0;
            }
        }
        oldchar = ch;
        if (codecs_check_size(c) < 0)
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- decode */

typedef struct puny {
    codecs_call *c;
    uint32_t *base; /* the decoded code points so far */
    size_t len, cap;
    bool strict;
    size_t work;
} puny;

/* decode_generalized_number: 1 with *result, 0 when decoding stops
 * (non-strict), -1 with the exception. */
static int generalized(puny *p, const char *ext, size_t n, size_t *extpos, long bias, mpz_t result)
{
    mpz_t w;
    mpz_init_set_ui(w, 1);
    mpz_set_ui(result, 0);
    int rc = 1;
    for (long j = 0;; j++) {
        if (*extpos >= n) {
            rc = p->strict ? py_raise(p->c->err, p->c->a, "UnicodeError", "incomplete punicode string") : 0;
            break;
        }
        unsigned char ch = (unsigned char)ext[(*extpos)++];
        long digit;
        if (ch >= 'A' && ch <= 'Z') {
            digit = ch - 'A';
        } else if (ch >= '0' && ch <= '9') {
            digit = ch - 22;
        } else {
            if (p->strict) {
                char msg[] = "Invalid extended code point 'x'";
                msg[sizeof msg - 3] = (char)ch;
                rc = py_raise_msg(p->c->err, p->c->a, "UnicodeError", msg, sizeof msg - 1);
            } else {
                rc = 0;
            }
            break;
        }
        long t = tfun(j, bias);
        mpz_addmul_ui(result, w, (unsigned long)digit);
        if (digit < t)
            break;
        mpz_mul_ui(w, w, (unsigned long)(36 - t));
        p->work += mpz_size(w) + 1;
        if (p->work > MAX_WORK) {
            rc = py_limit(p->c->err, p->c->a, "punycode decoding takes more than %zu steps", MAX_WORK);
            break;
        }
    }
    mpz_clear(w);
    return rc;
}

/* insertion_sort over p->base */
static int insertion_sort(puny *p, const char *ext, size_t n)
{
    mpz_t delta, pos, ch, q;
    mpz_inits(delta, pos, ch, q, NULL);
    mpz_set_si(pos, -1);
    mpz_set_ui(ch, 0x80);
    long bias = 72;
    size_t extpos = 0;
    int rc = 0;
    while (extpos < n) {
        size_t newpos = extpos;
        int g = generalized(p, ext, n, &newpos, bias, delta);
        if (g <= 0) {
            rc = g;
            break;
        }
        mpz_add(pos, pos, delta);
        mpz_add_ui(pos, pos, 1);
        mpz_fdiv_q_ui(q, pos, (unsigned long)(p->len + 1));
        mpz_add(ch, ch, q);
        if (mpz_cmp_ui(ch, 0x10FFFF) > 0) {
            if (p->strict) {
                char *hex = arena_alloc(p->c->a, mpz_sizeinbase(ch, 16) + 2);
                mpz_get_str(hex, 16, ch);
                rc = py_raise(p->c->err, p->c->a, "UnicodeError", "Invalid character U+%s", hex);
                break;
            }
            mpz_set_ui(ch, '?');
        }
        size_t at = (size_t)mpz_fdiv_ui(pos, (unsigned long)(p->len + 1));
        mpz_set_ui(pos, (unsigned long)at);
        if (p->len == p->cap) {
            p->cap = p->cap ? 2 * p->cap : 16;
            uint32_t *nb = arena_alloc(p->c->a, p->cap * sizeof *nb);
            memcpy(nb, p->base, p->len * sizeof *nb);
            p->base = nb;
        }
        memmove(p->base + at + 1, p->base + at, (p->len - at) * sizeof *p->base);
        p->base[at] = (uint32_t)mpz_get_ui(ch);
        p->len++;
        p->work += p->len - at + 1;
        if (p->work > MAX_WORK) {
            rc = py_limit(p->c->err, p->c->a, "punycode decoding takes more than %zu steps", MAX_WORK);
            break;
        }
        bias = adapt_mpz(delta, extpos == 0, p->len);
        extpos = newpos;
    }
    mpz_clears(delta, pos, ch, q, NULL);
    return rc;
}

/* punycode_decode(bytes, errors) into c->out; the errors are checked. */
static int decode_bytes(codecs_call *c, const unsigned char *b, size_t n, bool strict, bool ignore)
{
    size_t dash = n;
    for (size_t i = n; i > 0; i--)
        if (b[i - 1] == '-') {
            dash = i - 1;
            break;
        }
    puny p = {.c = c, .strict = strict};
    size_t ext_from = dash == n ? 0 : dash + 1;
    p.cap = n + 16;
    p.base = arena_alloc(c->a, p.cap * sizeof *p.base);
    for (size_t i = 0; dash != n && i < dash; i++) { /* str(text[:pos], "ascii", errors) */
        if (b[i] < 128) {
            p.base[p.len++] = b[i];
        } else if (strict) {
            codecs_call sub = *c;
            sub.b = b, sub.blen = dash;
            return codecs_raise_decode(&sub, "ascii", "ordinal not in range(128)", i, i + 1);
        } else if (!ignore) {
            p.base[p.len++] = 0xFFFD;
        }
    }
    char *ext = arena_alloc(c->a, n - ext_from + 1);
    for (size_t i = ext_from; i < n; i++) { /* str(..., "ascii").upper() */
        if (b[i] >= 128) {
            codecs_call sub = *c;
            sub.b = b + ext_from, sub.blen = n - ext_from;
            return codecs_raise_decode(&sub, "ascii", "ordinal not in range(128)", i - ext_from,
                                       i - ext_from + 1);
        }
        ext[i - ext_from] = (char)(b[i] >= 'a' && b[i] <= 'z' ? b[i] - 32 : b[i]);
    }
    if (insertion_sort(&p, ext, n - ext_from) < 0)
        return -1;
    for (size_t i = 0; i < p.len; i++)
        codecs_put(c, p.base[i]);
    return codecs_check_size(c);
}

/* errors in ('strict', 'replace', 'ignore'), else the UnicodeError */
static int check_handler(codecs_call *c, bool *strict, bool *ignore)
{
    const pv *e = c->errors_obj;
    const char *s = e ? e->s.p : c->errors;
    size_t n = e ? e->s.len : strlen(c->errors);
    *strict = n == 6 && !memcmp(s, "strict", 6);
    *ignore = n == 6 && !memcmp(s, "ignore", 6);
    if (*strict || *ignore || (n == 7 && !memcmp(s, "replace", 7)))
        return 0;
    return codecs_raise_concat(c, "UnicodeError", "Unsupported error handling ", s, n);
}

int codecs_punycode_decode(codecs_call *c)
{
    bool strict, ignore;
    if (check_handler(c, &strict, &ignore) < 0)
        return -1;
    return decode_bytes(c, c->b, c->blen, strict, ignore);
}

int codecs_punycode_decode_obj(codecs_call *tmpl, const pv *obj, pv *list, size_t *total)
{
    codecs_call c = *tmpl;
    bool strict, ignore;
    if (check_handler(&c, &strict, &ignore) < 0)
        return -1;
    const unsigned char *b;
    size_t n;
    if (obj->kind == PV_BYTES) {
        b = (const unsigned char *)obj->s.p, n = obj->s.len;
    } else if (obj->kind == PV_STR) { /* text.encode("ascii") */
        if (!obj->ascii) {
            uint32_t *u = arena_alloc(c.a, obj->s.ncp * sizeof *u);
            size_t k = 0, bad = 0, end = 0;
            for (size_t i = 0; i < obj->s.len; k++) {
                u[k] = utf8_next(obj->s.p, &i);
                if (u[k] >= 128 && !end)
                    bad = k, end = k + 1;
                else if (u[k] >= 128 && end == k)
                    end = k + 1;
            }
            c.u = u, c.ulen = k;
            return codecs_raise_encode(&c, "ascii", "ordinal not in range(128)", bad, end);
        }
        b = (const unsigned char *)obj->s.p, n = obj->s.len;
    } else {
        return py_raise(c.err, c.a, "AttributeError", "'%s' object has no attribute 'rfind'",
                        pv_type_name(obj));
    }
    int rc = decode_bytes(&c, b, n, strict, ignore);
    if (rc == 0) {
        *total += c.out.len;
        if (c.max_bytes && *total > c.max_bytes)
            rc = py_limit(c.err, c.a, "result of more than %zu bytes", c.max_bytes);
    }
    if (rc == 0 && c.out.len) {
        size_t len;
        char *p = strbuf_detach(&c.out, &len);
        arena_defer(c.a, free, p);
        pv_list_push(c.a, list, pv_str_take_n(c.a, p, len, c.ncp));
    }
    strbuf_free(&c.out);
    return rc;
}
