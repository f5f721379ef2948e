/* Module "os/path": posixpath's pure functions (core/fs/fs_posixpath.h; relative
 * paths resolve against `cwd`, never the process's directory) on str or
 * bytes paths ({"$bytes": "<base64>"} in, and out for bytes results), with
 * posixpath's TypeErrors for a mix of the two; and the sandbox predicates
 * exists/isfile/isdir/getsize, lexists/islink, getmtime/getatime/getctime,
 * samefile and realpath on str paths (core/fs/fs_sandbox.h). */
#include "codecs/codecs.h"
#include "fs/fs_posixpath.h"
#include "fs/fs_sandbox.h"
#include "op.h"
#include "py/py_wire.h"

#include <sys/stat.h>

/* A list of paths: str items, or bytes as {"$bytes": "<base64>"}; any
 * other item is a 400 (pyref's _strs). */
static int path_list(op_ctx *c, const pv *list, const char *name, pv ***out)
{
    pv **items = arena_alloc(c->a, (list->l.len + 1) * sizeof(pv *));
    for (size_t i = 0; i < list->l.len; i++) {
        items[i] = list->l.items[i]; /* op_wire_bytes replaces a {"$bytes"} */
        if (op_wire_bytes(c, name, list->l.items[i], &items[i]) < 0)
            return -1;
        if (items[i]->kind != PV_STR && items[i]->kind != PV_BYTES) {
            py_bad_request(&c->err, c->a, "argument '%s' must be a list of str or bytes", name);
            return -1;
        }
    }
    *out = items;
    return 0;
}

/* genericpath._check_arg_types: str and bytes in one call. */
static int mixed(op_ctx *c)
{
    return py_raise(&c->err, c->a, "TypeError", "Can't mix strings and bytes in path components");
}

/* The bytes of a result in the {"$bytes"} wire form. */
static int done(op_ctx *c, pv *r)
{
    c->result = py_wire_out(c->a, r);
    return 0;
}

/* os.getcwd() or os.getcwdb(), as the path's kind asks: the `cwd` argument
 * (str or bytes), converted as os.fsdecode / os.fsencode convert (UTF-8 with
 * surrogateescape: a str cwd holding another lone surrogate cannot be bytes). */
static int cwd_as(op_ctx *c, const pv *cwd, uint8_t kind, const pv **out)
{
    *out = cwd;
    if (cwd->kind == kind)
        return 0;
    pv *enc = pv_cstr(c->a, "utf-8"), *errs = pv_cstr(c->a, "surrogateescape"), *r;
    int rc = kind == PV_BYTES ? codecs_encode(c->a, cwd, enc, errs, config.max_result_bytes, &r, &c->err)
                              : codecs_decode(c->a, cwd, enc, errs, config.max_result_bytes, &r, &c->err);
    *out = r;
    return rc;
}

static int fn_join(op_ctx *c)
{
    const pv *a = c->argv[0], *paths = c->argv[1];
    pv **items;
    if (path_list(c, paths, "paths", &items) < 0)
        return -1;
    for (size_t i = 0; i < paths->l.len; i++)
        if (items[i]->kind != a->kind)
            return mixed(c);
    return done(c, fs_path_join(c->a, a, items, paths->l.len));
}

#define UNARY(fname, call)                                                                                   \
    static int fn_##fname(op_ctx *c)                                                                         \
    {                                                                                                        \
        return done(c, call);                                                                                \
    }
UNARY(split, fs_path_split(c->a, c->argv[0]))
UNARY(splitext, fs_path_splitext(c->a, c->argv[0]))
UNARY(basename, fs_path_basename(c->a, c->argv[0]))
UNARY(dirname, fs_path_dirname(c->a, c->argv[0]))
UNARY(normpath, fs_path_normpath(c->a, c->argv[0]))
UNARY(normcase, c->argv[0])
UNARY(isabs, pv_bool(fs_path_isabs(c->argv[0])))
UNARY(exists, pv_bool(fs_exists(c->a, c->argv[0]->s.p, c->argv[0]->s.len)))
UNARY(isfile, pv_bool(fs_isfile(c->a, c->argv[0]->s.p, c->argv[0]->s.len)))
UNARY(isdir, pv_bool(fs_isdir(c->a, c->argv[0]->s.p, c->argv[0]->s.len)))

static int fn_abspath(op_ctx *c)
{
    const pv *path = c->argv[0], *cwd = c->argv[1];
    if (!fs_path_isabs(path) && cwd_as(c, cwd, path->kind, &cwd) < 0)
        return -1;
    return done(c, fs_path_abspath(c->a, path, cwd));
}

/* relpath as posixpath orders it: no path, then abspath(start) (the cwd in
 * start's kind), then the split that fails on a mix of kinds. */
static int fn_relpath(op_ctx *c)
{
    const pv *path = c->argv[0], *cwd = c->argv[2];
    const pv *start = c->argv[1]->kind == PV_NONE ? NULL : c->argv[1];
    if (path->s.len == 0)
        return py_raise(&c->err, c->a, "ValueError", "no path specified");
    if (start && !fs_path_isabs(start) && cwd_as(c, cwd, start->kind, &cwd) < 0)
        return -1;
    if (start && start->kind != path->kind)
        return mixed(c);
    bool need_cwd = !start || !fs_path_isabs(start) || !fs_path_isabs(path);
    if (need_cwd && cwd_as(c, c->argv[2], path->kind, &cwd) < 0)
        return -1;
    if (fs_path_relpath(c->a, path, start, cwd, &c->result, &c->err) < 0)
        return -1;
    return done(c, c->result);
}

static int fn_commonpath(op_ctx *c)
{
    const pv *paths = c->argv[0];
    pv **items;
    if (path_list(c, paths, "paths", &items) < 0)
        return -1;
    for (size_t i = 1; i < paths->l.len; i++) /* path.split(sep) fails before the absolute/relative check */
        if (items[i]->kind != items[0]->kind)
            return mixed(c);
    if (fs_path_commonpath(c->a, items, paths->l.len, &c->result, &c->err) < 0)
        return -1;
    return done(c, c->result);
}

static int fn_commonprefix(op_ctx *c)
{
    const pv *list = c->argv[0];
    pv **items;
    if (path_list(c, list, "list", &items) < 0)
        return -1;
    for (size_t i = 1; i < list->l.len; i++) /* min(m): item < the minimum so far */
        if (items[i]->kind != items[0]->kind)
            return py_raise(&c->err, c->a, "TypeError",
                            "'<' not supported between instances of '%s' and '%s'", pv_type_name(items[i]),
                            pv_type_name(items[0]));
    return done(c, fs_path_commonprefix(c->a, items, list->l.len));
}

static int fn_getsize(op_ctx *c)
{
    fs_stat st;
    if (fs_stat_path(c->a, c->argv[0]->s.p, c->argv[0]->s.len, &st, &c->err) < 0)
        return -1;
    c->result = pv_int(c->a, st.size);
    return 0;
}

/* lexists / islink: os.lstat in the sandbox, False on any error (no symlink
 * is ever followed there: lstat is its stat, and a link is ELOOP). */
static int fn_lexists(op_ctx *c)
{
    fs_stat st;
    py_err e;
    c->result = pv_bool(fs_stat_path(c->a, c->argv[0]->s.p, c->argv[0]->s.len, &st, &e) == 0);
    return 0;
}

static int fn_islink(op_ctx *c)
{
    fs_stat st;
    py_err e;
    bool link = fs_stat_path(c->a, c->argv[0]->s.p, c->argv[0]->s.len, &st, &e) == 0 && S_ISLNK(st.mode);
    c->result = pv_bool(link);
    return 0;
}

/* getmtime / getatime / getctime: os.stat(path).st_?time */
static int stat_time(op_ctx *c, char which)
{
    fs_stat st;
    if (fs_stat_path(c->a, c->argv[0]->s.p, c->argv[0]->s.len, &st, &c->err) < 0)
        return -1;
    c->result = pv_float(c->a, which == 'm' ? st.mtime : which == 'a' ? st.atime : st.ctime);
    return 0;
}

static int fn_getmtime(op_ctx *c)
{
    return stat_time(c, 'm');
}
static int fn_getatime(op_ctx *c)
{
    return stat_time(c, 'a');
}
static int fn_getctime(op_ctx *c)
{
    return stat_time(c, 'c');
}

/* genericpath.samefile: os.stat of both (f1 first), then st_ino and st_dev. */
static int fn_samefile(op_ctx *c)
{
    fs_stat s1, s2;
    if (fs_stat_path(c->a, c->argv[0]->s.p, c->argv[0]->s.len, &s1, &c->err) < 0 ||
        fs_stat_path(c->a, c->argv[1]->s.p, c->argv[1]->s.len, &s2, &c->err) < 0)
        return -1;
    c->result = pv_bool(s1.ino == s2.ino && s1.dev == s2.dev);
    return 0;
}

static int fn_realpath(op_ctx *c)
{
    return fs_realpath(c->a, c->argv[0], c->argv[1]->b, &c->result, &c->err);
}

#define PATH_DOC "a path: str, or bytes as {\"$bytes\": \"<base64>\"}"
#define PATHS_SCHEMA "{\"items\": " OP_STR_OR_BYTES_SCHEMA "}"
#define CWD_DOC                                                                                              \
    "the directory relative paths start from (os.getcwd(); for a path of the other kind converted as "       \
    "os.fsencode / os.fsdecode do)"
static const op_arg join_args[] = {{"a", A_STRBYTES, 0, NULL, "first component (str or bytes)", NULL},
                                   {"paths", A_LIST, 0, "[]", "more components, of a's kind", PATHS_SCHEMA},
                                   {.name = NULL}};
static const op_arg path_arg[] = {{"path", A_STRBYTES, 0, NULL, PATH_DOC, NULL}, {.name = NULL}};
static const op_arg abspath_args[] = {{"path", A_STRBYTES, 0, NULL, PATH_DOC, NULL},
                                      {"cwd", A_STRBYTES, 0, "\"/\"", CWD_DOC, NULL},
                                      {.name = NULL}};
static const op_arg relpath_args[] = {
    {"path", A_STRBYTES, 0, NULL, PATH_DOC, NULL},
    {"start", A_STRBYTES, ARG_NULLABLE, "null", "where the result is relative to (null = '.')", NULL},
    {"cwd", A_STRBYTES, 0, "\"/\"", CWD_DOC, NULL},
    {.name = NULL}};
static const op_arg commonpath_args[] = {
    {"paths", A_LIST, 0, NULL, "paths (all str or all bytes)", PATHS_SCHEMA}, {.name = NULL}};
static const op_arg commonprefix_args[] = {
    {"list", A_LIST, 0, NULL, "strings (all str or all bytes)", PATHS_SCHEMA}, {.name = NULL}};
static const op_arg sandbox_arg[] = {{"path", A_STR, 0, NULL, "a path in the file sandbox", NULL},
                                     {.name = NULL}};
static const op_arg samefile_args[] = {{"f1", A_STR, 0, NULL, "a path in the file sandbox", NULL},
                                       {"f2", A_STR, 0, NULL, "another path in the file sandbox", NULL},
                                       {.name = NULL}};
static const op_arg realpath_args[] = {
    {"path", A_STR, 0, NULL, "a path in the file sandbox (relative: from '/')", NULL},
    {"strict", A_BOOL, 0, "false", "raise the OSError of a part that cannot be looked at", NULL},
    {.name = NULL}};

#define STR OP_STR_OR_BYTES_SCHEMA
#define PAIR "{\"type\": \"array\", \"items\": " OP_STR_OR_BYTES_SCHEMA ", \"minItems\": 2, \"maxItems\": 2}"
#define BOOL "{\"type\": \"boolean\"}"
#define FLOAT "{\"type\": \"number\"}"

static const op_def ops[] = {
    {"join", fn_join, join_args, 0, "posixpath.join(a, *paths)", STR,
     "{\"a\": \"/usr\", \"paths\": [\"lib\", \"python3\"]}"},
    {"split", fn_split, path_arg, OP_GET, "posixpath.split(path) -> [head, tail]", PAIR,
     "{\"path\": \"/a/b.txt\"}"},
    {"splitext", fn_splitext, path_arg, OP_GET, "posixpath.splitext(path) -> [root, ext]", PAIR,
     "{\"path\": \"/a/b.tar.gz\"}"},
    {"basename", fn_basename, path_arg, OP_GET, "posixpath.basename(path)", STR, "{\"path\": \"/a/b.txt\"}"},
    {"dirname", fn_dirname, path_arg, OP_GET, "posixpath.dirname(path)", STR, "{\"path\": \"/a/b.txt\"}"},
    {"normpath", fn_normpath, path_arg, OP_GET, "posixpath.normpath(path)", STR,
     "{\"path\": \"/a//./b/../c\"}"},
    {"normcase", fn_normcase, path_arg, OP_GET, "posixpath.normcase(path)", STR, "{\"path\": \"/A/b\"}"},
    {"isabs", fn_isabs, path_arg, OP_GET, "posixpath.isabs(path)", BOOL, "{\"path\": \"a/b\"}"},
    {"abspath", fn_abspath, abspath_args, OP_GET, "posixpath.abspath(path) against cwd", STR,
     "{\"path\": \"../x\", \"cwd\": \"/home/user\"}"},
    {"relpath", fn_relpath, relpath_args, OP_GET, "posixpath.relpath(path, start) against cwd", STR,
     "{\"path\": \"/a/b/c\", \"start\": \"/a/d\"}"},
    {"commonpath", fn_commonpath, commonpath_args, 0, "posixpath.commonpath(paths)", STR,
     "{\"paths\": [\"/usr/lib\", \"/usr/local/lib\"]}"},
    {"commonprefix", fn_commonprefix, commonprefix_args, 0, "posixpath.commonprefix(list)", STR,
     "{\"list\": [\"/usr/lib\", \"/usr/local\"]}"},
    {"exists", fn_exists, sandbox_arg, OP_GET | OP_READS, "os.path.exists(path) in the file sandbox", BOOL,
     "{\"path\": \"/\"}"},
    {"isfile", fn_isfile, sandbox_arg, OP_GET | OP_READS, "os.path.isfile(path) in the file sandbox", BOOL,
     "{\"path\": \"/notes.txt\"}"},
    {"isdir", fn_isdir, sandbox_arg, OP_GET | OP_READS, "os.path.isdir(path) in the file sandbox", BOOL,
     "{\"path\": \"/\"}"},
    {"getsize", fn_getsize, sandbox_arg, OP_GET | OP_READS, "os.path.getsize(path) in the file sandbox",
     "{\"type\": \"integer\"}", "{\"path\": \"/notes.txt\"}"},
    {"lexists", fn_lexists, sandbox_arg, OP_GET | OP_READS, "os.path.lexists(path) in the file sandbox", BOOL,
     "{\"path\": \"/notes.txt\"}"},
    {"islink", fn_islink, sandbox_arg, OP_GET | OP_READS,
     "os.path.islink(path) in the file sandbox (always false: the sandbox has no symlinks)", BOOL,
     "{\"path\": \"/notes.txt\"}"},
    {"getmtime", fn_getmtime, sandbox_arg, OP_GET | OP_READS, "os.path.getmtime(path) in the file sandbox", FLOAT,
     "{\"path\": \"/notes.txt\"}"},
    {"getatime", fn_getatime, sandbox_arg, OP_GET | OP_READS, "os.path.getatime(path) in the file sandbox", FLOAT,
     "{\"path\": \"/notes.txt\"}"},
    {"getctime", fn_getctime, sandbox_arg, OP_GET | OP_READS, "os.path.getctime(path) in the file sandbox", FLOAT,
     "{\"path\": \"/notes.txt\"}"},
    {"samefile", fn_samefile, samefile_args, OP_GET | OP_READS, "os.path.samefile(f1, f2) in the file sandbox", BOOL,
     "{\"f1\": \"/reports\", \"f2\": \"/reports/../reports/.\"}"},
    {"realpath", fn_realpath, realpath_args, OP_GET | OP_READS,
     "os.path.realpath(path, strict=strict) in the file sandbox ('/' is the store and the current directory)",
     STR, "{\"path\": \"reports/../notes.txt\"}"},
    {.name = NULL}};

const pystd_module pystd_module_os_path = {
    "os/path", "os.path: posixpath, and sandbox predicates", ops, NULL, NULL, NULL, NULL};
