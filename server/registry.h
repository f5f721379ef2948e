/* The operation table at run time: every op of every module, found by path,
 * with its parsed defaults.  Argument checking and GET-query coercion are
 * driven by the op's declaration (handlers/op.h) and nothing else. */
#ifndef PYSTD_REGISTRY_H
#define PYSTD_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "op.h"

typedef struct route {
    char *path;                 /* "/v1/random/randint" */
    size_t path_len;
    const pystd_module *mod;
    const op_def *op;
    size_t nargs;
    pv **defaults;              /* parsed op->args[i].dflt (NULL when required / ARG_OPTIONAL) */
    size_t *arg_lens;           /* strlen(op->args[i].name) */
    unsigned id;                /* dense index, for metrics */
    bool net_args;              /* an argument is ARG_NET (auth_args_scope looks) */
} route;

extern const pystd_module *const pystd_modules[]; /* generated: build/generated/modules.c */

int registry_init(void);   /* builds the table and runs every module's init */
void registry_fini(void);  /* runs every module's fini */

const route *registry_find(const char *path, size_t len);
size_t registry_count(void);
const route *registry_at(size_t i); /* sorted by path */

/* Python's parse_qs(query, keep_blank_values=True), last value wins, each value
 * coerced to its parameter's declared type (API.md section 1). */
int registry_query_args(const route *r, arena *a, const char *query, size_t len, pv **args,
                        py_err *err);

/* A value of the {"$bytes": "<base64>"} wire form: 1 with *out the bytes,
 * 0 with *out = v (not such an object), -1 with a 400 naming the argument
 * for a malformed one (a "$bytes" key beside others, not a base64 str). */
int registry_wire_bytes(arena *a, const char *name, const pv *v, pv **out, py_err *err);

/* Check `args` (a dict) against the declaration and run the op.  On return
 * c->result (and c->extra) or c->err is set; the return value is 0 or -1. */
int registry_call(const route *r, arena *a, const pv *args, jobs_ctl *job, op_ctx *c);

#endif
