/* RobotFileParser (url_robots.h): parse() of robots.txt lines into entries,
 * can_fetch, and the entry a user agent gets (for crawl_delay /
 * request_rate). */
#include "url/url_robots.h"

#include <string.h>

#include "base/budget.h"
#include "url/url_parse.h"
#include "url/url_quote.h"

void url_robots_init(url_robots *r)
{
    memset(r, 0, sizeof *r);
}

#define PUSH(a, arr, n, cap, item)                                                                           \
    do {                                                                                                     \
        if ((n) == (cap)) {                                                                                  \
            size_t nc_ = (cap) ? 2 * (cap) : 4;                                                              \
            (arr) = arena_realloc((a), (arr), (cap) * sizeof *(arr), nc_ * sizeof *(arr));                   \
            (cap) = nc_;                                                                                     \
        }                                                                                                    \
        (arr)[(n)++] = (item);                                                                               \
    } while (0)

static url_robots_entry *new_entry(arena *a)
{
    return arena_calloc(a, 1, sizeof(url_robots_entry));
}

static void add_entry(arena *a, url_robots *r, url_robots_entry *e)
{
    for (size_t i = 0; i < e->nagents; i++)
        if (url_str_eq(e->agents[i], "*")) {
            if (!r->default_entry)
                r->default_entry = e;
            return;
        }
    if (r->nentries == r->cap_entries) {
        size_t nc = r->cap_entries ? 2 * r->cap_entries : 4;
        r->entries = arena_realloc(a, r->entries, r->cap_entries * sizeof(url_robots_entry *),
                                   nc * sizeof(url_robots_entry *));
        r->cap_entries = nc;
    }
    r->entries[r->nentries++] = e;
}

static int rule_line(arena *a, url_robots_entry *e, url_str path, bool allowance, py_err *err)
{
    if (!path.n && !allowance)
        allowance = true;
    url_parts p;
    if (url_parse(a, path, url_str_make("", 0), true, &p, err) < 0)
        return -1;
    url_str u = url_unparse(a, &p), q;
    if (url_quote(a, u, url_str_make("/", 1), URL_STR_NONE, URL_STR_NONE, false, &q, err) < 0)
        return -1;
    url_robots_rule rl = {q, allowance};
    PUSH(a, e->rules, e->nrules, e->cap_rules, rl);
    return 0;
}

/* int(s) for a value whose strip() isdigit(): ValueError when int() refuses it. */
static int to_int(arena *a, url_str s, pv **out, py_err *err)
{
    *out = url_str_int(a, s);
    if (!*out)
        return url_str_int_error(err, a, s);
    return 0;
}

int url_robots_parse(arena *a, url_robots *r, const url_str *lines, size_t n, py_err *err)
{
    int state = 0;
    url_robots_entry *entry = new_entry(a);
    r->checked = true;
    for (size_t li = 0; li < n; li++) {
        url_str line = lines[li];
        if (!line.n) {
            if (state == 1) {
                entry = new_entry(a);
                state = 0;
            } else if (state == 2) {
                add_entry(a, r, entry);
                entry = new_entry(a);
                state = 0;
            }
        }
        size_t h = url_str_find(line, '#', 0);
        if (h != SIZE_MAX)
            line = url_str_sub(line, 0, h);
        line = url_str_strip(line);
        if (!line.n)
            continue;
        size_t colon = url_str_find(line, ':', 0);
        if (colon == SIZE_MAX)
            continue;
        url_str key = url_str_lower(a, url_str_strip(url_str_sub(line, 0, colon)));
        url_str val;
        if (url_unquote(a, url_str_strip(url_str_sub(line, colon + 1, line.n)), URL_STR_NONE, URL_STR_NONE,
                        false, &val, err) < 0)
            return -1;
        if (url_str_eq(key, "user-agent")) {
            if (state == 2) {
                add_entry(a, r, entry);
                entry = new_entry(a);
            }
            PUSH(a, entry->agents, entry->nagents, entry->cap_agents, val);
            state = 1;
        } else if (url_str_eq(key, "disallow") || url_str_eq(key, "allow")) {
            if (state != 0) {
                if (rule_line(a, entry, val, key.p[0] == 'a', err) < 0)
                    return -1;
                state = 2;
            }
        } else if (url_str_eq(key, "crawl-delay")) {
            if (state != 0) {
                if (url_str_isdigit(url_str_strip(val)) && to_int(a, val, &entry->delay, err) < 0)
                    return -1;
                state = 2;
            }
        } else if (url_str_eq(key, "request-rate")) {
            if (state != 0) {
                size_t sl = url_str_find(val, '/', 0);
                if (sl != SIZE_MAX && url_str_find(val, '/', sl + 1) == SIZE_MAX) {
                    url_str n0 = url_str_sub(val, 0, sl), n1 = url_str_sub(val, sl + 1, val.n);
                    if (url_str_isdigit(url_str_strip(n0)) && url_str_isdigit(url_str_strip(n1))) {
                        pv *x, *y;
                        if (to_int(a, n0, &x, err) < 0 || to_int(a, n1, &y, err) < 0)
                            return -1;
                        entry->rate_req = x;
                        entry->rate_sec = y;
                    }
                }
                state = 2;
            }
        } else if (url_str_eq(key, "sitemap")) {
            PUSH(a, r->sitemaps, r->nsitemaps, r->cap_sitemaps, val);
        }
    }
    if (state == 2)
        add_entry(a, r, entry);
    return 0;
}

int url_robots_parse_text(arena *a, url_robots *r, url_str text, py_err *err)
{
    url_str *lines;
    size_t n = url_str_splitlines(a, text, &lines);
    return url_robots_parse(a, r, lines, n, err);
}

/* Each agent is searched in the user agent (as robotparser does): many
 * agents and a long user agent cost their product, so the search stops
 * (false) once the request's budget is spent -- callers check it. */
static bool applies_to(arena *a, const url_robots_entry *e, url_str ua_lower)
{
    for (size_t i = 0; i < e->nagents; i++) {
        if (budget_expired())
            return false;
        if (url_str_eq(e->agents[i], "*"))
            return true;
        url_str ag = url_str_lower(a, e->agents[i]);
        if (url_str_find_str(ua_lower, ag, 0) != SIZE_MAX)
            return true;
    }
    return false;
}

static bool allowance(const url_robots_entry *e, url_str filename)
{
    for (size_t i = 0; i < e->nrules; i++) {
        url_str p = e->rules[i].path;
        if (url_str_eq(p, "*") || (filename.n >= p.n && memcmp(filename.p, p.p, p.n) == 0))
            return e->rules[i].allowance;
    }
    return true;
}

static url_str agent_key(arena *a, url_str ua)
{
    size_t sl = url_str_find(ua, '/', 0);
    return url_str_lower(a, sl == SIZE_MAX ? ua : url_str_sub(ua, 0, sl));
}

int url_robots_can_fetch(arena *a, const url_robots *r, url_str useragent, url_str url, bool *out,
                         py_err *err)
{
    if (r->disallow_all) {
        *out = false;
        return 0;
    }
    if (r->allow_all) {
        *out = true;
        return 0;
    }
    if (!r->checked) {
        *out = false;
        return 0;
    }
    url_str u;
    if (url_unquote(a, url, URL_STR_NONE, URL_STR_NONE, false, &u, err) < 0)
        return -1;
    url_parts p;
    if (url_parse(a, u, url_str_make("", 0), true, &p, err) < 0)
        return -1;
    p.scheme = p.netloc = url_str_make("", 0);
    url_str joined = url_unparse(a, &p);
    if (url_quote(a, joined, url_str_make("/", 1), URL_STR_NONE, URL_STR_NONE, false, &u, err) < 0)
        return -1;
    if (!u.n)
        u = url_str_make("/", 1);
    url_str ua = agent_key(a, useragent);
    for (size_t i = 0; i < r->nentries; i++)
        if (applies_to(a, r->entries[i], ua)) {
            *out = allowance(r->entries[i], u);
            return 0;
        }
    if (budget_expired())
        return budget_error(err, a);
    *out = r->default_entry ? allowance(r->default_entry, u) : true;
    return 0;
}

const url_robots_entry *url_robots_entry_for(const url_robots *r, url_str useragent)
{
    if (!r->checked)
        return NULL;
    arena *a = arena_new();
    url_str ua = agent_key(a, useragent);
    const url_robots_entry *found = NULL;
    for (size_t i = 0; i < r->nentries && !found; i++)
        if (applies_to(a, r->entries[i], ua))
            found = r->entries[i];
    arena_free(a);
    return found ? found : r->default_entry;
}
