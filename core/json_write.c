/* The encoder writes what CPython's json.dumps writes (Lib/json/encoder.py
 * and Modules/_json.c), and, with JSON_ENVELOPE, the API's response form. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "float_repr.h"
#include "json.h"
#include "utf8.h"

const json_write_opts JSON_ENVELOPE = {
    .ensure_ascii = false,
    .allow_nan = true,
    .nan_as_string = true,
    .escape_lone_surrogates = true,
    .bytes_base64 = true,
    .item_sep = ",",
    .item_sep_len = 1,
    .key_sep = ":",
    .key_sep_len = 1,
};

static const char HEX[] = "0123456789abcdef";

static void put_u(strbuf *o, uint32_t c)
{
    char b[6] = {'\\', 'u', HEX[(c >> 12) & 15], HEX[(c >> 8) & 15], HEX[(c >> 4) & 15], HEX[c & 15]};
    sb_append(o, b, 6);
}

/* 1 for bytes that can be copied as they are (ASCII printable but " and \). */
static unsigned char plain_ascii[256];
static unsigned char plain_utf8[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static void init_tables(void)
{
    for (int c = 0; c < 256; c++) {
        plain_ascii[c] = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
        plain_utf8[c] = c >= 0x20 && c != '"' && c != '\\';
    }
}

void json_write_str(strbuf *o, const char *s, size_t n, bool ensure_ascii, bool escape_surrogates)
{
    pthread_once(&tables_once, init_tables);
    const unsigned char *plain = ensure_ascii ? plain_ascii : plain_utf8;
    sb_reserve(o, n + 2);
    sb_putc(o, '"');
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && plain[(unsigned char)s[j]]) {
            /* A lone surrogate (ED A0..BF) must not reach the wire as raw bytes. */
            if (escape_surrogates && (unsigned char)s[j] == 0xED && j + 1 < n &&
                (unsigned char)s[j + 1] >= 0xA0)
                break;
            j++;
        }
        if (j > i)
            sb_append(o, s + i, j - i);
        if (j >= n)
            break;
        i = j;
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            switch (c) {
            case '"': sb_append(o, "\\\"", 2); break;
            case '\\': sb_append(o, "\\\\", 2); break;
            case '\n': sb_append(o, "\\n", 2); break;
            case '\r': sb_append(o, "\\r", 2); break;
            case '\t': sb_append(o, "\\t", 2); break;
            case '\b': sb_append(o, "\\b", 2); break;
            case '\f': sb_append(o, "\\f", 2); break;
            default: put_u(o, c); break;
            }
            continue;
        }
        uint32_t cp = utf8_next(s, &i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put_u(o, 0xD800 | (cp >> 10));
            put_u(o, 0xDC00 | (cp & 0x3FF));
        } else {
            put_u(o, cp);
        }
    }
    sb_putc(o, '"');
}

typedef struct writer {
    strbuf *o;
    const json_write_opts *opt;
    arena *a;
    py_err *err;
    int depth;
} writer;

static void newline_indent(writer *w, int level)
{
    sb_putc(w->o, '\n');
    for (int i = 0; i < level; i++)
        sb_append(w->o, w->opt->indent, w->opt->indent_len);
}

static void item_sep(writer *w)
{
    if (w->opt->item_sep)
        sb_append(w->o, w->opt->item_sep, w->opt->item_sep_len);
    else if (w->opt->indent)
        sb_putc(w->o, ',');
    else
        sb_append(w->o, ", ", 2);
}

static int cmp_entries(const void *x, const void *y)
{
    const pv *a = ((const pv_entry *)x)->key, *b = ((const pv_entry *)y)->key;
    size_t n = a->s.len < b->s.len ? a->s.len : b->s.len;
    int c = memcmp(a->s.p, b->s.p, n);
    if (c)
        return c;
    return (a->s.len > b->s.len) - (a->s.len < b->s.len);
}

static int write_value(writer *w, const pv *v);

static int write_float(writer *w, double f)
{
    if (!isfinite(f)) {
        if (!w->opt->allow_nan)
            return py_raise(w->err, w->a, "ValueError",
                            "Out of range float values are not JSON compliant");
        const char *t = isnan(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity";
        if (w->opt->nan_as_string)
            sb_putc(w->o, '"');
        sb_puts(w->o, t);
        if (w->opt->nan_as_string)
            sb_putc(w->o, '"');
        return 0;
    }
    char buf[FLOAT_REPR_MAX];
    size_t n = float_repr(f, buf);
    sb_append(w->o, buf, n);
    return 0;
}

static int write_container(writer *w, const pv *v)
{
    if (w->opt->max_depth && w->depth >= w->opt->max_depth)
        return py_limit(w->err, w->a, "maximum recursion depth exceeded while encoding a JSON object");
    w->depth++;
    const bool list = v->kind == PV_LIST;
    const size_t n = list ? v->l.len : v->d.len;
    sb_putc(w->o, list ? '[' : '{');
    if (n == 0) {
        sb_putc(w->o, list ? ']' : '}');
        w->depth--;
        return 0;
    }
    const pv_entry *items = list ? NULL : v->d.items;
    pv_entry *sorted = NULL;
    if (!list && w->opt->sort_keys) {
        sorted = malloc(n * sizeof *sorted);
        if (!sorted)
            abort();
        memcpy(sorted, items, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_entries);
        items = sorted;
    }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            item_sep(w);
        if (w->opt->indent)
            newline_indent(w, w->depth);
        if (list) {
            rc = write_value(w, v->l.items[i]);
        } else {
            const pv *k = items[i].key;
            json_write_str(w->o, k->s.p, k->s.len, w->opt->ensure_ascii, w->opt->escape_lone_surrogates);
            if (w->opt->key_sep)
                sb_append(w->o, w->opt->key_sep, w->opt->key_sep_len);
            else
                sb_append(w->o, ": ", 2);
            rc = write_value(w, items[i].val);
        }
        if (rc)
            break;
    }
    free(sorted);
    if (rc)
        return rc;
    w->depth--;
    if (w->opt->indent)
        newline_indent(w, w->depth);
    sb_putc(w->o, list ? ']' : '}');
    return 0;
}

static int write_value(writer *w, const pv *v)
{
    switch ((pv_kind)v->kind) {
    case PV_NONE: sb_append(w->o, "null", 4); return 0;
    case PV_BOOL:
        if (v->b)
            sb_append(w->o, "true", 4);
        else
            sb_append(w->o, "false", 5);
        return 0;
    case PV_INT:
        if (v->i.big && w->opt->max_int_digits &&
            mpz_sizeinbase(v->i.big, 10) > w->opt->max_int_digits + 1)
            return py_limit(w->err, w->a, "integer result of more than %zu digits",
                            w->opt->max_int_digits);
        pv_int_write(w->o, v);
        return 0;
    case PV_FLOAT: return write_float(w, v->f);
    case PV_STR:
        json_write_str(w->o, v->s.p, v->s.len, w->opt->ensure_ascii, w->opt->escape_lone_surrogates);
        return 0;
    case PV_BYTES:
        if (!w->opt->bytes_base64)
            return py_raise(w->err, w->a, "TypeError", "Object of type bytes is not JSON serializable");
        sb_putc(w->o, '"');
        base64_encode(w->o, v->s.p, v->s.len);
        sb_putc(w->o, '"');
        return 0;
    case PV_LIST:
    case PV_DICT: return write_container(w, v);
    }
    return py_raise(w->err, w->a, "TypeError", "no JSON form for %s", pv_type_name(v));
}

int json_write(strbuf *out, const pv *v, const json_write_opts *o, arena *a, py_err *err)
{
    writer w = {.o = out, .opt = o, .a = a, .err = err};
    return write_value(&w, v);
}
