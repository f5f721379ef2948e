/* urllib.robotparser.RobotFileParser (CPython 3.11.7): parse() of the lines
 * of a robots.txt, can_fetch / crawl_delay / request_rate / site_maps. */
#ifndef PYSTD_URL_ROBOTS_H
#define PYSTD_URL_ROBOTS_H

#include <stdbool.h>

#include "py/py_err.h"
#include "py/py_value.h"
#include "url/url_str.h"

typedef struct url_robots_rule {
    url_str path; /* quote(urlunparse(urlparse(path))) */
    bool allowance;
} url_robots_rule;

typedef struct url_robots_entry {
    url_str *agents;
    size_t nagents, cap_agents;
    url_robots_rule *rules;
    size_t nrules, cap_rules;
    pv *delay;               /* int or NULL */
    pv *rate_req, *rate_sec; /* ints or NULL */
} url_robots_entry;

typedef struct url_robots {
    url_robots_entry **entries;
    size_t nentries, cap_entries;
    url_robots_entry *default_entry;
    url_str *sitemaps;
    size_t nsitemaps, cap_sitemaps;
    bool disallow_all, allow_all;
    bool checked; /* last_checked != 0: parse() ran */
} url_robots;

void url_robots_init(url_robots *r);
/* parse(text.splitlines()) */
int url_robots_parse_text(arena *a, url_robots *r, url_str text, py_err *err);
int url_robots_parse(arena *a, url_robots *r, const url_str *lines, size_t n, py_err *err);
int url_robots_can_fetch(arena *a, const url_robots *r, url_str useragent, url_str url, bool *out,
                         py_err *err);
/* The entry crawl_delay/request_rate read for useragent (NULL -> None). */
/* The entry for useragent (else the default one, or NULL); when the
 * request's budget ran out while searching, the caller answers budget_error. */
const url_robots_entry *url_robots_entry_for(const url_robots *r, url_str useragent);

#endif
