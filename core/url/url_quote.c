/* quote / quote_plus / quote_from_bytes, unquote / unquote_plus, and
 * urlencode with its doseq and quote_via rules (url_quote.h).  Results are
 * built under --max-result-bytes and urlencode's loops check the request's
 * budget (doseq repeats a key once per value: a small query can ask for a
 * huge text). */
#include "url/url_quote.h"

#include <string.h>

#include "base/budget.h"
#include "base/config.h"
#include "py/py_repr.h"
#include "text/utf8.h"
#include "url/url_codec.h"

static bool always_safe(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-' || c == '~';
}

/* safe.encode('ascii', 'ignore') (a str) or its bytes below 128 (bytes): the same table */
static void safe_table(url_str safe, bool ok[128])
{
    memset(ok, 0, 128 * sizeof *ok);
    for (size_t i = 0; i < safe.n; i++)
        if ((unsigned char)safe.p[i] < 0x80)
            ok[(unsigned char)safe.p[i]] = true;
}

static void quote_table(strbuf *out, const unsigned char *b, size_t n, const bool ok[128])
{
    static const char hex[] = "0123456789ABCDEF";
    strbuf_reserve(out, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c < 0x80 && (always_safe(c) || ok[c])) {
            strbuf_putc(out, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            strbuf_append(out, e, 3);
        }
    }
}

void url_quote_bytes(strbuf *out, const unsigned char *b, size_t n, url_str safe)
{
    bool ok[128];
    safe_table(safe, ok);
    quote_table(out, b, n, ok);
}

/* quote_from_bytes(b, safe), and with space: quote(b, safe + ' ') with the
 * spaces made '+' (quote_plus) */
static void quote_raw(strbuf *q, const unsigned char *b, size_t n, url_str safe, bool space)
{
    bool ok[128];
    safe_table(safe, ok);
    ok[' '] |= space;
    size_t from = q->len;
    quote_table(q, b, n, ok);
    if (space)
        for (size_t i = from; i < q->len; i++)
            if (q->data[i] == ' ')
                q->data[i] = '+';
}

int url_quote(arena *a, url_str s, url_str safe, url_str encoding, url_str errors, bool plus, url_str *out,
              py_err *err)
{
    if (!s.n) {
        *out = s;
        return 0;
    }
    bool space = plus && memchr(s.p, ' ', s.n) != NULL;
    strbuf bytes = STRBUF_INIT, q;
    strbuf_init_max(&q, config.max_result_bytes, "--max-result-bytes");
    const unsigned char *b;
    size_t n;
    bool is_utf8 = url_str_is_none(encoding);
    url_codec codec;
    if (!is_utf8) {
        if (url_codec_lookup(a, encoding, &codec, err) < 0)
            return -1;
        is_utf8 = codec.kind == URL_CODEC_UTF8;
    } else {
        codec.kind = URL_CODEC_UTF8;
        codec.name = "utf-8";
        codec.name_len = 5;
    }
    url_str errs = url_str_is_none(errors) ? url_str_make("strict", 6) : errors;
    /* a str without lone surrogates is its own UTF-8 */
    bool plain = false;
    if (is_utf8) {
        plain = true;
        for (size_t i = 0; i + 2 < s.n && plain; i++)
            if ((unsigned char)s.p[i] == 0xED && (unsigned char)s.p[i + 1] >= 0xA0)
                plain = false;
    }
    if (plain) {
        b = (const unsigned char *)s.p;
        n = s.n;
    } else {
        if (url_codec_encode(a, &codec, s, errs, &bytes, err) < 0) {
            strbuf_free(&bytes);
            return -1;
        }
        b = (const unsigned char *)(bytes.data ? bytes.data : "");
        n = bytes.len;
    }
    quote_raw(&q, b, n, safe, space);
    if (strbuf_overflow(&q)) {
        strbuf_free(&bytes);
        strbuf_free(&q);
        return budget_size_error(err, a, "--max-result-bytes", config.max_result_bytes);
    }
    *out = url_str_dup(a, url_str_make(q.data ? q.data : "", q.len));
    strbuf_free(&bytes);
    strbuf_free(&q);
    return 0;
}

void url_quote_from_bytes(strbuf *out, const unsigned char *b, size_t n, url_str safe, bool plus)
{
    quote_raw(out, b, n, safe, plus && n && memchr(b, ' ', n) != NULL);
}

void url_unquote_to_bytes(strbuf *out, const char *s, size_t n)
{
    strbuf_reserve(out, n);
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < n && (h = utf8_hex_digit(s[i + 1])) >= 0 &&
            (l = utf8_hex_digit(s[i + 2])) >= 0 && (unsigned char)s[i + 1] < 0x80 &&
            (unsigned char)s[i + 2] < 0x80) {
            strbuf_putc(out, (char)(h * 16 + l));
            i += 2;
        } else {
            strbuf_putc(out, s[i]);
        }
    }
}

int url_unquote(arena *a, url_str s, url_str encoding, url_str errors, bool plus, url_str *out, py_err *err)
{
    if (plus && memchr(s.p, '+', s.n)) {
        char *p = arena_strndup(a, s.p, s.n);
        for (size_t i = 0; i < s.n; i++)
            if (p[i] == '+')
                p[i] = ' ';
        s = url_str_make(p, s.n);
    }
    if (!memchr(s.p, '%', s.n)) {
        *out = s;
        return 0;
    }
    url_str enc = url_str_is_none(encoding) ? url_str_make("utf-8", 5) : encoding;
    url_str errs = url_str_is_none(errors) ? url_str_make("replace", 7) : errors;
    url_codec codec;
    bool fast = url_str_eq(enc, "utf-8") && url_str_eq(errs, "replace");
    strbuf o = STRBUF_INIT, run = STRBUF_INIT;
    size_t i = 0;
    int rc = 0;
    bool looked_up = false;
    while (i < s.n) {
        size_t start = i;
        while (i < s.n && (unsigned char)s.p[i] >= 0x80)
            i++;
        strbuf_append(&o, s.p + start, i - start);
        if (i >= s.n)
            break;
        /* an ASCII run: unquote_to_bytes, then decode */
        strbuf_clear(&run);
        while (i < s.n && (unsigned char)s.p[i] < 0x80) {
            if (s.p[i] == '%' && i + 2 < s.n + 0 && utf8_hex_digit(s.p[i + 1]) >= 0 &&
                utf8_hex_digit(s.p[i + 2]) >= 0 && (unsigned char)s.p[i + 2] < 0x80) {
                strbuf_putc(&run, (char)(utf8_hex_digit(s.p[i + 1]) * 16 + utf8_hex_digit(s.p[i + 2])));
                i += 3;
                continue;
            }
            strbuf_putc(&run, s.p[i]);
            i++;
        }
        const unsigned char *rb = (const unsigned char *)(run.data ? run.data : "");
        if (fast) {
            utf8_decode_replace(&o, (const char *)rb, run.len);
            continue;
        }
        if (!looked_up) {
            if (url_codec_lookup(a, enc, &codec, err) < 0) {
                rc = -1;
                break;
            }
            looked_up = true;
        }
        if (url_codec_decode(a, &codec, rb, run.len, errs, &o, err) < 0) {
            rc = -1;
            break;
        }
    }
    if (rc == 0)
        *out = url_str_dup(a, url_str_make(o.data ? o.data : "", o.len));
    strbuf_free(&o);
    strbuf_free(&run);
    return rc;
}

void url_pystr(strbuf *out, const pv *v)
{
    py_str(out, v);
}

static int quote_item(arena *a, strbuf *o, const pv *v, url_str safe, url_str enc, url_str errs,
                      url_quote_via via, py_err *err)
{
    url_str s;
    strbuf t = STRBUF_INIT;
    if (v->kind == PV_BYTES) { /* quote_via(v, safe): no encoding, no errors */
        url_quote_from_bytes(o, (const unsigned char *)v->s.p, v->s.len, safe, via == URL_QUOTE_PLUS);
        return 0;
    }
    if (v->kind == PV_STR) {
        s = url_str_make(v->s.p, v->s.len);
    } else {
        url_pystr(&t, v);
        s = url_str_make(t.data ? t.data : "", t.len);
    }
    url_str q;
    int rc = url_quote(a, s, safe, enc, errs, via == URL_QUOTE_PLUS, &q, err);
    strbuf_free(&t);
    if (rc < 0)
        return -1;
    strbuf_append(o, q.p, q.n);
    return 0;
}

int url_urlencode(arena *a, const pv *query, bool doseq, url_str safe, url_str enc, url_str errs,
                  url_quote_via via, url_str *out, py_err *err)
{
    size_t n = query->kind == PV_DICT ? query->d.len : query->l.len;
    strbuf o, key = STRBUF_INIT;
    strbuf_init_max(&o, config.max_result_bytes, "--max-result-bytes");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (budget_expired())
            goto stopped;
        const pv *k, *v;
        if (query->kind == PV_DICT) {
            k = query->d.items[i].key;
            v = query->d.items[i].val;
        } else {
            k = query->l.items[i]->l.items[0];
            v = query->l.items[i]->l.items[1];
        }
        strbuf_clear(&key);
        if (quote_item(a, &key, k, safe, enc, errs, via, err) < 0)
            goto fail;
        if (!doseq || v->kind == PV_STR || (v->kind != PV_LIST && v->kind != PV_DICT)) {
            if (!first)
                strbuf_putc(&o, '&');
            first = false;
            strbuf_append(&o, key.data ? key.data : "", key.len);
            strbuf_putc(&o, '=');
            if (quote_item(a, &o, v, safe, enc, errs, via, err) < 0)
                goto fail;
            if (strbuf_overflow(&o))
                goto stopped;
            continue;
        }
        size_t m = v->kind == PV_LIST ? v->l.len : v->d.len;
        for (size_t j = 0; j < m; j++) {
            const pv *e = v->kind == PV_LIST ? v->l.items[j] : v->d.items[j].key;
            if (!first)
                strbuf_putc(&o, '&');
            first = false;
            strbuf_append(&o, key.data ? key.data : "", key.len);
            strbuf_putc(&o, '=');
            if (quote_item(a, &o, e, safe, enc, errs, via, err) < 0)
                goto fail;
            if (strbuf_overflow(&o) || budget_expired())
                goto stopped;
        }
    }
    *out = url_str_dup(a, url_str_make(o.data ? o.data : "", o.len));
    strbuf_free(&o);
    strbuf_free(&key);
    return 0;
stopped:
    if (strbuf_overflow(&o))
        budget_size_error(err, a, "--max-result-bytes", config.max_result_bytes);
    else
        budget_error(err, a);
fail:
    strbuf_free(&o);
    strbuf_free(&key);
    return -1;
}
