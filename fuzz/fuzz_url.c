/* libFuzzer: urlsplit / urlparse / netloc attributes / urljoin / quote /
 * unquote / parse_qsl on arbitrary input (split at the first NUL into a base
 * and a reference).  Input bytes that are not valid UTF-8 are read as
 * Latin-1, so every input is a str; quote_from_bytes / unquote_to_bytes
 * (the bytes paths) take the raw input. */
#include <stdint.h>
#include <string.h>

#include "text/utf8.h"
#include "url/url_parse.h"
#include "url/url_query.h"
#include "url/url_quote.h"

static url_str as_str(arena *a, const uint8_t *d, size_t n)
{
    if (utf8_check((const char *)d, n, NULL, NULL, NULL))
        return url_str_dup(a, url_str_make((const char *)d, n));
    char *p = arena_alloc(a, 2 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)utf8_put(d[i], p + k);
    p[k] = '\0';
    return url_str_make(p, k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    const uint8_t *nul = memchr(data, 0, size);
    size_t n1 = nul ? (size_t)(nul - data) : size;
    url_str base = as_str(a, data, n1);
    url_str ref = nul ? as_str(a, nul + 1, size - n1 - 1) : url_str_make("", 0);
    py_err e;
    url_parts p;
    if (url_parse(a, base, url_str_make("", 0), true, &p, &e) == 0) {
        url_netloc nl;
        url_netloc_parse(a, p.netloc, &nl);
        url_str back = url_unparse(a, &p);
        (void)back;
    }
    if (url_split(a, ref, url_str_make("http", 4), false, &p, &e) == 0)
        (void)url_unsplit(a, &p);
    url_str r;
    (void)url_join(a, base, ref, true, &r, &e);
    (void)url_defrag(a, base, &r, &ref, &e);
    (void)url_quote(a, base, url_str_make("/", 1), URL_STR_NONE, URL_STR_NONE, true, &r, &e);
    (void)url_quote(a, base, url_str_make("", 0), url_str_make("latin-1", 7),
                    url_str_make("xmlcharrefreplace", 17), false, &r, &e);
    (void)url_unquote(a, base, URL_STR_NONE, URL_STR_NONE, true, &r, &e);
    (void)url_unquote(a, base, url_str_make("utf-16-le", 9), url_str_make("backslashreplace", 16), false, &r,
                      &e);
    url_query_opts o = {
        .keep_blank_values = true, .separator = {"&", 1}, .encoding = URL_STR_NONE, .errors = URL_STR_NONE};
    url_query_pair *pairs;
    size_t np;
    (void)url_query_parse_qsl(a, base, &o, &pairs, &np, &e);
    (void)url_query_parse(a, (const char *)data, size, &pairs);
    strbuf sb = STRBUF_INIT;
    url_quote_from_bytes(&sb, data, size, url_str_make((const char *)data, n1), true);
    url_unquote_to_bytes(&sb, (const char *)data, size);
    strbuf_free(&sb);
    arena_free(a);
    return 0;
}
