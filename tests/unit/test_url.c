/* core/url/: urljoin, urlsplit and the netloc attributes, quote, unquote,
 * parse_qsl and robotparser's can_fetch against CPython 3.11.7's answers (the
 * vector block below, rewritten by tools/gen_urlparse_vectors.py: tools/regen
 * urlvectors), and the server's reading of GET query strings. */
#include <check.h>

#include "testkit.h"
#include <stdlib.h>
#include <string.h>

#include "url/url_parse.h"
#include "url/url_query.h"
#include "url/url_quote.h"
#include "url/url_robots.h"

typedef struct vec {
    const char *fn, *a, *b, *expect;
} vec;

static const vec V[] = {
    /* BEGIN VECTORS */
    {"urljoin", "http://a/b/c/d;p\077q", "g:h", "g:h"},
    {"urljoin", "http://a/b/c/d;p\077q", "g", "http://a/b/c/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "./g", "http://a/b/c/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "g/", "http://a/b/c/g/"},
    {"urljoin", "http://a/b/c/d;p\077q", "/g", "http://a/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "//g", "http://g"},
    {"urljoin", "http://a/b/c/d;p\077q", "\077y", "http://a/b/c/d;p\077y"},
    {"urljoin", "http://a/b/c/d;p\077q", "g\077y", "http://a/b/c/g\077y"},
    {"urljoin", "http://a/b/c/d;p\077q", "#s", "http://a/b/c/d;p\077q#s"},
    {"urljoin", "http://a/b/c/d;p\077q", "g#s", "http://a/b/c/g#s"},
    {"urljoin", "http://a/b/c/d;p\077q", "g\077y#s", "http://a/b/c/g\077y#s"},
    {"urljoin", "http://a/b/c/d;p\077q", ";x", "http://a/b/c/;x"},
    {"urljoin", "http://a/b/c/d;p\077q", "g;x", "http://a/b/c/g;x"},
    {"urljoin", "http://a/b/c/d;p\077q", "g;x\077y#s", "http://a/b/c/g;x\077y#s"},
    {"urljoin", "http://a/b/c/d;p\077q", "", "http://a/b/c/d;p\077q"},
    {"urljoin", "http://a/b/c/d;p\077q", ".", "http://a/b/c/"},
    {"urljoin", "http://a/b/c/d;p\077q", "./", "http://a/b/c/"},
    {"urljoin", "http://a/b/c/d;p\077q", "..", "http://a/b/"},
    {"urljoin", "http://a/b/c/d;p\077q", "../", "http://a/b/"},
    {"urljoin", "http://a/b/c/d;p\077q", "../g", "http://a/b/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "../..", "http://a/"},
    {"urljoin", "http://a/b/c/d;p\077q", "../../", "http://a/"},
    {"urljoin", "http://a/b/c/d;p\077q", "../../g", "http://a/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "../../../g", "http://a/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "/./g", "http://a/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "/../g", "http://a/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "g.", "http://a/b/c/g."},
    {"urljoin", "http://a/b/c/d;p\077q", ".g", "http://a/b/c/.g"},
    {"urljoin", "http://a/b/c/d;p\077q", "g..", "http://a/b/c/g.."},
    {"urljoin", "http://a/b/c/d;p\077q", "..g", "http://a/b/c/..g"},
    {"urljoin", "http://a/b/c/d;p\077q", "./../g", "http://a/b/g"},
    {"urljoin", "http://a/b/c/d;p\077q", "./g/.", "http://a/b/c/g/"},
    {"urljoin", "http://a/b/c/d;p\077q", "g/./h", "http://a/b/c/g/h"},
    {"urljoin", "http://a/b/c/d;p\077q", "g/../h", "http://a/b/c/h"},
    {"urljoin", "http://a/b/c/d;p\077q", "g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"urljoin", "http://a/b/c/d;p\077q", "g;x=1/../y", "http://a/b/c/y"},
    {"urljoin", "http://a/b/c/d;p\077q", "g\077y/./x", "http://a/b/c/g\077y/./x"},
    {"urljoin", "http://a/b/c/d;p\077q", "g#s/../x", "http://a/b/c/g#s/../x"},
    {"urlsplit", "http://user:pa:ss@[::1]:8080/p;a\077q=1#f", "",
     "http|user:pa:ss@[::1]:8080|/p;a|q=1|f|::1"},
    {"urlsplit", " \011\001http://x.com/a\011b\012c\015 ", "", "http|x.com|/abc |||x.com"},
    {"urlsplit", "HTTP://EX.com:80/A", "", "http|EX.com:80|/A|||ex.com"},
    {"urlsplit", "path:80", "", "path||80|||None"},
    {"urlsplit", "//netloc/only", "", "|netloc|/only|||netloc"},
    {"urlsplit", "mailto:a@b", "", "mailto||a@b|||None"},
    {"urlsplit", "http://h:65536/", "", "http|h:65536|/|||h"},
    {"urlsplit", "http://h:x/", "", "http|h:x|/|||h"},
    {"urlsplit", "http://[fe80::1%25EN0]/", "", "http|[fe80::1%25EN0]|/|||fe80::1%25EN0"},
    {"quote", "a b/c", "/", "a%20b/c"},
    {"quote_plus", "a b/c", "", "a+b%2Fc"},
    {"quote", "~-._", "/", "~-._"},
    {"quote_plus", "~-._", "", "~-._"},
    {"quote", "\303\251\342\202\254\360\235\204\236", "/", "%C3%A9%E2%82%AC%F0%9D%84%9E"},
    {"quote_plus", "\303\251\342\202\254\360\235\204\236", "", "%C3%A9%E2%82%AC%F0%9D%84%9E"},
    {"quote", ":/\077#[]@!$&'()*+,;=", "/", "%3A/%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D"},
    {"quote_plus", ":/\077#[]@!$&'()*+,;=", "", "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D"},
    {"quote", "\001\177", "/", "%01%7F"},
    {"quote_plus", "\001\177", "", "%01%7F"},
    {"unquote", "a%20b+c", "", "a b+c"},
    {"unquote_plus", "a%20b+c", "", "a b c"},
    {"unquote", "%e2%82%ac", "", "\342\202\254"},
    {"unquote_plus", "%e2%82%ac", "", "\342\202\254"},
    {"unquote", "%E2%82", "", "\357\277\275"},
    {"unquote_plus", "%E2%82", "", "\357\277\275"},
    {"unquote", "%zz%", "", "%zz%"},
    {"unquote_plus", "%zz%", "", "%zz%"},
    {"unquote", "%", "", "%"},
    {"unquote_plus", "%", "", "%"},
    {"unquote", "%C3%A9%C3", "", "\303\251\357\277\275"},
    {"unquote_plus", "%C3%A9%C3", "", "\303\251\357\277\275"},
    {"unquote", "\303\251%C3%A9", "", "\303\251\303\251"},
    {"unquote_plus", "\303\251%C3%A9", "", "\303\251\303\251"},
    {"parse_qsl", "a=1&b=2&a=3", "", "a=1&b=2&a=3"},
    {"parse_qsl", "a=&b", "", "a=&b="},
    {"parse_qsl", "a+b=c+d%20e", "", "a b=c d e"},
    {"parse_qsl", "%zz=%41", "", "%zz=A"},
    {"parse_qsl", "a=1=2", "", "a=1=2"},
    {"parse_qsl", "&&&", "", ""},
    {"parse_qsl", "a;b=1", "", "a;b=1"},
    {"can_fetch", "figtree/1.0", "/tmp/x", "False"},
    {"can_fetch", "figtree", "/a<d.html", "False"},
    {"can_fetch", "other", "/tmp/ok", "True"},
    {"can_fetch", "other", "/tmp/no", "False"},
    {"can_fetch", "other", "/x", "True"},
    /* END VECTORS */
};

#define ROBOTS                                                                                               \
    "User-agent: figtree\nDisallow: /tmp\nDisallow: /a%3cd.html\n\nUser-agent: *\nAllow: "                   \
    "/tmp/ok\nDisallow: /tmp/\n"

static url_str U(const char *s)
{
    return url_str_make(s, strlen(s));
}

static const char *run(arena *a, const vec *v)
{
    py_err e;
    url_str r = {"", 0};
    if (!strcmp(v->fn, "urljoin")) {
        if (url_join(a, U(v->a), U(v->b), true, &r, &e) < 0)
            return e.msg;
    } else if (!strcmp(v->fn, "urlsplit")) {
        url_parts p;
        if (url_split(a, U(v->a), U(""), true, &p, &e) < 0)
            return arena_printf(a, "%s: %s", e.type, e.msg);
        url_netloc n;
        url_netloc_parse(a, p.netloc, &n);
        return arena_printf(a, "%.*s|%.*s|%.*s|%.*s|%.*s|%.*s", (int)p.scheme.n, p.scheme.p, (int)p.netloc.n,
                            p.netloc.p, (int)p.path.n, p.path.p, (int)p.query.n, p.query.p, (int)p.fragment.n,
                            p.fragment.p, n.has_hostname ? (int)n.hostname.n : 4,
                            n.has_hostname ? n.hostname.p : "None");
    } else if (!strcmp(v->fn, "quote") || !strcmp(v->fn, "quote_plus")) {
        if (url_quote(a, U(v->a), U(v->b), URL_STR_NONE, URL_STR_NONE, v->fn[5] == '_', &r, &e) < 0)
            return e.msg;
    } else if (!strcmp(v->fn, "unquote") || !strcmp(v->fn, "unquote_plus")) {
        if (url_unquote(a, U(v->a), URL_STR_NONE, URL_STR_NONE, v->fn[7] == '_', &r, &e) < 0)
            return e.msg;
    } else if (!strcmp(v->fn, "parse_qsl")) {
        url_query_opts o = {.keep_blank_values = true,
                            .separator = {"&", 1},
                            .encoding = URL_STR_NONE,
                            .errors = URL_STR_NONE};
        url_query_pair *p;
        size_t n;
        if (url_query_parse_qsl(a, U(v->a), &o, &p, &n, &e) < 0)
            return e.msg;
        strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < n; i++)
            strbuf_printf(&sb, "%s%s=%s", i ? "&" : "", p[i].name->s.p, p[i].value->s.p);
        char *s = arena_strndup(a, sb.data ? sb.data : "", sb.len);
        strbuf_free(&sb);
        return s;
    } else if (!strcmp(v->fn, "can_fetch")) {
        url_robots rb;
        url_robots_init(&rb);
        bool ok;
        if (url_robots_parse_text(a, &rb, U(ROBOTS), &e) < 0 ||
            url_robots_can_fetch(a, &rb, U(v->a), U(v->b), &ok, &e) < 0)
            return e.msg;
        return ok ? "True" : "False";
    }
    return arena_strndup(a, r.p, r.n);
}

START_TEST(test_vectors)
{
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        arena *a = arena_new();
        const char *got = run(a, &V[i]);
        ck_assert_msg(!strcmp(got, V[i].expect), "%s(%s, %s): expected %s, got %s", V[i].fn, V[i].a, V[i].b,
                      V[i].expect, got);
        arena_free(a);
    }
}
END_TEST

START_TEST(test_server_query)
{
    /* the server's GET query: Latin-1 bytes stand for themselves, %XX is UTF-8 */
    arena *a = arena_new();
    url_query_pair *p;
    size_t n = url_query_parse(a, "a=%C3%A9&b&c=\xe9+x&&=", 20, &p);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(p[0].value->s.p, "\xc3\xa9");
    ck_assert_str_eq(p[1].name->s.p, "b");
    ck_assert_str_eq(p[1].value->s.p, "");
    ck_assert_str_eq(p[2].value->s.p, "\xc3\xa9 x");
    ck_assert_str_eq(p[3].name->s.p, "");
    arena_free(a);
}
END_TEST

START_TEST(test_bytes_paths)
{
    /* quote_from_bytes / quote_plus of bytes: raw bytes, only safe's ASCII counts */
    strbuf q = STRBUF_INIT;
    url_quote_from_bytes(&q, (const unsigned char *)"a b/\xff+", 6, url_str_make("\xff/", 2), false);
    ck_assert_str_eq(q.data, "a%20b/%FF%2B");
    strbuf_clear(&q);
    url_quote_from_bytes(&q, (const unsigned char *)"a b+", 4, url_str_make("", 0), true);
    ck_assert_str_eq(q.data, "a+b%2B");
    strbuf_clear(&q);
    url_quote_from_bytes(&q, (const unsigned char *)"", 0, url_str_make("", 0), true);
    ck_assert_uint_eq(q.len, 0);
    /* unquote_to_bytes: %XX of ASCII hex digits only; anything else kept */
    url_unquote_to_bytes(&q, "%41%c3%A9%zz%4%\xd9\xa1\xd9\xa2%", 20);
    ck_assert_uint_eq(q.len, 14);
    ck_assert_mem_eq(q.data, "A\xc3\xa9%zz%4%\xd9\xa1\xd9\xa2%", 14);
    strbuf_free(&q);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "urlparse"}), test_vectors, test_server_query, test_bytes_paths)
