/* libFuzzer: urlsplit / urlparse / netloc attributes / urljoin / quote /
 * unquote / parse_qsl on arbitrary input (split at the first NUL into a base
 * and a reference).  Input bytes that are not valid UTF-8 are read as
 * Latin-1, so every input is a str. */
#include <stdint.h>
#include <string.h>

#include "url/url_parse.h"
#include "url/url_quote.h"
#include "url/url_query.h"
#include "text/utf8.h"

static ustr as_str(arena *a, const uint8_t *d, size_t n)
{
    if (utf8_check((const char *)d, n, NULL, NULL, NULL))
        return us_dup(a, us_make((const char *)d, n));
    char *p = arena_alloc(a, 2 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)utf8_put(d[i], p + k);
    p[k] = '\0';
    return us_make(p, k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    const uint8_t *nul = memchr(data, 0, size);
    size_t n1 = nul ? (size_t)(nul - data) : size;
    ustr base = as_str(a, data, n1);
    ustr ref = nul ? as_str(a, nul + 1, size - n1 - 1) : us_make("", 0);
    py_err e;
    url_parts p;
    if (up_urlparse(a, base, us_make("", 0), true, &p, &e) == 0) {
        url_netloc nl;
        up_netloc(a, p.netloc, &nl);
        ustr back = up_urlunparse(a, &p);
        (void)back;
    }
    if (up_urlsplit(a, ref, us_make("http", 4), false, &p, &e) == 0)
        (void)up_urlunsplit(a, &p);
    ustr r;
    (void)up_urljoin(a, base, ref, true, &r, &e);
    (void)up_urldefrag(a, base, &r, &ref, &e);
    (void)up_quote(a, base, us_make("/", 1), US_NONE, US_NONE, true, &r, &e);
    (void)up_quote(a, base, us_make("", 0), us_make("latin-1", 7), us_make("xmlcharrefreplace", 17), false,
                   &r, &e);
    (void)up_unquote(a, base, US_NONE, US_NONE, true, &r, &e);
    (void)up_unquote(a, base, us_make("utf-16-le", 9), us_make("backslashreplace", 16), false, &r, &e);
    urlquery_opts o = {
        .keep_blank_values = true, .separator = {"&", 1}, .encoding = US_NONE, .errors = US_NONE};
    urlquery_pair *pairs;
    size_t np;
    (void)urlquery_parse_qsl(a, base, &o, &pairs, &np, &e);
    (void)urlquery_parse(a, (const char *)data, size, &pairs);
    arena_free(a);
    return 0;
}
