/* re: Python's re module on str or bytes patterns (core/re/re.h).  Every
 * function is OP_GET (no side effects besides the cache); `flags` is an int
 * or a list of names, checked here as pyref checks it (400 otherwise).  A
 * bytes pattern, string or repl ({"$bytes"}) goes to core/re as its Latin-1
 * text and its results come back as bytes; with str only, nothing changes. */
#include "re/re.h"
#include "re/re_class.h"

#include "op.h"
#include "py/py_wire.h"
#include "ops/ops.h"

static void release(void *p)
{
    re_pattern_release(p);
}

/* flags -> compiled pattern (released with the request); a bytes pattern
 * as its Latin-1 text with RE_COMPILE_BYTES. */
static int pattern_of(op_ctx *c, int pat, int flags_arg, re_pattern **p)
{
    int flags;
    if (re_flags_arg(c->argv[flags_arg], &flags, c->a, &c->err) < 0)
        return -1;
    const pv *pattern = c->argv[pat];
    if (pattern->kind == PV_BYTES) {
        pattern = re_bytes_text(c->a, pattern);
        flags |= RE_COMPILE_BYTES;
    }
    if (re_compile(pattern, flags, p, c->a, &c->err) < 0) {
        if (flags & RE_COMPILE_BYTES)
            re_error_ascii(c->a, &c->err);
        return -1;
    }
    arena_defer(c->a, release, *p);
    return 0;
}

/* A pattern or string given as bytes: the string checked against the
 * pattern's kind (sre's state_init, after the int arguments, which a number
 * out of range fails first in core/re: then no check here), and as text. */
static int subject_of(op_ctx *c, int pat, int str, const pv *const *ints, size_t nints, const pv **text)
{
    bool pb = c->argv[pat]->kind == PV_BYTES, sb = c->argv[str]->kind == PV_BYTES, ok = true;
    for (size_t i = 0; i < nints; i++)
        ok &= ints[i]->kind != PV_INT || pv_int_small(ints[i]);
    if (ok && pb != sb)
        return py_raise(&c->err, c->a, "TypeError",
                        pb ? "cannot use a bytes pattern on a string-like object"
                           : "cannot use a string pattern on a bytes-like object");
    *text = sb ? re_bytes_text(c->a, c->argv[str]) : c->argv[str];
    return 0;
}

/* The result of a bytes string: its str values back to bytes, on the wire. */
static int bytes_result(op_ctx *c, int which)
{
    pv *r = c->result;
    if (which == 4)
        for (size_t i = 0; i < r->l.len; i++)
            r->l.items[i] = re_match_bytes(c->a, r->l.items[i]);
    else
        r = which <= 2 ? re_match_bytes(c->a, r) : re_text_bytes(c->a, r);
    c->result = py_wire_out(c->a, r);
    return 0;
}

/* search / match / fullmatch / findall / finditer: pattern, string, flags, pos, endpos */
static int scan_fn(op_ctx *c, int which)
{
    re_pattern *p;
    if (pattern_of(c, 0, 2, &p) < 0)
        return -1;
    const pv *s = c->argv[1], *pos = c->argv[3], *end = c->argv[4];
    bool bytes = c->argv[0]->kind == PV_BYTES || s->kind == PV_BYTES;
    if (bytes) {
        const pv *ints[2] = {pos, end};
        if (subject_of(c, 0, 1, ints, 2, &s) < 0)
            return -1;
        int rc = which == 0   ? re_search(p, s, pos, end, RE_MODE_SEARCH, c->a, &c->result, &c->err)
                 : which == 1 ? re_search(p, s, pos, end, RE_MODE_MATCH, c->a, &c->result, &c->err)
                 : which == 2 ? re_search(p, s, pos, end, RE_MODE_FULLMATCH, c->a, &c->result, &c->err)
                 : which == 3 ? re_findall(p, s, pos, end, c->a, &c->result, &c->err)
                              : re_finditer(p, s, pos, end, c->a, &c->result, &c->err);
        return rc < 0 ? -1 : c->argv[1]->kind == PV_BYTES ? bytes_result(c, which) : 0;
    }
    switch (which) {
    case 0:
        return re_search(p, s, pos, end, RE_MODE_SEARCH, c->a, &c->result, &c->err);
    case 1:
        return re_search(p, s, pos, end, RE_MODE_MATCH, c->a, &c->result, &c->err);
    case 2:
        return re_search(p, s, pos, end, RE_MODE_FULLMATCH, c->a, &c->result, &c->err);
    case 3:
        return re_findall(p, s, pos, end, c->a, &c->result, &c->err);
    default:
        return re_finditer(p, s, pos, end, c->a, &c->result, &c->err);
    }
}

static int fn_search(op_ctx *c)
{
    return scan_fn(c, 0);
}
static int fn_match(op_ctx *c)
{
    return scan_fn(c, 1);
}
static int fn_fullmatch(op_ctx *c)
{
    return scan_fn(c, 2);
}
static int fn_findall(op_ctx *c)
{
    return scan_fn(c, 3);
}
static int fn_finditer(op_ctx *c)
{
    return scan_fn(c, 4);
}

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
    if (repl->kind == PV_DICT) { /* a callable: str patterns and strings only */
        if (c->argv[0]->kind == PV_BYTES || c->argv[2]->kind == PV_BYTES)
            return py_bad_request(&c->err, c->a,
                                  "a callable repl ({\"function\": ...}) takes a str pattern and string; "
                                  "with bytes, repl is a template");
        return re_sub_fn(p, &f, c->argv[2], c->argv[3], subn, c->a, &c->result, &c->err);
    }
    const pv *s = c->argv[2];
    bool pb = c->argv[0]->kind == PV_BYTES, rb = repl->kind == PV_BYTES, sb = s->kind == PV_BYTES;
    if (!pb && !rb && !sb)
        return re_sub(p, repl, s, c->argv[3], subn, c->a, &c->result, &c->err);
    if (rb)
        repl = re_bytes_text(c->a, repl);
    if (sb)
        s = re_bytes_text(c->a, s);
    if (re_sub_kinds(p, pb, repl, rb, s, sb, c->argv[3], c->a, &c->err) < 0 ||
        re_sub(p, repl, s, c->argv[3], subn, c->a, &c->result, &c->err) < 0) {
        if (rb) /* the template's re.error */
            re_error_ascii(c->a, &c->err);
        return -1;
    }
    return sb ? bytes_result(c, 5) : 0;
}

/* Match.expand(template) of re.search's match: pattern, string, template, flags, pos, endpos */
static int fn_expand(op_ctx *c)
{
    re_pattern *p;
    if (pattern_of(c, 0, 3, &p) < 0)
        return -1;
    return re_expand(p, c->argv[2], c->argv[1], c->argv[4], c->argv[5], c->a, &c->result, &c->err);
}

static int fn_sub(op_ctx *c)
{
    return sub_fn(c, false);
}
static int fn_subn(op_ctx *c)
{
    return sub_fn(c, true);
}

static int fn_split(op_ctx *c)
{
    re_pattern *p;
    if (pattern_of(c, 0, 3, &p) < 0)
        return -1;
    if (c->argv[0]->kind != PV_BYTES && c->argv[1]->kind != PV_BYTES)
        return re_split(p, c->argv[1], c->argv[2], c->a, &c->result, &c->err);
    const pv *s = c->argv[1], *ints[1] = {c->argv[2]};
    if (subject_of(c, 0, 1, ints, 1, &s) < 0 || re_split(p, s, c->argv[2], c->a, &c->result, &c->err) < 0)
        return -1;
    return c->argv[1]->kind == PV_BYTES ? bytes_result(c, 5) : 0;
}

static int fn_escape(op_ctx *c)
{
    const pv *s = c->argv[0];
    if (s->kind != PV_BYTES) {
        c->result = re_escape(c->a, s);
        return 0;
    }
    c->result = re_escape(c->a, re_bytes_text(c->a, s));
    return bytes_result(c, 5);
}

static int fn_compile(op_ctx *c)
{
    re_pattern *p;
    if (pattern_of(c, 0, 1, &p) < 0)
        return -1;
    c->result = re_pattern_info(c->a, p);
    if (c->argv[0]->kind == PV_BYTES) /* the pattern as given */
        pv_dict_setc(c->a, c->result, "pattern", py_wire_bytes_out(c->a, c->argv[0]));
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

#define FLAGS_DOC                                                                                            \
    "int of I=2 L=4 M=8 S=16 U=32 X=64 A=256, or a list of names (\"I\", \"IGNORECASE\", ..., \"NOFLAG\")"
#define FLAGS_SCHEMA                                                                                         \
    "{\"oneOf\": [{\"type\": \"integer\"}, {\"type\": \"array\", \"items\": {\"type\": \"string\", "         \
    "\"enum\": "                                                                                             \
    "[\"I\", \"IGNORECASE\", \"L\", \"LOCALE\", \"M\", \"MULTILINE\", \"S\", \"DOTALL\", \"U\", "            \
    "\"UNICODE\", "                                                                                          \
    "\"X\", \"VERBOSE\", \"A\", \"ASCII\", \"NOFLAG\"]}}]}"

#define REPL_SCHEMA                                                                                          \
    "{\"oneOf\": [{\"type\": \"string\"}, " OP_BYTES_SCHEMA                                                  \
    ", {\"type\": \"object\", \"required\": [\"function\"], "                                                \
    "\"additionalProperties\": false, \"properties\": {\"function\": {\"oneOf\": [{\"type\": \"string\"}, "  \
    "{\"type\": \"object\"}]}, \"group\": {\"type\": [\"integer\", \"string\"], \"default\": 0}}}]}"
static const op_arg scan_args[] = {
    {"pattern", A_STRBYTES, 0, NULL, "regular expression (Python syntax), str or bytes", NULL},
    {"string", A_STRBYTES, 0, NULL, "the text to scan (of the pattern's kind)", NULL},
    {"flags", A_ANY, 0, "0", FLAGS_DOC, FLAGS_SCHEMA},
    {"pos", A_INT, 0, "0", "where the scan starts (code points; clamped)", NULL},
    {"endpos", A_INT, ARG_NULLABLE, "null", "where the string is cut (code points; clamped), or null", NULL},
    {0}};
static const op_arg sub_args[] = {
    {"pattern", A_STRBYTES, 0, NULL, "regular expression (Python syntax), str or bytes", NULL},
    {"repl", A_STRBYTES, ARG_CALLABLE, NULL,
     "replacement template (\\1, \\g<name>, \\g<0>, escapes), of the string's kind; or, with a str pattern "
     "and "
     "string, {\"function\": callable of the functools/map vocabulary, \"group\": int or name (default 0)}: "
     "function(match.group(group)) replaces each match",
     REPL_SCHEMA},
    {"string", A_STRBYTES, 0, NULL, "the text (of the pattern's kind)", NULL},
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
    {"pattern", A_STRBYTES, 0, NULL, "regular expression (Python syntax), str or bytes", NULL},
    {"string", A_STRBYTES, 0, NULL, "the text (of the pattern's kind)", NULL},
    {"maxsplit", A_INT, 0, "0", "at most this many splits (0: all)", NULL},
    {"flags", A_ANY, 0, "0", FLAGS_DOC, FLAGS_SCHEMA},
    {0}};
static const op_arg escape_args[] = {{"pattern", A_STRBYTES, 0, NULL, "text (or bytes) to escape", NULL},
                                     {0}};
static const op_arg compile_args[] = {
    {"pattern", A_STRBYTES, 0, NULL, "regular expression (Python syntax), str or bytes", NULL},
    {"flags", A_ANY, 0, "0", FLAGS_DOC, FLAGS_SCHEMA},
    {0}};
static const op_arg no_args[] = {{0}};

#define MATCH_REF "{\"$ref\": \"#/components/schemas/Match\"}"
#define SB OP_STR_OR_BYTES_SCHEMA
#define SBN "{\"oneOf\": [{\"type\": \"string\"}, " OP_BYTES_SCHEMA ", {\"type\": \"null\"}]}"
#define MATCH_OR_NULL "{\"oneOf\": [" MATCH_REF ", {\"type\": \"null\"}]}"

static const op_def ops[] = {
    {"search", fn_search, scan_args, OP_GET, "re.compile(pattern, flags).search(string, pos, endpos)",
     MATCH_OR_NULL, "{\"pattern\": \"(?P<word>\\\\w+)\", \"string\": \"hello world\"}"},
    {"match", fn_match, scan_args, OP_GET, "re.compile(pattern, flags).match(string, pos, endpos)",
     MATCH_OR_NULL, "{\"pattern\": \"\\\\d+\", \"string\": \"42 apples\"}"},
    {"fullmatch", fn_fullmatch, scan_args, OP_GET,
     "re.compile(pattern, flags).fullmatch(string, pos, endpos)", MATCH_OR_NULL,
     "{\"pattern\": \"a|ab\", \"string\": \"ab\"}"},
    {"findall", fn_findall, scan_args, OP_GET, "re.compile(pattern, flags).findall(string, pos, endpos)",
     "{\"type\": \"array\", \"items\": {\"oneOf\": [{\"type\": \"string\"}, " OP_BYTES_SCHEMA ", {\"type\": "
     "\"array\", \"items\": " SB "}]}}",
     "{\"pattern\": \"(\\\\w+)=(\\\\d+)\", \"string\": \"a=1, b=2\"}"},
    {"finditer", fn_finditer, scan_args, OP_GET,
     "list(re.compile(pattern, flags).finditer(string, pos, endpos))",
     "{\"type\": \"array\", \"items\": " MATCH_REF "}", "{\"pattern\": \"x*\", \"string\": \"abxd\"}"},
    {"sub", fn_sub, sub_args, OP_GET, "re.sub(pattern, repl, string, count, flags)", SB,
     "{\"pattern\": \"(\\\\w+) (\\\\w+)\", \"repl\": \"\\\\2 \\\\1\", \"string\": \"hello world\"}"},
    {"subn", fn_subn, sub_args, OP_GET, "re.subn(pattern, repl, string, count, flags)",
     "{\"type\": \"array\", \"prefixItems\": [" SB ", {\"type\": \"integer\"}]}",
     "{\"pattern\": \"x*\", \"repl\": \"-\", \"string\": \"abxd\"}"},
    {"expand", fn_expand, expand_args, OP_GET,
     "re.compile(pattern, flags).search(string, pos, endpos).expand(template); null when nothing matches",
     "{\"type\": [\"string\", \"null\"]}",
     "{\"pattern\": \"(?P<k>\\\\w+)=(\\\\d+)\", \"string\": \"x a=1\", \"template\": \"\\\\2 <- \\\\g<k>\"}"},
    {"split", fn_split, split_args, OP_GET, "re.split(pattern, string, maxsplit, flags)",
     "{\"type\": \"array\", \"items\": " SBN "}",
     "{\"pattern\": \"(,)\", \"string\": \"a,b,c\", \"maxsplit\": 1}"},
    {"escape", fn_escape, escape_args, OP_GET, "re.escape(pattern)", SB, "{\"pattern\": \"a.b*c\"}"},
    {"compile", fn_compile, compile_args, OP_GET,
     "re.compile(pattern, flags): pattern, flags, groups, groupindex",
     "{\"type\": \"object\", \"required\": [\"pattern\", \"flags\", \"groups\", \"groupindex\"], "
     "\"properties\": {"
     "\"pattern\": " SB ", \"flags\": {\"type\": \"integer\"}, \"groups\": {\"type\": \"integer\"}, "
     "\"groupindex\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"integer\"}}}}",
     "{\"pattern\": \"(?i)(?P<x>a)\"}"},
    {"purge", fn_purge, no_args, OP_GET, "re.purge(): clear the compiled-pattern cache and its counters",
     "{\"type\": \"null\"}", "{}"},
    {"cache_info", fn_cache_info, no_args, OP_GET, "the compiled-pattern cache, like lru_cache.cache_info()",
     "{\"type\": \"object\", \"required\": [\"hits\", \"misses\", \"maxsize\", \"currsize\"], "
     "\"properties\": {"
     "\"hits\": {\"type\": \"integer\"}, \"misses\": {\"type\": \"integer\"}, \"maxsize\": {\"type\": "
     "\"integer\"}, "
     "\"currsize\": {\"type\": \"integer\"}}}",
     "{}"},
    {0}};

/* The named schemas of the OpenAPI document: re.Match (the result of search
 * and friends) and ReError, the 422 body of re.error. */
#define MATCH_SCHEMA                                                                                         \
    "{\"type\": \"object\", \"description\": \"re.Match; offsets are code points (bytes of a bytes string, " \
    "whose groups are bytes)\", \"required\": "                                                              \
    "[\"group\", \"span\", \"groups\", \"spans\", \"groupdict\", \"lastindex\", \"lastgroup\"], "            \
    "\"properties\": {\"group\": " SB ", "                                                                   \
    "\"span\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}, "                                   \
    "\"minItems\": 2, \"maxItems\": 2}, "                                                                    \
    "\"groups\": {\"type\": \"array\", \"items\": " SBN ", "                                                 \
    "\"description\": \"m.groups()\"}, "                                                                     \
    "\"spans\": {\"type\": \"array\", \"items\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}, " \
    "\"minItems\": 2, \"maxItems\": 2}, \"description\": \"m.span(i) for i in 1..groups; [-1, -1] when "     \
    "the group did not take part\"}, "                                                                       \
    "\"groupdict\": {\"type\": \"object\", \"additionalProperties\": " SBN "}, "                             \
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

static void re_fini(void)
{
    re_cache_fini();
}

const pystd_module pystd_module_re = {
    .name = "re",
    .doc = "Python's re module (str or bytes patterns, code-point or byte offsets) on PCRE2 JIT",
    .ops = ops,
    .schemas = SCHEMAS,
    .init = re_init,
    .fini = re_fini,
    .metrics = re_metrics,
};
