/* str % args: PyUnicode_Format of CPython 3.11 (Objects/unicodeobject.c),
 * with the same argument consumption order and error messages. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops_int.h"
#include "text/utf8.h"

#define F_LJUST 1
#define F_SIGN 2
#define F_BLANK 4
#define F_ALT 8
#define F_ZERO 16

typedef struct fmtctx {
    ops_ctx *x;
    const uint32_t *fmt;
    long fmtcnt, fmtpos;
    const pv *args;
    long arglen, argidx;
    const pv *dict;
    strbuf out;
    size_t outcp; /* code points written */
} fmtctx;

typedef struct fmtarg {
    uint32_t ch;
    int flags;
    long width, prec;
    int sign;
} fmtarg;

static int err_type(fmtctx *c, const char *msg)
{
    py_raise(c->x->err, c->x->a, "TypeError", "%s", msg);
    return -1;
}

static const pv *next_arg(fmtctx *c)
{
    long argidx = c->argidx;
    if (argidx < c->arglen) {
        c->argidx++;
        if (c->arglen < 0)
            return c->args;
        return c->args->l.items[argidx];
    }
    err_type(c, "not enough arguments for format string");
    return NULL;
}

static bool out_room(fmtctx *c, size_t more)
{
    if (c->outcp + more > c->x->max_len) {
        py_limit(c->x->err, c->x->a, "mod result too large");
        return false;
    }
    return true;
}

static void put_cp(fmtctx *c, uint32_t cp)
{
    char b[4];
    strbuf_append(&c->out, b, (size_t)utf8_put(cp, b));
    c->outcp++;
}

static void put_fill(fmtctx *c, char ch, long n)
{
    for (long i = 0; i < n; i++)
        strbuf_putc(&c->out, ch);
    c->outcp += (size_t)n;
}

#define READ() (c->fmt[c->fmtpos])

static int parse_arg(fmtctx *c, fmtarg *arg)
{
    ops_ctx *x = c->x;
    if (READ() == '(') {
        if (!c->dict)
            return err_type(c, "format requires a mapping");
        c->fmtpos++;
        c->fmtcnt--;
        long keystart = c->fmtpos, pcount = 1;
        while (pcount > 0 && c->fmtcnt > 0) {
            uint32_t ch = READ();
            if (ch == ')')
                --pcount;
            else if (ch == '(')
                ++pcount;
            c->fmtpos++;
            c->fmtcnt--;
        }
        long keylen = c->fmtpos - keystart - 1;
        if (c->fmtcnt < 0 || pcount > 0) {
            py_raise(x->err, x->a, "ValueError", "incomplete format key");
            return -1;
        }
        strbuf kb = STRBUF_INIT;
        for (long i = 0; i < keylen; i++) {
            char b[4];
            strbuf_append(&kb, b, (size_t)utf8_put(c->fmt[keystart + i], b));
        }
        pv *key = ops_str_from_sb(x, &kb);
        strbuf_free(&kb);
        c->args = ops_getitem(x, c->dict, key);
        if (!c->args)
            return -1;
        c->arglen = -1;
        c->argidx = -2;
    }
    while (--c->fmtcnt >= 0) {
        arg->ch = READ();
        c->fmtpos++;
        switch (arg->ch) {
        case '-':
            arg->flags |= F_LJUST;
            continue;
        case '+':
            arg->flags |= F_SIGN;
            continue;
        case ' ':
            arg->flags |= F_BLANK;
            continue;
        case '#':
            arg->flags |= F_ALT;
            continue;
        case '0':
            arg->flags |= F_ZERO;
            continue;
        }
        break;
    }
    if (arg->ch == '*') {
        const pv *v = next_arg(c);
        if (!v)
            return -1;
        if (!ops_is_intlike(v))
            return err_type(c, "* wants int");
        if (ops_as_ssize(x, v, &arg->width) < 0)
            return -1;
        if (arg->width < 0) {
            arg->flags |= F_LJUST;
            arg->width = -arg->width;
        }
        if (--c->fmtcnt >= 0) {
            arg->ch = READ();
            c->fmtpos++;
        }
    } else if (arg->ch >= '0' && arg->ch <= '9') {
        arg->width = arg->ch - '0';
        while (--c->fmtcnt >= 0) {
            arg->ch = READ();
            c->fmtpos++;
            if (arg->ch < '0' || arg->ch > '9')
                break;
            if (arg->width > (LONG_MAX - ((int)arg->ch - '0')) / 10) {
                py_raise(x->err, x->a, "ValueError", "width too big");
                return -1;
            }
            arg->width = arg->width * 10 + (arg->ch - '0');
        }
    }
    if (arg->ch == '.') {
        arg->prec = 0;
        if (--c->fmtcnt >= 0) {
            arg->ch = READ();
            c->fmtpos++;
        }
        if (arg->ch == '*') {
            const pv *v = next_arg(c);
            if (!v)
                return -1;
            if (!ops_is_intlike(v))
                return err_type(c, "* wants int");
            int64_t p;
            if (!ops_int_small(v, &p) || p > INT_MAX || p < INT_MIN) {
                py_raise(x->err, x->a, "OverflowError", "Python int too large to convert to C int");
                return -1;
            }
            arg->prec = p < 0 ? 0 : (long)p;
            if (--c->fmtcnt >= 0) {
                arg->ch = READ();
                c->fmtpos++;
            }
        } else if (arg->ch >= '0' && arg->ch <= '9') {
            arg->prec = arg->ch - '0';
            while (--c->fmtcnt >= 0) {
                arg->ch = READ();
                c->fmtpos++;
                if (arg->ch < '0' || arg->ch > '9')
                    break;
                if (arg->prec > (INT_MAX - ((int)arg->ch - '0')) / 10) {
                    py_raise(x->err, x->a, "ValueError", "precision too big");
                    return -1;
                }
                arg->prec = arg->prec * 10 + (arg->ch - '0');
            }
        }
    }
    if (c->fmtcnt >= 0) {
        if (arg->ch == 'h' || arg->ch == 'l' || arg->ch == 'L') {
            if (--c->fmtcnt >= 0) {
                arg->ch = READ();
                c->fmtpos++;
            }
        }
    }
    if (c->fmtcnt < 0) {
        py_raise(x->err, x->a, "ValueError", "incomplete format");
        return -1;
    }
    return 0;
}

/* ascii(): repr with non-ASCII characters escaped. */
static void ascii_to(strbuf *sb, const pv *v)
{
    strbuf r = STRBUF_INIT;
    ops_repr_to(&r, v);
    for (size_t i = 0; i < r.len;) {
        uint32_t ch = utf8_next(r.data, &i);
        char buf[12];
        if (ch < 0x80)
            strbuf_putc(sb, (char)ch);
        else if (ch <= 0xFF)
            strbuf_append(sb, buf, (size_t)snprintf(buf, sizeof buf, "\\x%02x", ch));
        else if (ch <= 0xFFFF)
            strbuf_append(sb, buf, (size_t)snprintf(buf, sizeof buf, "\\u%04x", ch));
        else
            strbuf_append(sb, buf, (size_t)snprintf(buf, sizeof buf, "\\U%08x", ch));
    }
    strbuf_free(&r);
}

/* _PyUnicode_FormatLong into sb (ASCII). */
static void format_long(strbuf *sb, const pv *iobj, bool alt, long prec, uint32_t type)
{
    int base = type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    mpz_t z;
    ops_int_to_mpz(iobj, z);
    bool neg = mpz_sgn(z) < 0;
    mpz_abs(z, z);
    char *digits = mpz_get_str(NULL, base, z);
    mpz_clear(z);
    long nd = (long)strlen(digits);
    if (neg)
        strbuf_putc(sb, '-');
    if (alt && base != 10) {
        strbuf_putc(sb, '0');
        strbuf_putc(sb, type == 'o' ? 'o' : (char)type);
    }
    for (long i = nd; i < prec; i++)
        strbuf_putc(sb, '0');
    if (type == 'X')
        for (long i = 0; i < nd; i++)
            if (digits[i] >= 'a' && digits[i] <= 'z')
                digits[i] = (char)(digits[i] - 'a' + 'A');
    strbuf_append(sb, digits, (size_t)nd);
    free(digits);
}

/* -1 error, 0 ok (str in *s) */
static int format_int_arg(fmtctx *c, fmtarg *arg, const pv *v, strbuf *s)
{
    ops_ctx *x = c->x;
    uint32_t type = arg->ch;
    bool is_number = v->kind == PV_INT || v->kind == PV_BOOL || v->kind == PV_FLOAT || v->kind == OPS_COMPLEX;
    const pv *iobj = v;
    if (!is_number)
        goto wrongtype;
    if (!ops_is_intlike(v)) {
        if (type == 'o' || type == 'x' || type == 'X' || v->kind == OPS_COMPLEX)
            goto wrongtype;
        iobj = ops_int(x, v, NULL);
        if (!iobj)
            return -1;
    }
    if (arg->prec > 0 && !out_room(c, (size_t)arg->prec)) /* '%.700000000d' would zero-fill first */
        return -1;
    format_long(s, iobj, (arg->flags & F_ALT) != 0, arg->prec, type);
    return 0;
wrongtype:
    if (type == 'o' || type == 'x' || type == 'X')
        py_raise(x->err, x->a, "TypeError", "%%%c format: an integer is required, not %s", (char)type,
                 ops_type_name(v));
    else
        py_raise(x->err, x->a, "TypeError", "%%%c format: a real number is required, not %s", (char)type,
                 ops_type_name(v));
    return -1;
}

static int format_float_arg(fmtctx *c, fmtarg *arg, const pv *v, strbuf *s)
{
    double d;
    if (ops_as_double(c->x, v, &d) < 0)
        return -1;
    long prec = arg->prec < 0 ? 6 : arg->prec;
    if (!out_room(c, (size_t)prec + 400))
        return -1;
    char spec[16];
    uint32_t t = arg->ch;
    if ((t == 'g' || t == 'G') && prec == 0)
        prec = 1;
    snprintf(spec, sizeof spec, "%%%s.*%c", (arg->flags & F_ALT) ? "#" : "", (char)t);
    int n = snprintf(NULL, 0, spec, (int)prec, d);
    strbuf_reserve(s, (size_t)n + 1);
    snprintf(s->data + s->len, (size_t)n + 1, spec, (int)prec, d);
    s->len += (size_t)n;
    return 0;
}

static int format_char_arg(fmtctx *c, const pv *v, uint32_t *out)
{
    if (v->kind == PV_STR) {
        if (v->s.ncp == 1) {
            size_t i = 0;
            *out = utf8_next(v->s.p, &i);
            return 0;
        }
        return err_type(c, "%c requires int or char");
    }
    if (!ops_is_intlike(v))
        return err_type(c, "%c requires int or char");
    int64_t i;
    if (!ops_int_small(v, &i) || i < 0 || i > 0x10FFFF) {
        py_raise(c->x->err, c->x->a, "OverflowError", "%%c arg not in range(0x110000)");
        return -1;
    }
    *out = (uint32_t)i;
    return 0;
}

static int output_arg(fmtctx *c, fmtarg *arg, const char *str, size_t blen)
{
    size_t ncp = utf8_count(str, blen);
    long len = (long)ncp;
    char fill = (arg->sign && (arg->flags & F_ZERO)) ? '0' : ' ';
    if (arg->width > len && !out_room(c, (size_t)arg->width))
        return -1;
    if (!out_room(c, ncp))
        return -1;
    if ((arg->width == -1 || arg->width <= len) && (arg->prec == -1 || arg->prec >= len) &&
        !(arg->flags & (F_SIGN | F_BLANK))) {
        strbuf_append(&c->out, str, blen);
        c->outcp += ncp;
        return 0;
    }
    if (arg->ch == 's' || arg->ch == 'r' || arg->ch == 'a') {
        if (arg->prec >= 0 && len > arg->prec)
            len = arg->prec;
    }
    size_t pindex = 0; /* byte offset */
    char signchar = '\0';
    if (arg->sign) {
        char ch = str[0];
        if (ch == '-' || ch == '+') {
            signchar = ch;
            len--;
            pindex++;
        } else if (arg->flags & F_SIGN) {
            signchar = '+';
        } else if (arg->flags & F_BLANK) {
            signchar = ' ';
        } else {
            arg->sign = 0;
        }
    }
    if (arg->width < len)
        arg->width = len;
    bool prefix = (arg->flags & F_ALT) && (arg->ch == 'x' || arg->ch == 'X' || arg->ch == 'o');
    if (arg->sign) {
        if (fill != ' ')
            put_cp(c, (uint32_t)signchar);
        if (arg->width > len)
            arg->width--;
    }
    if (prefix) {
        if (fill != ' ') {
            put_cp(c, '0');
            put_cp(c, arg->ch);
            pindex += 2;
        }
        arg->width -= 2;
        if (arg->width < 0)
            arg->width = 0;
        len -= 2;
    }
    if (arg->width > len && !(arg->flags & F_LJUST)) {
        put_fill(c, fill, arg->width - len);
        arg->width = len;
    }
    if (fill == ' ') {
        if (arg->sign)
            put_cp(c, (uint32_t)signchar);
        if (prefix) {
            put_cp(c, '0');
            put_cp(c, arg->ch);
            pindex += 2;
        }
    }
    if (len > 0) {
        size_t end = pindex + utf8_offset(str + pindex, blen - pindex, (size_t)len);
        strbuf_append(&c->out, str + pindex, end - pindex);
        c->outcp += (size_t)len;
    }
    if (arg->width > len)
        put_fill(c, ' ', arg->width - len);
    return 0;
}

static int format_arg(fmtctx *c)
{
    ops_ctx *x = c->x;
    fmtarg arg = {READ(), 0, -1, -1, 0};
    if (arg.ch == '%') {
        c->fmtpos++;
        c->fmtcnt--;
        put_cp(c, '%');
        return 0;
    }
    if (parse_arg(c, &arg) < 0)
        return -1;
    const pv *v = next_arg(c);
    if (!v)
        return -1;
    strbuf s = STRBUF_INIT;
    int rc = 0;
    switch (arg.ch) {
    case 's':
    case 'r':
    case 'a':
        if (arg.ch == 's')
            ops_str_to(&s, v);
        else if (arg.ch == 'r')
            ops_repr_to(&s, v);
        else
            ascii_to(&s, v);
        break;
    case 'i':
    case 'd':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        rc = format_int_arg(c, &arg, v, &s);
        arg.sign = 1;
        break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
        rc = format_float_arg(c, &arg, v, &s);
        arg.sign = 1;
        break;
    case 'c': {
        uint32_t ch;
        rc = format_char_arg(c, v, &ch);
        if (rc == 0) {
            char b[4];
            strbuf_append(&s, b, (size_t)utf8_put(ch, b));
        }
        break;
    }
    default:
        py_raise(x->err, x->a, "ValueError", "unsupported format character '%c' (0x%x) at index %ld",
                 (31 <= arg.ch && arg.ch <= 126) ? (char)arg.ch : '?', (unsigned)arg.ch, c->fmtpos - 1);
        rc = -1;
    }
    if (rc == 0)
        rc = output_arg(c, &arg, s.data ? s.data : "", s.len);
    strbuf_free(&s);
    if (rc < 0)
        return -1;
    if (c->dict && c->argidx < c->arglen)
        return err_type(c, "not all arguments converted during string formatting");
    return 0;
}

pv *ops_str_mod(ops_ctx *x, const pv *format, const pv *args)
{
    fmtctx c;
    memset(&c, 0, sizeof c);
    c.x = x;
    uint32_t *cps = malloc((format->s.ncp + 1) * sizeof(uint32_t));
    size_t n = 0;
    for (size_t i = 0; i < format->s.len;)
        cps[n++] = utf8_next(format->s.p, &i);
    cps[n] = 0; /* a trailing '%' reads this, as CPython reads its terminator */
    c.fmt = cps;
    c.fmtcnt = (long)n;
    c.args = args;
    if (args->kind == PV_LIST && args->tuple) {
        c.arglen = (long)args->l.len;
        c.argidx = 0;
    } else {
        c.arglen = -1;
        c.argidx = -2;
    }
    /* PyMapping_Check and not a tuple or str: dict and list */
    if ((args->kind == PV_DICT || (args->kind == PV_LIST && !args->tuple)))
        c.dict = args;
    pv *res = NULL;
    while (--c.fmtcnt >= 0) {
        if (cps[c.fmtpos] != '%') {
            long start = c.fmtpos;
            c.fmtcnt++;
            while (--c.fmtcnt >= 0 && cps[c.fmtpos] != '%')
                c.fmtpos++;
            if (!out_room(&c, (size_t)(c.fmtpos - start)))
                goto done;
            for (long i = start; i < c.fmtpos; i++)
                put_cp(&c, cps[i]);
            c.fmtcnt++; /* the loop's decrement again */
            continue;
        }
        c.fmtpos++;
        if (format_arg(&c) < 0)
            goto done;
    }
    if (c.argidx < c.arglen && !c.dict) {
        err_type(&c, "not all arguments converted during string formatting");
        goto done;
    }
    res =
        pv_str_take_n(x->a, arena_strndup(x->a, c.out.data ? c.out.data : "", c.out.len), c.out.len, c.outcp);
done:
    strbuf_free(&c.out);
    free(cps);
    return res;
}
