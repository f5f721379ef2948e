/* The head of an HTTP response as http.client and email's compat32 read
 * it: the status line (and what it says of a line that is none), the
 * header block as (name, value) pairs, a header by name.  Bytes are
 * Latin-1. */
#include <string.h>

#include "net/net_fetch_int.h"
#include "text/utf8.h"

/* Latin-1 bytes -> stored-str UTF-8 in the arena */
static url_str latin1(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, 2 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)utf8_put((unsigned char)s[i], p + k);
    p[k] = '\0';
    return url_str_make(p, k);
}

int net_resp_bad_status_line(arena *a, const strbuf *raw, py_err *err)
{
    const char *nl = memchr(raw->data, '\n', raw->len);
    size_t n = nl ? (size_t)(nl - raw->data) + 1 : raw->len;
    if (n > NET_STATUS_LINE_MAX)
        return py_raise(err, a, "http.client.LineTooLong", "got more than %d bytes when reading status line",
                        NET_STATUS_LINE_MAX);
    url_str line = latin1(a, raw->data, n);
    return py_raise_msg(err, a, "http.client.BadStatusLine", line.p, line.n);
}

void net_resp_headers(arena *a, const strbuf *raw, net_fetch_response *rs)
{
    url_str all = latin1(a, raw->data ? raw->data : "", raw->len);
    size_t cap = 0, i = 0;
    rs->headers = NULL;
    rs->nheaders = 0;
    strbuf val = STRBUF_INIT;
    url_str name = {0};
    bool have = false;
    for (;;) {
        size_t e = i < all.n ? url_str_find(all, '\n', i) : SIZE_MAX;
        url_str line = i < all.n ? url_str_sub(all, i, e == SIZE_MAX ? all.n : e + 1) : url_str_make("", 0);
        bool end = !line.n || url_str_eq(line, "\r\n") || url_str_eq(line, "\n");
        bool cont = !end && (line.p[0] == ' ' || line.p[0] == '\t');
        if (have && (end || !cont)) {
            while (val.len && (val.data[val.len - 1] == '\r' || val.data[val.len - 1] == '\n'))
                val.len--;
            if (rs->nheaders == cap) {
                size_t nc = cap ? 2 * cap : 16;
                rs->headers =
                    arena_realloc(a, rs->headers, cap * sizeof *rs->headers, nc * sizeof *rs->headers);
                cap = nc;
            }
            rs->headers[rs->nheaders].name = name;
            rs->headers[rs->nheaders].value = url_str_dup(a, url_str_make(val.data ? val.data : "", val.len));
            rs->nheaders++;
            have = false;
        }
        if (end)
            break;
        i = e == SIZE_MAX ? all.n : e + 1;
        if (cont) {
            if (have)
                strbuf_append(&val, line.p, line.n);
            continue;
        }
        size_t colon = url_str_find(line, ':', 0);
        bool ok = colon != SIZE_MAX;
        for (size_t k = 0; ok && k < colon; k++)
            ok = (unsigned char)line.p[k] >= 0x21 && (unsigned char)line.p[k] <= 0x7e;
        if (!ok)
            break; /* email's feedparser: the header block ends here */
        name = url_str_sub(line, 0, colon);
        strbuf_clear(&val);
        size_t v = colon + 1;
        while (v < line.n && (line.p[v] == ' ' || line.p[v] == '\t'))
            v++;
        strbuf_append(&val, line.p + v, line.n - v);
        have = true;
    }
    strbuf_free(&val);
}

const net_fetch_header *net_resp_header(const net_fetch_response *rs, const char *lname)
{
    size_t n = strlen(lname);
    for (size_t i = 0; i < rs->nheaders; i++) {
        url_str h = rs->headers[i].name;
        if (h.n != n)
            continue;
        bool eq = true;
        for (size_t k = 0; k < n && eq; k++) {
            char c = h.p[k];
            eq = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c) == lname[k];
        }
        if (eq)
            return &rs->headers[i];
    }
    return NULL;
}

void net_resp_status(arena *a, const strbuf *sl, net_fetch_response *rs)
{
    url_str line = latin1(a, sl->data ? sl->data : "", sl->len);
    size_t i = 0;
    int field = 0;
    rs->reason = url_str_make("", 0);
    while (i < line.n && field < 2) {
        while (i < line.n &&
               (line.p[i] == ' ' || line.p[i] == '\t' || line.p[i] == '\r' || line.p[i] == '\n'))
            i++;
        size_t s = i;
        while (i < line.n &&
               !(line.p[i] == ' ' || line.p[i] == '\t' || line.p[i] == '\r' || line.p[i] == '\n'))
            i++;
        if (field == 1) {
            int st = 0;
            for (size_t k = s; k < i && k < s + 4; k++)
                st = st * 10 + (line.p[k] - '0');
            rs->status = st;
        }
        field++;
    }
    rs->reason = url_str_strip(url_str_sub(line, i, line.n));
}
