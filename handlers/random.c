/* random: bit-exact random.Random (core/random/random.h) behind /v1/random/<fn>.
 *
 * Every op takes, after its own arguments, the common ones of pyref's
 * py_random.py: seed, version, state, n (a repeat count; randbytes' n is its
 * own byte count instead) and return_state.  A request builds a generator
 * on the stack, seeds it (or restores `state`), calls the function once or
 * n times, and answers the result (a list of n results with n) and, with
 * return_state, the generator's state after the calls.
 *
 * Result sizes are budgeted per request: at most max_items items and about
 * max_result_bytes bytes of JSON (config.h), else 422 ResourceLimitError --
 * checked after the first call, so that a call Python would fail still
 * answers Python's error. */
#include <string.h>

#include "base/budget.h"
#include "json/json.h"
#include "op.h"
#include "random/random.h"

#define NONE_N UINT64_MAX /* no repeat count */

typedef struct call {
    op_ctx *c;
    random_state r;
    uint64_t times; /* NONE_N, or the repeat count (UINT64_MAX - 1 when it is a huge int) */
    bool want_state;
    size_t items, bytes; /* budget used so far */
} call;

/* ---------------------------------------------------------------- budget */

/* About how many bytes v takes in the response. */
static size_t weight(const pv *v)
{
    return json_size_estimate(v, SIZE_MAX);
}

static int charge(call *k, size_t items, size_t bytes)
{
    if (budget_expired())
        return budget_error(&k->c->err, k->c->a);
    k->items += items;
    k->bytes += bytes;
    if (k->items > config.max_items)
        return py_limit(&k->c->err, k->c->a, "the result has more than %zu items (the limit)",
                        config.max_items);
    if (k->bytes > config.max_result_bytes)
        return py_limit(&k->c->err, k->c->a, "the result is larger than %zu bytes (the limit)",
                        config.max_result_bytes);
    return 0;
}

/* One call's result: the result itself, or the next item of the n results. */
static int emit(call *k, pv *v, size_t items, size_t bytes)
{
    op_ctx *c = k->c;
    if (k->times == NONE_N) {
        c->result = v;
        return charge(k, items, bytes);
    }
    if (!c->result) {
        /* After the first call: a repeat count beyond the cap. */
        if (k->times > config.max_items)
            return py_limit(&c->err, c->a, "n is more than %zu (the limit)", config.max_items);
        c->result = pv_list(c->a, k->times < 64 ? (size_t)k->times : 64);
    }
    pv_list_push(c->a, c->result, v);
    return charge(k, items + 1, bytes + 1);
}

/* ---------------------------------------------------------------- the common arguments */

static bool state_word(const pv *w, uint32_t *out)
{
    if (w->kind != PV_INT || w->i.big || w->i.v < 0 || w->i.v > (int64_t)UINT32_MAX)
        return false;
    *out = (uint32_t)w->i.v;
    return true;
}

/* pyref's _check_state, then setstate(). */
static int set_state(call *k, const pv *st)
{
    op_ctx *c = k->c;
    static const char bad[] = "argument 'state' is not a generator state "
                              "([3, [625 ints], gauss_next] as returned with return_state)";
    if (st->l.len != 3)
        return py_bad_request(&c->err, c->a, bad);
    const pv *v = st->l.items[0], *internal = st->l.items[1], *g = st->l.items[2];
    bool v3 = (v->kind == PV_INT && pv_int_small(v) && v->i.v == 3) || (v->kind == PV_FLOAT && v->f == 3.0);
    if (!v3 || internal->kind != PV_LIST || internal->l.len != RANDOM_MT_N + 1)
        return py_bad_request(&c->err, c->a, bad);
    uint32_t words[RANDOM_MT_N + 1];
    for (size_t i = 0; i <= RANDOM_MT_N; i++)
        if (!state_word(internal->l.items[i], &words[i]))
            return py_bad_request(&c->err, c->a, bad);
    if (words[RANDOM_MT_N] > RANDOM_MT_N)
        return py_bad_request(&c->err, c->a, bad);
    double gn = 0.0;
    bool has_gauss = g->kind != PV_NONE;
    if (has_gauss) {
        if (g->kind == PV_FLOAT)
            gn = g->f;
        else if (g->kind != PV_INT)
            return py_bad_request(&c->err, c->a, bad);
        else if (!pv_int_to_double(g, &gn))
            return py_raise(&c->err, c->a, "OverflowError", "int too large to convert to float");
    }
    random_setstate(&k->r, words, (int)words[RANDOM_MT_N], has_gauss, gn);
    return 0;
}

/* The generator of pyref's _gen and the repeat count.  nown: how many
 * arguments of the function's own come first; own_n: randbytes (no repeat). */
static int begin(op_ctx *c, size_t nown, bool own_n, call *k)
{
    pv **av = c->argv + nown;
    const pv *seed = av[0], *version = av[1], *state = av[2];
    const pv *n = own_n ? NULL : av[3];
    const pv *rs = own_n ? av[3] : av[4];
    k->c = c;
    k->times = NONE_N;
    k->items = k->bytes = 0;
    k->want_state = rs->b;
    /* the generator is not set up on these paths: -1 itself, not py_bad_request's value */
    if (!(pv_int_small(version) && (version->i.v == 1 || version->i.v == 2))) {
        py_bad_request(&c->err, c->a, "argument 'version' must be 1 or 2");
        return -1;
    }
    if (state->kind != PV_NONE) {
        if (seed->kind != PV_NONE) {
            py_bad_request(&c->err, c->a, "give either 'seed' or 'state', not both");
            return -1;
        }
        if (set_state(k, state) < 0)
            return -1;
    } else {
        pv *sv = (pv *)seed; /* bytes as {"$bytes": "<base64>"} (a bytearray seed is the same) */
        if (op_wire_bytes(c, "seed", seed, &sv) < 0)
            return -1;
        if (sv->kind != PV_NONE && sv->kind != PV_INT && sv->kind != PV_FLOAT && sv->kind != PV_STR &&
            sv->kind != PV_BYTES) {
            py_bad_request(&c->err, c->a, "argument 'seed' must be an int, a float, a str, bytes or null");
            return -1;
        }
        if (random_seed(&k->r, c->a, sv, (int)version->i.v, &c->err) < 0)
            return -1;
    }
    k->times = NONE_N;
    if (n && n->kind != PV_NONE) {
        if (pv_int_sign(n) < 0)
            return py_bad_request(&c->err, c->a, "argument 'n' must be >= 0");
        k->times = n->i.big ? NONE_N - 1 : (uint64_t)n->i.v;
        if (k->times == 0)
            c->result = pv_list(c->a, 0);
    }
    return 0;
}

static int finish(call *k)
{
    if (k->want_state)
        op_extra(k->c, "state", random_getstate(&k->r, k->c->a));
    return 0;
}

static uint64_t calls(const call *k)
{
    return k->times == NONE_N ? 1 : k->times;
}

/* ---------------------------------------------------------------- ops */

/* The common arguments, after each function's own (begin() counts on the order). */
#define SEED_SCHEMA "{\"oneOf\": [{\"type\": [\"number\", \"string\", \"null\"]}, " OP_BYTES_SCHEMA "]}"
// clang-format off
#define COMMON_HEAD \
    {"seed", A_ANY, 0, "null", "int, float, str, bytes or null (fresh OS entropy)", SEED_SCHEMA}, \
    {"version", A_INT, 0, "2", "seed version for a str or bytes: 1 or 2", "{\"enum\": [1, 2]}"}, \
    {"state", A_LIST, ARG_NULLABLE, "null", "a previous response's state, instead of seed", NULL}
#define COMMON_N {"n", A_INT, ARG_NULLABLE, "null", "call n times: the result is the list of n results", NULL}
#define COMMON_RS {"return_state", A_BOOL, 0, "false", "also answer the generator's state after the calls", NULL}
// clang-format on
#define COMMON COMMON_HEAD, COMMON_N, COMMON_RS

/* A scalar function: fn(k, own args, &out) once per call. */
typedef int (*scalar_fn)(call *k, pv **own, pv **out);

static int run_scalar(op_ctx *c, size_t nown, bool own_n, scalar_fn fn)
{
    call k;
    if (begin(c, nown, own_n, &k) < 0)
        return -1;
    for (uint64_t i = 0, t = calls(&k); i < t; i++) {
        pv *v;
        if (fn(&k, c->argv, &v) < 0)
            return -1;
        if (emit(&k, v, 0, weight(v)) < 0)
            return -1;
    }
    return finish(&k);
}

static int do_random(call *k, pv **own, pv **out)
{
    (void)own;
    *out = pv_float(k->c->a, random_random(&k->r));
    return 0;
}
static int do_uniform(call *k, pv **o, pv **out)
{
    return random_uniform(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_randint(call *k, pv **o, pv **out)
{
    return random_randint(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_randrange(call *k, pv **o, pv **out)
{
    return random_randrange(&k->r, k->c->a, o[0], o[1], o[2], out, &k->c->err);
}
static int do_getrandbits(call *k, pv **o, pv **out)
{
    return random_getrandbits(&k->r, k->c->a, o[0], out, &k->c->err);
}
static int do_gauss(call *k, pv **o, pv **out)
{
    return random_gauss(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_normalvariate(call *k, pv **o, pv **out)
{
    return random_normalvariate(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_triangular(call *k, pv **o, pv **out)
{
    return random_triangular(&k->r, k->c->a, o[0], o[1], o[2], out, &k->c->err);
}
static int do_expovariate(call *k, pv **o, pv **out)
{
    return random_expovariate(&k->r, k->c->a, o[0], out, &k->c->err);
}
static int do_lognormvariate(call *k, pv **o, pv **out)
{
    return random_lognormvariate(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_vonmisesvariate(call *k, pv **o, pv **out)
{
    return random_vonmisesvariate(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_gammavariate(call *k, pv **o, pv **out)
{
    return random_gammavariate(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_betavariate(call *k, pv **o, pv **out)
{
    return random_betavariate(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_paretovariate(call *k, pv **o, pv **out)
{
    return random_paretovariate(&k->r, k->c->a, o[0], out, &k->c->err);
}
static int do_weibullvariate(call *k, pv **o, pv **out)
{
    return random_weibullvariate(&k->r, k->c->a, o[0], o[1], out, &k->c->err);
}
static int do_randbytes(call *k, pv **o, pv **out)
{
    return random_randbytes(&k->r, k->c->a, o[0], out, &k->c->err);
}

static int fn_random(op_ctx *c)
{
    return run_scalar(c, 0, false, do_random);
}
static int fn_uniform(op_ctx *c)
{
    return run_scalar(c, 2, false, do_uniform);
}
static int fn_randint(op_ctx *c)
{
    return run_scalar(c, 2, false, do_randint);
}
static int fn_randrange(op_ctx *c)
{
    return run_scalar(c, 3, false, do_randrange);
}
static int fn_getrandbits(op_ctx *c)
{
    return run_scalar(c, 1, false, do_getrandbits);
}
static int fn_gauss(op_ctx *c)
{
    return run_scalar(c, 2, false, do_gauss);
}
static int fn_normalvariate(op_ctx *c)
{
    return run_scalar(c, 2, false, do_normalvariate);
}
static int fn_triangular(op_ctx *c)
{
    return run_scalar(c, 3, false, do_triangular);
}
static int fn_expovariate(op_ctx *c)
{
    return run_scalar(c, 1, false, do_expovariate);
}
static int fn_lognormvariate(op_ctx *c)
{
    return run_scalar(c, 2, false, do_lognormvariate);
}
static int fn_vonmisesvariate(op_ctx *c)
{
    return run_scalar(c, 2, false, do_vonmisesvariate);
}
static int fn_gammavariate(op_ctx *c)
{
    return run_scalar(c, 2, false, do_gammavariate);
}
static int fn_betavariate(op_ctx *c)
{
    return run_scalar(c, 2, false, do_betavariate);
}
static int fn_paretovariate(op_ctx *c)
{
    return run_scalar(c, 1, false, do_paretovariate);
}
static int fn_weibullvariate(op_ctx *c)
{
    return run_scalar(c, 2, false, do_weibullvariate);
}
static int fn_randbytes(op_ctx *c)
{
    return run_scalar(c, 1, true, do_randbytes);
}

/* The population's items at idx[0..count) as a new list; *bytes = about its
 * JSON size (weighing stops once past the cap: the budget fails anyway). */
static pv *pick(call *k, const pv *pop, const size_t *idx, size_t count, size_t *bytes)
{
    pv *l = pv_list(k->c->a, count);
    size_t w = 2;
    for (size_t i = 0; i < count; i++) {
        pv *v = pop->l.items[idx[i]];
        l->l.items[i] = v;
        if (w <= config.max_result_bytes)
            w += weight(v) + 1;
    }
    l->l.len = count;
    *bytes = w;
    return l;
}

static int fn_choice(op_ctx *c)
{
    call k;
    if (begin(c, 1, false, &k) < 0)
        return -1;
    const pv *seq = c->argv[0];
    for (uint64_t i = 0, t = calls(&k); i < t; i++) {
        size_t idx;
        if (random_choice(&k.r, c->a, seq->l.len, &idx, &c->err) < 0)
            return -1;
        pv *v = seq->l.items[idx];
        if (emit(&k, v, 0, weight(v)) < 0)
            return -1;
    }
    return finish(&k);
}

static int fn_choices(op_ctx *c)
{
    call k;
    if (begin(c, 4, false, &k) < 0)
        return -1;
    pv **o = c->argv;
    for (uint64_t i = 0, t = calls(&k); i < t; i++) {
        size_t *idx, count, bytes;
        if (random_choices(&k.r, c->a, o[0]->l.len, o[1], o[2], o[3], &idx, &count, &c->err) < 0)
            return -1;
        pv *v = pick(&k, o[0], idx, count, &bytes);
        if (emit(&k, v, count, bytes) < 0)
            return -1;
    }
    return finish(&k);
}

static int fn_sample(op_ctx *c)
{
    call k;
    if (begin(c, 3, false, &k) < 0)
        return -1;
    pv **o = c->argv;
    for (uint64_t i = 0, t = calls(&k); i < t; i++) {
        size_t *idx, count, bytes;
        if (random_sample(&k.r, c->a, o[0]->l.len, o[1], o[2], &idx, &count, &c->err) < 0)
            return -1;
        pv *v = pick(&k, o[0], idx, count, &bytes);
        if (emit(&k, v, count, bytes) < 0)
            return -1;
    }
    return finish(&k);
}

/* shuffle(x) shuffles in place: the result is the list after the call, or
 * with n the list after each of n successive shuffles of the same list. */
static int fn_shuffle(op_ctx *c)
{
    call k;
    if (begin(c, 1, false, &k) < 0)
        return -1;
    const pv *x = c->argv[0];
    size_t len = x->l.len;
    pv **items = arena_alloc(c->a, (len ? len : 1) * sizeof(pv *));
    if (len)
        memcpy(items, x->l.items, len * sizeof(pv *));
    size_t bytes = weight(x); /* every shuffle of x weighs the same */
    for (uint64_t i = 0, t = calls(&k); i < t; i++) {
        random_shuffle(&k.r, items, len);
        pv *l = pv_list(c->a, len);
        if (len)
            memcpy(l->l.items, items, len * sizeof(pv *));
        l->l.len = len;
        if (emit(&k, l, len, bytes) < 0)
            return -1;
    }
    return finish(&k);
}

/* ---------------------------------------------------------------- the table */

static const op_arg random_args[] = {COMMON, {0}};
static const op_arg uniform_args[] = {
    {"a", A_NUM, 0, NULL, "one end", NULL}, {"b", A_NUM, 0, NULL, "the other end", NULL}, COMMON, {0}};
static const op_arg randint_args[] = {{"a", A_INT, 0, NULL, "lower bound (inclusive)", NULL},
                                      {"b", A_INT, 0, NULL, "upper bound (inclusive)", NULL},
                                      COMMON,
                                      {0}};
static const op_arg randrange_args[] = {{"start", A_INT, 0, NULL, "start, or stop when stop is null", NULL},
                                        {"stop", A_INT, ARG_NULLABLE, "null", "stop (exclusive)", NULL},
                                        {"step", A_INT, 0, "1", "step", NULL},
                                        COMMON,
                                        {0}};
static const op_arg getrandbits_args[] = {{"k", A_INT, 0, NULL, "number of bits", NULL}, COMMON, {0}};
static const op_arg choice_args[] = {{"seq", A_LIST, 0, NULL, "a non-empty list", NULL}, COMMON, {0}};
static const op_arg choices_args[] = {
    {"population", A_LIST, 0, NULL, "the values to choose from", NULL},
    {"weights", A_LIST, ARG_NULLABLE, "null", "relative weights", NULL},
    {"cum_weights", A_LIST, ARG_NULLABLE, "null", "cumulative weights", NULL},
    {"k", A_INT, 0, "1", "how many to choose (with replacement)", NULL},
    COMMON,
    {0}};
static const op_arg sample_args[] = {
    {"population", A_LIST, 0, NULL, "the values to sample", NULL},
    {"k", A_INT, 0, NULL, "sample size", NULL},
    {"counts", A_LIST, ARG_NULLABLE, "null", "repetitions of each value", NULL},
    COMMON,
    {0}};
static const op_arg shuffle_args[] = {{"x", A_LIST, 0, NULL, "the list to shuffle", NULL}, COMMON, {0}};
static const op_arg gauss_args[] = {{"mu", A_NUM, 0, "0.0", "mean", NULL},
                                    {"sigma", A_NUM, 0, "1.0", "standard deviation", NULL},
                                    COMMON,
                                    {0}};
static const op_arg triangular_args[] = {
    {"low", A_NUM, 0, "0.0", "lower limit", NULL},
    {"high", A_NUM, 0, "1.0", "upper limit", NULL},
    {"mode", A_NUM, ARG_NULLABLE, "null", "mode (null: the midpoint)", NULL},
    COMMON,
    {0}};
static const op_arg expovariate_args[] = {
    {"lambd", A_NUM, 0, NULL, "1.0 divided by the desired mean", NULL}, COMMON, {0}};
static const op_arg lognorm_args[] = {{"mu", A_NUM, 0, NULL, "mean of the underlying normal", NULL},
                                      {"sigma", A_NUM, 0, NULL, "its standard deviation", NULL},
                                      COMMON,
                                      {0}};
static const op_arg vonmises_args[] = {{"mu", A_NUM, 0, NULL, "mean angle, in radians", NULL},
                                       {"kappa", A_NUM, 0, NULL, "concentration (>= 0)", NULL},
                                       COMMON,
                                       {0}};
static const op_arg alpha_beta_args[] = {{"alpha", A_NUM, 0, NULL, "alpha (> 0)", NULL},
                                         {"beta", A_NUM, 0, NULL, "beta (> 0)", NULL},
                                         COMMON,
                                         {0}};
static const op_arg pareto_args[] = {{"alpha", A_NUM, 0, NULL, "shape", NULL}, COMMON, {0}};
static const op_arg weibull_args[] = {
    {"alpha", A_NUM, 0, NULL, "scale", NULL}, {"beta", A_NUM, 0, NULL, "shape", NULL}, COMMON, {0}};
static const op_arg randbytes_args[] = {
    {"n", A_INT, 0, NULL, "number of bytes", NULL}, COMMON_HEAD, COMMON_RS, {0}};

#define NUM "{\"type\": \"number\"}"
#define INT "{\"type\": \"integer\"}"
#define ANYLIST "{\"type\": \"array\"}"

static const op_def ops[] = {
    {"random", fn_random, random_args, OP_GET, "random.Random(seed).random(): a float in [0, 1)", NUM,
     "{\"seed\": 42}"},
    {"uniform", fn_uniform, uniform_args, OP_GET, "uniform(a, b)", NUM,
     "{\"a\": 1, \"b\": 10, \"seed\": 42}"},
    {"randint", fn_randint, randint_args, OP_GET, "randint(a, b)", INT, "{\"a\": 1, \"b\": 6, \"seed\": 42}"},
    {"randrange", fn_randrange, randrange_args, OP_GET, "randrange(start, stop=None, step=1)", INT,
     "{\"start\": 0, \"stop\": 100, \"step\": 5, \"seed\": 42}"},
    {"getrandbits", fn_getrandbits, getrandbits_args, OP_GET, "getrandbits(k)", INT,
     "{\"k\": 64, \"seed\": 42}"},
    {"choice", fn_choice, choice_args, 0, "choice(seq)", NULL,
     "{\"seq\": [\"a\", \"b\", \"c\"], \"seed\": 42}"},
    {"choices", fn_choices, choices_args, 0, "choices(population, weights=None, *, cum_weights=None, k=1)",
     ANYLIST, "{\"population\": [\"a\", \"b\"], \"weights\": [1, 3], \"k\": 5, \"seed\": 42}"},
    {"sample", fn_sample, sample_args, 0, "sample(population, k, *, counts=None)", ANYLIST,
     "{\"population\": [1, 2, 3, 4, 5], \"k\": 3, \"seed\": 42}"},
    {"shuffle", fn_shuffle, shuffle_args, 0, "shuffle(x): the list after the shuffle", ANYLIST,
     "{\"x\": [1, 2, 3, 4, 5], \"seed\": 42}"},
    {"gauss", fn_gauss, gauss_args, OP_GET, "gauss(mu=0.0, sigma=1.0)", NUM, "{\"seed\": 42, \"n\": 2}"},
    {"normalvariate", fn_normalvariate, gauss_args, OP_GET, "normalvariate(mu=0.0, sigma=1.0)", NUM,
     "{\"mu\": 100, \"sigma\": 15, \"seed\": 42}"},
    {"triangular", fn_triangular, triangular_args, OP_GET, "triangular(low=0.0, high=1.0, mode=None)", NUM,
     "{\"low\": 0, \"high\": 10, \"mode\": 2, \"seed\": 42}"},
    {"expovariate", fn_expovariate, expovariate_args, OP_GET, "expovariate(lambd)", NUM,
     "{\"lambd\": 0.5, \"seed\": 42}"},
    {"lognormvariate", fn_lognormvariate, lognorm_args, OP_GET, "lognormvariate(mu, sigma)", NUM,
     "{\"mu\": 0, \"sigma\": 0.5, \"seed\": 42}"},
    {"vonmisesvariate", fn_vonmisesvariate, vonmises_args, OP_GET, "vonmisesvariate(mu, kappa)", NUM,
     "{\"mu\": 1.5, \"kappa\": 4, \"seed\": 42}"},
    {"gammavariate", fn_gammavariate, alpha_beta_args, OP_GET, "gammavariate(alpha, beta)", NUM,
     "{\"alpha\": 2.5, \"beta\": 1, \"seed\": 42}"},
    {"betavariate", fn_betavariate, alpha_beta_args, OP_GET, "betavariate(alpha, beta)", NUM,
     "{\"alpha\": 2, \"beta\": 5, \"seed\": 42}"},
    {"paretovariate", fn_paretovariate, pareto_args, OP_GET, "paretovariate(alpha)", NUM,
     "{\"alpha\": 3, \"seed\": 42}"},
    {"weibullvariate", fn_weibullvariate, weibull_args, OP_GET, "weibullvariate(alpha, beta)", NUM,
     "{\"alpha\": 1, \"beta\": 1.5, \"seed\": 42}"},
    {"randbytes", fn_randbytes, randbytes_args, OP_GET, "randbytes(n): base64 of n bytes",
     "{\"type\": \"string\"}", "{\"n\": 8, \"seed\": 42}"},
    {0}};

const pystd_module pystd_module_random = {
    "random", "Bit-exact CPython random.Random (seed, state, n, return_state)", ops, NULL, NULL, NULL, NULL};
