/* urllib.robotparser.RobotFileParser (CPython 3.11.7): parse() of the lines
 * of a robots.txt, can_fetch / crawl_delay / request_rate / site_maps. */
#ifndef PYSTD_URL_ROBOTS_H
#define PYSTD_URL_ROBOTS_H

#include <stdbool.h>

#include "py/py_err.h"
#include "url/url_str.h"
#include "py/py_value.h"

typedef struct robots_rule {
    ustr path; /* quote(urlunparse(urlparse(path))) */
    bool allowance;
} robots_rule;

typedef struct robots_entry {
    ustr *agents;
    size_t nagents, cap_agents;
    robots_rule *rules;
    size_t nrules, cap_rules;
    pv *delay;               /* int or NULL */
    pv *rate_req, *rate_sec; /* ints or NULL */
} robots_entry;

typedef struct robots {
    robots_entry **entries;
    size_t nentries, cap_entries;
    robots_entry *default_entry;
    ustr *sitemaps;
    size_t nsitemaps, cap_sitemaps;
    bool disallow_all, allow_all;
    bool checked; /* last_checked != 0: parse() ran */
} robots;

void robots_init(robots *r);
/* parse(text.splitlines()) */
int robots_parse_text(arena *a, robots *r, ustr text, py_err *err);
int robots_parse(arena *a, robots *r, const ustr *lines, size_t n, py_err *err);
int robots_can_fetch(arena *a, const robots *r, ustr useragent, ustr url, bool *out, py_err *err);
/* The entry crawl_delay/request_rate read for useragent (NULL -> None). */
const robots_entry *robots_entry_for(const robots *r, ustr useragent);

#endif
