/* urllib.robotparser: POST /v1/urllib/robotparser/<fn> (core/url/url_robots.c; robots_url via
 * core/net/net_fetch.c). */
#include "op.h"

#include "base/budget.h"
#include "net/net_fetch.h"
#include "url/url_codec.h"
#include "url/url_parse.h"
#include "url/url_quote.h"
#include "url/url_robots.h"

static url_str S(const pv *v)
{
    return url_str_make(v->s.p, v->s.len);
}
static bool stop_cb(void *arg)
{
    return op_should_stop((const op_ctx *)arg);
}

/* _parser(robots_txt, robots_url): the RobotFileParser the answer comes from */
static int load(op_ctx *c, const pv *txt, const pv *url, url_robots *r)
{
    arena *a = c->a;
    if ((txt->kind == PV_NONE) == (url->kind == PV_NONE))
        return py_bad_request(&c->err, a, "give exactly one of 'robots_txt' and 'robots_url'");
    url_robots_init(r);
    if (txt->kind == PV_STR)
        return url_robots_parse_text(a, r, S(txt), &c->err);
    url_parts p; /* set_url: urlparse(url) */
    if (url_parse(a, S(url), url_str_make("", 0), true, &p, &c->err) < 0)
        return -1;
    net_fetch_request rq = {0};
    rq.url = S(url);
    rq.method = URL_STR_NONE;
    rq.timeout = 10;
    rq.should_stop = stop_cb;
    rq.stop_arg = c;
    net_fetch_response rs;
    if (net_fetch_urlopen(a, &rq, &rs, &c->err) < 0) {
        if (!rs.http_error)
            return -1;
        if (rs.http_error == 401 || rs.http_error == 403)
            r->disallow_all = true;
        else if (rs.http_error >= 400 && rs.http_error < 500)
            r->allow_all = true;
        return 0;
    }
    static const url_codec utf8 = URL_CODEC("utf-8");
    strbuf text = STRBUF_INIT;
    if (url_codec_decode(a, &utf8, (const unsigned char *)rs.body, rs.body_len, url_str_make("strict", 6),
                         &text, &c->err) < 0) {
        strbuf_free(&text);
        return -1;
    }
    url_str t = url_str_dup(a, url_str_make(text.data ? text.data : "", text.len));
    strbuf_free(&text);
    return url_robots_parse_text(a, r, t, &c->err);
}

static int fn_can_fetch(op_ctx *c)
{
    url_robots r = {0};
    if (load(c, c->argv[2], c->argv[3], &r) < 0)
        return -1;
    bool ok = false;
    if (url_robots_can_fetch(c->a, &r, S(c->argv[0]), S(c->argv[1]), &ok, &c->err) < 0)
        return -1;
    c->result = pv_bool(ok);
    return 0;
}

static int fn_crawl_delay(op_ctx *c)
{
    url_robots r = {0};
    if (load(c, c->argv[1], c->argv[2], &r) < 0)
        return -1;
    const url_robots_entry *e = url_robots_entry_for(&r, S(c->argv[0]));
    if (budget_expired())
        return budget_error(&c->err, c->a);
    c->result = e && e->delay ? e->delay : pv_none();
    return 0;
}

static int fn_request_rate(op_ctx *c)
{
    url_robots r = {0};
    if (load(c, c->argv[1], c->argv[2], &r) < 0)
        return -1;
    const url_robots_entry *e = url_robots_entry_for(&r, S(c->argv[0]));
    if (budget_expired())
        return budget_error(&c->err, c->a);
    if (e && e->rate_req) {
        pv *l = pv_tuple(c->a, 2);
        pv_list_push(c->a, l, e->rate_req);
        pv_list_push(c->a, l, e->rate_sec);
        c->result = l;
    } else {
        c->result = pv_none();
    }
    return 0;
}

static int fn_site_maps(op_ctx *c)
{
    url_robots r = {0};
    if (load(c, c->argv[1], c->argv[2], &r) < 0)
        return -1;
    if (!r.nsitemaps) {
        c->result = pv_none();
        return 0;
    }
    pv *l = pv_list(c->a, r.nsitemaps);
    for (size_t i = 0; i < r.nsitemaps; i++)
        pv_list_push(c->a, l, url_str_pv(c->a, r.sitemaps[i]));
    c->result = l;
    return 0;
}

#define SRC_ARGS                                                                                             \
    {"robots_txt", A_STR, ARG_NULLABLE, "null", "the robots.txt text (split with str.splitlines())", NULL},  \
    {                                                                                                        \
        "robots_url", A_STR, ARG_NULLABLE | ARG_NET, "null", "fetch robots.txt from here (network policy, 10 s)", NULL \
    }

static const op_arg can_fetch_args[] = {{"useragent", A_STR, 0, NULL, "the crawler's user agent", NULL},
                                        {"url", A_STR, 0, NULL, "URL or path to check", NULL},
                                        SRC_ARGS,
                                        {0}};
static const op_arg agent_args[] = {
    {"useragent", A_STR, 0, NULL, "the crawler's user agent", NULL}, SRC_ARGS, {0}};
static const op_arg maps_args[] = {
    {"useragent", A_STR, 0, "\"*\"", "unused (as in Python)", NULL}, SRC_ARGS, {0}};


#define EX                                                                                                   \
    "\"robots_txt\": \"User-agent: *\\nDisallow: /private/\\nCrawl-delay: 2\\nSitemap: "                     \
    "https://e.com/s.xml\""
static const op_def ops[] = {
    {"can_fetch", fn_can_fetch, can_fetch_args, OP_GET | OP_BLOCKING,
     "RobotFileParser.can_fetch(useragent, url)", "{\"type\": \"boolean\"}",
     "{" EX ", \"useragent\": \"bot\", \"url\": \"/private/x\"}"},
    {"crawl_delay", fn_crawl_delay, agent_args, OP_GET | OP_BLOCKING,
     "RobotFileParser.crawl_delay(useragent)", "{\"type\": [\"integer\", \"null\"]}",
     "{" EX ", \"useragent\": \"bot\"}"},
    {"request_rate", fn_request_rate, agent_args, OP_GET | OP_BLOCKING,
     "RobotFileParser.request_rate(useragent)",
     "{\"type\": [\"array\", \"null\"], \"items\": {\"type\": \"integer\"}}",
     "{" EX ", \"useragent\": \"bot\"}"},
    {"site_maps", fn_site_maps, maps_args, OP_GET | OP_BLOCKING, "RobotFileParser.site_maps()",
     "{\"type\": [\"array\", \"null\"], \"items\": {\"type\": \"string\"}}", "{" EX "}"},
    {0}};

const pystd_module pystd_module_urllib_robotparser = {
    "urllib/robotparser", "robots.txt rules (urllib.robotparser)", ops, NULL, NULL, NULL, NULL};
