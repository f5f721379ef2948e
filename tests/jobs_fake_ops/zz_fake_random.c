/* Development stand-ins for /v1/time/sleep and a few /v1/random ops, so that
 * the job scenarios can run before the real modules are merged.  NOT part of
 * the build: copy to handlers/ in a scratch tree only (the real handlers
 * declare the same routes; both at once makes registry_init fail loudly). */
#include <stdint.h>

#include "op.h"

/* deterministic stand-in for a seeded generator */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t seed_of(const pv *s)
{
    if (!s || s->kind == PV_NONE)
        return 12345;
    if (s->kind == PV_INT && pv_int_small(s))
        return (uint64_t)s->i.v;
    if (s->kind == PV_STR) {
        uint64_t h = 1469598103934665603ULL;
        for (size_t i = 0; i < s->s.len; i++)
            h = (h ^ (unsigned char)s->s.p[i]) * 1099511628211ULL;
        return h;
    }
    return 7;
}

static int fn_randint(op_ctx *c)
{
    if (!pv_int_small(c->argv[0]) || !pv_int_small(c->argv[1]))
        return py_raise(&c->err, c->a, "OverflowError", "too big for the stand-in");
    int64_t a = c->argv[0]->i.v, b = c->argv[1]->i.v;
    if (a > b)
        return py_raise(&c->err, c->a, "ValueError", "empty range for randrange() (%lld, %lld, %lld)",
                        (long long)a, (long long)b + 1, (long long)(b + 1 - a));
    uint64_t span = (uint64_t)(b - a) + 1;
    c->result = pv_int(c->a, a + (int64_t)(mix(seed_of(c->argv[2])) % span));
    op_extra(c, "state", pv_int(c->a, 3));
    return 0;
}

static int fn_random(op_ctx *c)
{
    c->result = pv_float(c->a, (double)(mix(seed_of(c->argv[0])) >> 11) / 9007199254740992.0);
    return 0;
}

static int fn_choice(op_ctx *c)
{
    const pv *seq = c->argv[0];
    if (seq->l.len == 0)
        return py_raise(&c->err, c->a, "IndexError", "Cannot choose from an empty sequence");
    c->result = seq->l.items[mix(seed_of(c->argv[1])) % seq->l.len];
    return 0;
}

static const op_arg randint_args[] = {{"a", A_INT, 0, NULL, "low", NULL},
                                      {"b", A_INT, 0, NULL, "high", NULL},
                                      {"seed", A_ANY, 0, "null", "seed", NULL},
                                      {NULL}};
static const op_arg random_args[] = {{"seed", A_ANY, 0, "null", "seed", NULL}, {NULL}};
static const op_arg choice_args[] = {{"seq", A_LIST, 0, NULL, "seq", NULL},
                                     {"seed", A_ANY, 0, "null", "seed", NULL},
                                     {NULL}};

static const op_def random_ops[] = {
    {"randint", fn_randint, randint_args, OP_GET, "random.randint", NULL, NULL},
    {"random", fn_random, random_args, OP_GET, "random.random", NULL, NULL},
    {"choice", fn_choice, choice_args, 0, "random.choice", NULL, NULL},
    {NULL}};
const pystd_module pystd_module_zz_fake_random = {"random", "stand-in", random_ops, NULL, NULL, NULL};
