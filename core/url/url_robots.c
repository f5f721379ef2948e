#include "url/url_robots.h"

#include <string.h>

#include "url/url_parse.h"
#include "url/url_quote.h"

void robots_init(robots *r)
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

static robots_entry *new_entry(arena *a)
{
    return arena_calloc(a, 1, sizeof(robots_entry));
}

static void add_entry(arena *a, robots *r, robots_entry *e)
{
    for (size_t i = 0; i < e->nagents; i++)
        if (us_eq(e->agents[i], "*")) {
            if (!r->default_entry)
                r->default_entry = e;
            return;
        }
    if (r->nentries == r->cap_entries) {
        size_t nc = r->cap_entries ? 2 * r->cap_entries : 4;
        r->entries = arena_realloc(a, r->entries, r->cap_entries * sizeof(robots_entry *),
                                   nc * sizeof(robots_entry *));
        r->cap_entries = nc;
    }
    r->entries[r->nentries++] = e;
}

static int rule_line(arena *a, robots_entry *e, ustr path, bool allowance, py_err *err)
{
    if (!path.n && !allowance)
        allowance = true;
    url_parts p;
    if (up_urlparse(a, path, us_make("", 0), true, &p, err) < 0)
        return -1;
    ustr u = up_urlunparse(a, &p), q;
    if (up_quote(a, u, us_make("/", 1), US_NONE, US_NONE, false, &q, err) < 0)
        return -1;
    robots_rule rl = {q, allowance};
    PUSH(a, e->rules, e->nrules, e->cap_rules, rl);
    return 0;
}

/* int(s) for a value whose strip() isdigit(): ValueError when int() refuses it. */
static int to_int(arena *a, ustr s, pv **out, py_err *err)
{
    *out = us_int(a, s);
    if (!*out)
        return us_int_error(err, a, s);
    return 0;
}

int robots_parse(arena *a, robots *r, const ustr *lines, size_t n, py_err *err)
{
    int state = 0;
    robots_entry *entry = new_entry(a);
    r->checked = true;
    for (size_t li = 0; li < n; li++) {
        ustr line = lines[li];
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
        size_t h = us_find(line, '#', 0);
        if (h != SIZE_MAX)
            line = us_sub(line, 0, h);
        line = us_strip(line);
        if (!line.n)
            continue;
        size_t colon = us_find(line, ':', 0);
        if (colon == SIZE_MAX)
            continue;
        ustr key = us_lower(a, us_strip(us_sub(line, 0, colon)));
        ustr val;
        if (up_unquote(a, us_strip(us_sub(line, colon + 1, line.n)), US_NONE, US_NONE, false, &val, err) < 0)
            return -1;
        if (us_eq(key, "user-agent")) {
            if (state == 2) {
                add_entry(a, r, entry);
                entry = new_entry(a);
            }
            PUSH(a, entry->agents, entry->nagents, entry->cap_agents, val);
            state = 1;
        } else if (us_eq(key, "disallow") || us_eq(key, "allow")) {
            if (state != 0) {
                if (rule_line(a, entry, val, key.p[0] == 'a', err) < 0)
                    return -1;
                state = 2;
            }
        } else if (us_eq(key, "crawl-delay")) {
            if (state != 0) {
                if (us_isdigit(us_strip(val)) && to_int(a, val, &entry->delay, err) < 0)
                    return -1;
                state = 2;
            }
        } else if (us_eq(key, "request-rate")) {
            if (state != 0) {
                size_t sl = us_find(val, '/', 0);
                if (sl != SIZE_MAX && us_find(val, '/', sl + 1) == SIZE_MAX) {
                    ustr n0 = us_sub(val, 0, sl), n1 = us_sub(val, sl + 1, val.n);
                    if (us_isdigit(us_strip(n0)) && us_isdigit(us_strip(n1))) {
                        pv *x, *y;
                        if (to_int(a, n0, &x, err) < 0 || to_int(a, n1, &y, err) < 0)
                            return -1;
                        entry->rate_req = x;
                        entry->rate_sec = y;
                    }
                }
                state = 2;
            }
        } else if (us_eq(key, "sitemap")) {
            PUSH(a, r->sitemaps, r->nsitemaps, r->cap_sitemaps, val);
        }
    }
    if (state == 2)
        add_entry(a, r, entry);
    return 0;
}

int robots_parse_text(arena *a, robots *r, ustr text, py_err *err)
{
    ustr *lines;
    size_t n = us_splitlines(a, text, &lines);
    return robots_parse(a, r, lines, n, err);
}

static bool applies_to(arena *a, const robots_entry *e, ustr ua_lower)
{
    for (size_t i = 0; i < e->nagents; i++) {
        if (us_eq(e->agents[i], "*"))
            return true;
        ustr ag = us_lower(a, e->agents[i]);
        if (us_find_str(ua_lower, ag, 0) != SIZE_MAX)
            return true;
    }
    return false;
}

static bool allowance(const robots_entry *e, ustr filename)
{
    for (size_t i = 0; i < e->nrules; i++) {
        ustr p = e->rules[i].path;
        if (us_eq(p, "*") || (filename.n >= p.n && memcmp(filename.p, p.p, p.n) == 0))
            return e->rules[i].allowance;
    }
    return true;
}

static ustr agent_key(arena *a, ustr ua)
{
    size_t sl = us_find(ua, '/', 0);
    return us_lower(a, sl == SIZE_MAX ? ua : us_sub(ua, 0, sl));
}

int robots_can_fetch(arena *a, const robots *r, ustr useragent, ustr url, bool *out, py_err *err)
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
    ustr u;
    if (up_unquote(a, url, US_NONE, US_NONE, false, &u, err) < 0)
        return -1;
    url_parts p;
    if (up_urlparse(a, u, us_make("", 0), true, &p, err) < 0)
        return -1;
    p.scheme = p.netloc = us_make("", 0);
    ustr joined = up_urlunparse(a, &p);
    if (up_quote(a, joined, us_make("/", 1), US_NONE, US_NONE, false, &u, err) < 0)
        return -1;
    if (!u.n)
        u = us_make("/", 1);
    ustr ua = agent_key(a, useragent);
    for (size_t i = 0; i < r->nentries; i++)
        if (applies_to(a, r->entries[i], ua)) {
            *out = allowance(r->entries[i], u);
            return 0;
        }
    *out = r->default_entry ? allowance(r->default_entry, u) : true;
    return 0;
}

const robots_entry *robots_entry_for(const robots *r, ustr useragent)
{
    if (!r->checked)
        return NULL;
    arena *a = arena_new();
    ustr ua = agent_key(a, useragent);
    const robots_entry *found = NULL;
    for (size_t i = 0; i < r->nentries && !found; i++)
        if (applies_to(a, r->entries[i], ua))
            found = r->entries[i];
    arena_free(a);
    return found ? found : r->default_entry;
}
