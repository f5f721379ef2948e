/* The OpenAPI document's side of auth.h: the bearer security scheme, and on
 * every operation the scope it needs (`security`, `x-pystd-scopes`) with its
 * 401 and 403 answers; the open paths (probes, this document, /docs, /v1)
 * say `security: []`. */
#include <string.h>

#include "auth.h"
#include "openapi_int.h"

static const char SCHEME[] =
    "{\"bearer\": {\"type\": \"http\", \"scheme\": \"bearer\", \"description\": \"`Authorization: Bearer "
    "<token>`, a token of the service's --auth-file (a line `name:scope,scope:sha256-hex-of-token`). The "
    "scopes: `compute` (every operation without side effects), `fs.read` and `fs.write` (the file "
    "sandbox), `net` (urllib.request, robots_url), `jobs` (/v1/jobs; a job also needs its operation's "
    "scope), `metrics`. Without --auth-file no token is needed (the anonymous scopes: "
    "--anonymous-scopes).\"}}";

static const char *const METHODS[] = {"get", "post", "delete"};

/* The scope of a path of the document: a route's, the jobs', /metrics'; 0: open. */
static unsigned path_scope(const char *path, const route **r)
{
    *r = registry_find(path, strlen(path));
    if (*r)
        return auth_op_scope((*r)->op);
    if (strncmp(path, "/v1/jobs", 8) == 0)
        return AUTH_JOBS;
    if (strcmp(path, "/metrics") == 0)
        return AUTH_METRICS;
    return 0;
}

static bool has_net_arg(const route *r)
{
    for (size_t i = 0; r && i < r->nargs; i++)
        if (r->op->args[i].flags & ARG_NET)
            return true;
    return false;
}

void auth_openapi(arena *a, pv *paths, pv *components)
{
    oa_put(a, components, "securitySchemes", oa_json(a, SCHEME));
    for (size_t i = 0; i < paths->d.len; i++) {
        const route *r;
        unsigned scope = path_scope(paths->d.items[i].key->s.p, &r);
        pv *item = paths->d.items[i].val;
        for (size_t m = 0; item->kind == PV_DICT && m < sizeof METHODS / sizeof METHODS[0]; m++) {
            pv *op = pv_dict_getc(item, METHODS[m]);
            if (!op || op->kind != PV_DICT)
                continue;
            pv *sec = pv_list(a, 1);
            if (scope) {
                pv *names = pv_list(a, 2);
                for (unsigned b = 0; b < AUTH_NSCOPES; b++)
                    if (scope & (1u << b))
                        pv_list_push(a, names, oa_str(a, auth_scope_name(1u << b)));
                pv *req = oa_obj(a);
                oa_put(a, req, "bearer", names);
                pv_list_push(a, sec, req);
                oa_put(a, op, "x-pystd-scopes", names);
                if (has_net_arg(r))
                    oa_put(a, op, "x-pystd-scopes-if-fetching", oa_strlist(a, "net"));
                pv *res = pv_dict_getc(op, "responses");
                if (res && res->kind == PV_DICT) {
                    oa_put(a, res, "401", oa_ref(a, "responses", "Unauthorized"));
                    oa_put(a, res, "403", oa_ref(a, "responses", "Forbidden"));
                }
            }
            oa_put(a, op, "security", sec);
        }
    }
}
