#include "urlquery.h"

#include <string.h>

#include "utf8.h"

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

pv *urlquery_unquote_plus(arena *a, const char *s, size_t n)
{
    /* unquote() decodes each run of ASCII characters: %XX -> bytes, then
     * UTF-8 with 'replace'; other characters pass through. */
    strbuf out = STRBUF_INIT, run = STRBUF_INIT;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            char enc[4];
            sb_append(&out, enc, (size_t)utf8_put(c, enc));
            i++;
            continue;
        }
        sb_clear(&run);
        while (i < n && (unsigned char)s[i] < 0x80) {
            char ch = s[i];
            if (ch == '+')
                ch = ' ';
            if (ch == '%' && i + 2 < n && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
                sb_putc(&run, (char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2])));
                i += 3;
                continue;
            }
            sb_putc(&run, ch);
            i++;
        }
        utf8_decode_replace(&out, run.data ? run.data : "", run.len);
    }
    sb_free(&run);
    pv *v = pv_str(a, out.data ? out.data : "", out.len);
    sb_free(&out);
    return v;
}

size_t urlquery_parse(arena *a, const char *qs, size_t n, urlquery_pair **out)
{
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += qs[i] == '&';
    urlquery_pair *pairs = arena_alloc(a, cap * sizeof *pairs);
    size_t np = 0, i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && qs[j] != '&')
            j++;
        if (j > i) {
            const char *eq = memchr(qs + i, '=', j - i);
            size_t nl = eq ? (size_t)(eq - (qs + i)) : j - i;
            pairs[np].name = urlquery_unquote_plus(a, qs + i, nl);
            pairs[np].value = eq ? urlquery_unquote_plus(a, eq + 1, (size_t)(qs + j - eq - 1))
                                 : pv_str(a, "", 0);
            np++;
        }
        i = j + 1;
    }
    *out = pairs;
    return np;
}
