/* re: Python's re module on str patterns (core/re/re.h).  Every function is
 * OP_GET (no side effects besides the cache); `flags` is an int or a list
 * of names, checked here as pyref checks it (400 otherwise). */
#include "re/re.h"
#include "re/re_class.h"

#include "op.h"
#include "ops/ops.h"

static void release(void *p) { re_pattern_release(p); }

/* flags -> compiled pattern (released with the request). */
static int pattern_of(op_ctx *c, int pat, int flags_arg, re_pattern **p)
{
    int flags;
    if (re_flags_arg(c->argv[flags_arg], &flags, c->a, &c->err) < 0)
        return -1;
    if (re_compile(c->argv[pat], flags, p, c->a, &c->err) < 0)
        return -1;
    arena_defer(c->a, release, *p);
    return 0;
}

/* search / match / fullmatch / findall / finditer: pattern, string, flags, pos, endpos */
static int scan_fn(op_ctx *c, int which)
{
    re_pattern *p;
    if (pattern_of(c, 0, 2, &p) < 0)
        return -1;
    pv *s = c->argv[1], *pos = c->argv[3], *end = c->argv[4];
    switch (which) {
    case 0: return re_search(p, s, pos, end, RE_MODE_SEARCH, c->a, &c->result, &c->err);
    case 1: return re_search(p, s, pos, end, RE_MODE_MATCH, c->a, &c->result, &c->err);
    case 2: return re_search(p, s, pos, end, RE_MODE_FULLMATCH, c->a, &c->result, &c->err);
    case 3: return re_findall(p, s, pos, end, c->a, &c->result, &c->err);
    default: return re_finditer(p, s, pos, end, c->a, &c->result, &c->err);
    }
}

static int fn_search(op_ctx *c) { return scan_fn(c, 0); }
static int fn_match(op_ctx *c) { return scan_fn(c, 1); }
static int fn_fullmatch(op_ctx *c) { return scan_fn(c, 2); }
static int fn_findall(op_ctx *c) { return scan_fn(c, 3); }
static int fn_finditer(op_ctx *c) { return scan_fn(c, 4); }

/* A callable repl {"function": <vocabulary callable>, "group": int or name}:
 * re.sub(pattern, lambda m: function(m.group(group)), ...). */
typedef struct repl_call {
    ops_ctx x;
    const ops_func *f;
} repl_call;

static pv *call_repl(void *data, pv *arg, py_err *err)
{
    repl_call *rc = data;
    rc->x.err = err;
    return ops_call(&rc->x, rc->f, &arg, 1);
}

static const char *repl_type_name(const pv *v)
{
    return v->kind == OPS_COMPLEX ? "complex" : pv_type_name(v);
}

static int repl_fn(op_ctx *c, const pv *spec, re_repl_fn *out)
{
    const pv *fn = pv_dict_getc(spec, "function"), *g = pv_dict_getc(spec, "group");
    size_t known = (fn != NULL) + (g != NULL);
    if (!fn || known != spec->d.len)
        return py_bad_request(
            &c->err, c->a,
            "argument 'repl' must be a str or {\"function\": callable, \"group\": int or str}");
    if (g && g->kind != PV_INT && g->kind != PV_STR)
        return py_bad_request(&c->err, c->a, "the group of a callable repl must be an int or a str");
    repl_call *rc = arena_calloc(c->a, 1, sizeof *rc);
    rc->x = ops_make(c->a, &c->err);
    if (!(rc->f = ops_func_resolve(&rc->x, fn)))
        return -1;
    *out = (re_repl_fn){call_repl, rc, repl_type_name, g ? g : pv_int(c->a, 0)};
    return 0;
}

/* sub / subn: pattern, repl, string, count, flags */
static int sub_fn(op_ctx *c, bool subn)
{
    re_pattern *p;
    re_repl_fn f;
    const pv *repl = c->argv[1];
    if (repl->kind == PV_DICT && repl_fn(c, repl, &f) < 0)
        return -1;
    if (pattern_of(c, 0, 4, &p) < 0)
        return -1;
    if (repl->kind == PV_DICT)
        return re_sub_fn(p, &f, c->argv[2], c->argv[3], subn, c->a, &c->result, &c->err);
    return re_sub(p, repl, c->argv[2], c->argv[3], subn, c->a, &c->result, &c->err);
}

/* Match.expand(template) of re.search's match: pattern, string, template, flags, pos, endpos */
static int fn_expand(op_ctx *c)
{
    re_pattern *p;
    if (pattern_of(c, 0, 3, &p) < 0)
        return -1;
    return re_expand(p, c->argv[2], c->argv[1], c->argv[4], c->argv[5], c->a, &c->result, &c->err);
}

static int fn_sub(op_ctx *c) { return sub_fn(c, false); }
static int fn_subn(op_ctx *c) { return sub_fn(c, true); }

static int fn_split(op_ctx *c)
{
    re_pattern *p;
    if (pattern_of(c, 0, 3, &p) < 0)
        return -1;
    return re_split(p, c->argv[1], c->argv[2], c->a, &c->result, &c->err);
}

static int fn_escape(op_ctx *c)
{
    c->result = re_escape(c->a, c->argv[0]);
    return 0;
}

static int fn_compile(op_ctx *c)
{
    re_pattern *p;
    if (pattern_of(c, 0, 1, &p) < 0)
        return -1;
    c->result = re_pattern_info(c->a, p);
    return 0;
}

static int fn_purge(op_ctx *c)
{
    re_cache_purge();
    c->result = pv_none();
    return 0;
}

static int fn_cache_info(op_ctx *c)
{
    re_cache_stats st;
    re_cache_info(&st);
    pv *d = pv_dict(c->a, 4);
    pv_dict_setc(c->a, d, "hits", pv_int_u64(c->a, st.hits));
    pv_dict_setc(c->a, d, "misses", pv_int_u64(c->a, st.misses));
    pv_dict_setc(c->a, d, "maxsize", pv_int_u64(c->a, st.maxsize));
    pv_dict_setc(c->a, d, "currsize", pv_int_u64(c->a, st.currsize));
    c->result = d;
    return 0;
}

#define FLAGS_DOC "int of I=2 L=4 M=8 S=16 U=32 X=64 A=256, or a list of names (\"I\", \"IGNORECASE\", ..., \"NOFLAG\")"
#define FLAGS_SCHEMA                                                                                         \
    "{\"oneOf\": [{\"type\": \"integer\"}, {\"type\": \"array\", \"items\": {\"type\": \"string\", \"enum\": "      \
    "[\"I\", \"IGNORECASE\", \"L\", \"LOCALE\", \"M\", \"MULTILINE\", \"S\", \"DOTALL\", \"U\", \"UNICODE\", "      \
    "\"X\", \"VERBOSE\", \"A\", \"ASCII\", \"NOFLAG\"]}}]}"

#define REPL_SCHEMA                                                                                          \
    "{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"object\", \"required\": [\"function\"], "             \
    "\"additionalProperties\": false, \"properties\": {\"function\": {\"oneOf\": [{\"type\": \"string\"}, "  \
    "{\"type\": \"object\"}]}, \"group\": {\"type\": [\"integer\", \"string\"], \"default\": 0}}}]}"
static const op_arg scan_args[] = {
    {"pattern", A_STR, 0, NULL, "regular expression (Python syntax)", NULL},
    {"string", A_STR, 0, NULL, "the text to scan", NULL},
    {"flags", A_ANY, 0, "0", FLAGS_DOC, FLAGS_SCHEMA},
    {"pos", A_INT, 0, "0", "where the scan starts (code points; clamped)", NULL},
    {"endpos", A_INT, ARG_NULLABLE, "null", "where the string is cut (code points; clamped), or null", NULL},
    {0}};
static const op_arg sub_args[] = {
    {"pattern", A_STR, 0, NULL, "regular expression (Python syntax)", NULL},
    {"repl", A_STR, ARG_CALLABLE, NULL,
     "replacement template (\\1, \\g<name>, \\g<0>, escapes), or {\"function\": callable of the "
     "functools/map vocabulary, \"group\": int or name (default 0)}: function(match.group(group)) "
     "replaces each match",
     REPL_SCHEMA},
    {"string", A_STR, 0, NULL, "the text", NULL},
    {"count", A_INT, 0, "0", "at most this many replacements (0: all)", NULL},
    {"flags", A_ANY, 0, "0", FLAGS_DOC, FLAGS_SCHEMA},
    {0}};
static const op_arg expand_args[] = {
    {"pattern", A_STR, 0, NULL, "regular expression (Python syntax)", NULL},
    {"string", A_STR, 0, NULL, "the text to search", NULL},
    {"template", A_STR, 0, NULL, "the template (\\1, \\g<name>, \\g<0>, escapes)", NULL},
    {"flags", A_ANY, 0, "0", FLAGS_DOC, FLAGS_SCHEMA},
    {"pos", A_INT, 0, "0", "where the search starts (code points; clamped)", NULL},
    {"endpos", A_INT, ARG_NULLABLE, "null", "where the string is cut (code points; clamped), or null", NULL},
    {0}};
static const op_arg split_args[] = {
    {"pattern", A_STR, 0, NULL, "regular expression (Python syntax)", NULL},
    {"string", A_STR, 0, NULL, "the text", NULL},
    {"maxsplit", A_INT, 0, "0", "at most this many splits (0: all)", NULL},
    {"flags", A_ANY, 0, "0", FLAGS_DOC, FLAGS_SCHEMA},
    {0}};
static const op_arg escape_args[] = {{"pattern", A_STR, 0, NULL, "text to escape", NULL}, {0}};
static const op_arg compile_args[] = {
    {"pattern", A_STR, 0, NULL, "regular expression (Python syntax)", NULL},
    {"flags", A_ANY, 0, "0", FLAGS_DOC, FLAGS_SCHEMA},
    {0}};
static const op_arg no_args[] = {{0}};

#define MATCH_REF "{\"$ref\": \"#/components/schemas/Match\"}"
#define MATCH_OR_NULL "{\"oneOf\": [" MATCH_REF ", {\"type\": \"null\"}]}"

static const op_def ops[] = {
    {"search", fn_search, scan_args, OP_GET, "re.compile(pattern, flags).search(string, pos, endpos)",
     MATCH_OR_NULL, "{\"pattern\": \"(?P<word>\\\\w+)\", \"string\": \"hello world\"}"},
    {"match", fn_match, scan_args, OP_GET, "re.compile(pattern, flags).match(string, pos, endpos)",
     MATCH_OR_NULL, "{\"pattern\": \"\\\\d+\", \"string\": \"42 apples\"}"},
    {"fullmatch", fn_fullmatch, scan_args, OP_GET, "re.compile(pattern, flags).fullmatch(string, pos, endpos)",
     MATCH_OR_NULL, "{\"pattern\": \"a|ab\", \"string\": \"ab\"}"},
    {"findall", fn_findall, scan_args, OP_GET, "re.compile(pattern, flags).findall(string, pos, endpos)",
     "{\"type\": \"array\", \"items\": {\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"array\", \"items\": "
     "{\"type\": \"string\"}}]}}",
     "{\"pattern\": \"(\\\\w+)=(\\\\d+)\", \"string\": \"a=1, b=2\"}"},
    {"finditer", fn_finditer, scan_args, OP_GET, "list(re.compile(pattern, flags).finditer(string, pos, endpos))",
     "{\"type\": \"array\", \"items\": " MATCH_REF "}", "{\"pattern\": \"x*\", \"string\": \"abxd\"}"},
    {"sub", fn_sub, sub_args, OP_GET, "re.sub(pattern, repl, string, count, flags)", "{\"type\": \"string\"}",
     "{\"pattern\": \"(\\\\w+) (\\\\w+)\", \"repl\": \"\\\\2 \\\\1\", \"string\": \"hello world\"}"},
    {"subn", fn_subn, sub_args, OP_GET, "re.subn(pattern, repl, string, count, flags)",
     "{\"type\": \"array\", \"prefixItems\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}",
     "{\"pattern\": \"x*\", \"repl\": \"-\", \"string\": \"abxd\"}"},
    {"expand", fn_expand, expand_args, OP_GET,
     "re.compile(pattern, flags).search(string, pos, endpos).expand(template); null when nothing matches",
     "{\"type\": [\"string\", \"null\"]}",
     "{\"pattern\": \"(?P<k>\\\\w+)=(\\\\d+)\", \"string\": \"x a=1\", \"template\": \"\\\\2 <- \\\\g<k>\"}"},
    {"split", fn_split, split_args, OP_GET, "re.split(pattern, string, maxsplit, flags)",
     "{\"type\": \"array\", \"items\": {\"type\": [\"string\", \"null\"]}}",
     "{\"pattern\": \"(,)\", \"string\": \"a,b,c\", \"maxsplit\": 1}"},
    {"escape", fn_escape, escape_args, OP_GET, "re.escape(pattern)", "{\"type\": \"string\"}",
     "{\"pattern\": \"a.b*c\"}"},
    {"compile", fn_compile, compile_args, OP_GET, "re.compile(pattern, flags): pattern, flags, groups, groupindex",
     "{\"type\": \"object\", \"required\": [\"pattern\", \"flags\", \"groups\", \"groupindex\"], \"properties\": {"
     "\"pattern\": {\"type\": \"string\"}, \"flags\": {\"type\": \"integer\"}, \"groups\": {\"type\": \"integer\"}, "
     "\"groupindex\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}}}}",
     "{\"pattern\": \"(?i)(?P<x>a)\"}"},
    {"purge", fn_purge, no_args, OP_GET, "re.purge(): clear the compiled-pattern cache and its counters",
     "{\"type\": \"null\"}", "{}"},
    {"cache_info", fn_cache_info, no_args, OP_GET, "the compiled-pattern cache, like lru_cache.cache_info()",
     "{\"type\": \"object\", \"required\": [\"hits\", \"misses\", \"maxsize\", \"currsize\"], \"properties\": {"
     "\"hits\": {\"type\": \"integer\"}, \"misses\": {\"type\": \"integer\"}, \"maxsize\": {\"type\": \"integer\"}, "
     "\"currsize\": {\"type\": \"integer\"}}}",
     "{}"},
    {0}};

/* The named schemas of the OpenAPI document: re.Match (the result of search
 * and friends) and ReError, the 422 body of re.error. */
#define MATCH_SCHEMA                                                                                         \
    "{\"type\": \"object\", \"description\": \"re.Match; offsets are code points\", \"required\": "          \
    "[\"group\", \"span\", \"groups\", \"spans\", \"groupdict\", \"lastindex\", \"lastgroup\"], "            \
    "\"properties\": {\"group\": {\"type\": \"string\", \"description\": \"m.group(0)\"}, "                  \
    "\"span\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}, "                                   \
    "\"minItems\": 2, \"maxItems\": 2}, "                                                                    \
    "\"groups\": {\"type\": \"array\", \"items\": {\"type\": [\"string\", \"null\"]}, "                      \
    "\"description\": \"m.groups()\"}, "                                                                     \
    "\"spans\": {\"type\": \"array\", \"items\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}, " \
    "\"minItems\": 2, \"maxItems\": 2}, \"description\": \"m.span(i) for i in 1..groups; [-1, -1] when "     \
    "the group did not take part\"}, "                                                                       \
    "\"groupdict\": {\"type\": \"object\", \"additionalProperties\": {\"type\": [\"string\", \"null\"]}}, "  \
    "\"lastindex\": {\"type\": [\"integer\", \"null\"]}, "                                                   \
    "\"lastgroup\": {\"type\": [\"string\", \"null\"]}}, "                                                   \
    "\"example\": {\"group\": \"hello\", \"span\": [0, 5], \"groups\": [\"hello\"], \"spans\": [[0, 5]], "   \
    "\"groupdict\": {\"word\": \"hello\"}, \"lastindex\": 1, \"lastgroup\": \"word\"}}"
#define RE_ERROR_SCHEMA                                                                                      \
    "{\"type\": \"object\", \"description\": \"re.error (status 422): CPython's message and pos\", "         \
    "\"required\": [\"error\"], \"properties\": {\"error\": {\"type\": \"object\", "                         \
    "\"required\": [\"type\", \"message\", \"pos\"], \"properties\": {"                                      \
    "\"type\": {\"const\": \"re.error\"}, \"message\": {\"type\": \"string\"}, "                             \
    "\"pos\": {\"type\": [\"integer\", \"null\"], \"description\": \"index in the pattern (or the "          \
    "replacement template)\"}}}}, "                                                                          \
    "\"example\": {\"error\": {\"type\": \"re.error\", \"message\": \"missing ), unterminated subpattern "   \
    "at position 0\", \"pos\": 0}}}"
static const char SCHEMAS[] = "{\"Match\": " MATCH_SCHEMA ", \"ReError\": " RE_ERROR_SCHEMA "}";

static int re_init(void)
{
    re_case_init(); /* sre's case tables: built once here rather than by the first IGNORECASE pattern */
    return 0;
}

static void re_fini(void) { re_cache_fini(); }

const pystd_module pystd_module_re = {
    .name = "re",
    .doc = "Python's re module (str patterns, code-point offsets) on PCRE2 JIT",
    .ops = ops,
    .schemas = SCHEMAS,
    .init = re_init,
    .fini = re_fini,
    .metrics = re_metrics,
};
