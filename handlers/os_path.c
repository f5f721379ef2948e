/* Module "os/path": posixpath's pure functions (core/fs/fs_posixpath.h; relative
 * paths resolve against `cwd`, never the process's directory) and the
 * sandbox predicates exists/isfile/isdir/getsize (core/fs/fs_sandbox.h). */
#include "fs/fs_posixpath.h"
#include "fs/fs_sandbox.h"
#include "op.h"

/* pyref's _strs: a list whose items are all str, else 400. */
static int strs(op_ctx *c, const pv *list, const char *name)
{
    for (size_t i = 0; i < list->l.len; i++)
        if (list->l.items[i]->kind != PV_STR)
            return py_bad_request(&c->err, c->a, "argument '%s' must be a list of strings", name);
    return 0;
}

static int fn_join(op_ctx *c)
{
    const pv *paths = c->argv[1];
    if (strs(c, paths, "paths") < 0)
        return -1;
    c->result = fs_path_join(c->a, c->argv[0], paths->l.items, paths->l.len);
    return 0;
}

#define UNARY(fname, call)                                                                                   \
    static int fn_##fname(op_ctx *c)                                                                         \
    {                                                                                                        \
        c->result = call;                                                                                    \
        return 0;                                                                                            \
    }
UNARY(split, fs_path_split(c->a, c->argv[0]))
UNARY(splitext, fs_path_splitext(c->a, c->argv[0]))
UNARY(basename, fs_path_basename(c->a, c->argv[0]))
UNARY(dirname, fs_path_dirname(c->a, c->argv[0]))
UNARY(normpath, fs_path_normpath(c->a, c->argv[0]))
UNARY(normcase, c->argv[0])
UNARY(isabs, pv_bool(fs_path_isabs(c->argv[0])))
UNARY(abspath, fs_path_abspath(c->a, c->argv[0], c->argv[1]))
UNARY(exists, pv_bool(fs_exists(c->a, c->argv[0]->s.p, c->argv[0]->s.len)))
UNARY(isfile, pv_bool(fs_isfile(c->a, c->argv[0]->s.p, c->argv[0]->s.len)))
UNARY(isdir, pv_bool(fs_isdir(c->a, c->argv[0]->s.p, c->argv[0]->s.len)))

static int fn_relpath(op_ctx *c)
{
    const pv *start = c->argv[1]->kind == PV_NONE ? NULL : c->argv[1];
    return fs_path_relpath(c->a, c->argv[0], start, c->argv[2], &c->result, &c->err);
}

static int fn_commonpath(op_ctx *c)
{
    const pv *paths = c->argv[0];
    if (strs(c, paths, "paths") < 0)
        return -1;
    return fs_path_commonpath(c->a, paths->l.items, paths->l.len, &c->result, &c->err);
}

static int fn_commonprefix(op_ctx *c)
{
    const pv *list = c->argv[0];
    if (strs(c, list, "list") < 0)
        return -1;
    c->result = fs_path_commonprefix(c->a, list->l.items, list->l.len);
    return 0;
}

static int fn_getsize(op_ctx *c)
{
    fs_stat st;
    if (fs_stat_path(c->a, c->argv[0]->s.p, c->argv[0]->s.len, &st, &c->err) < 0)
        return -1;
    c->result = pv_int(c->a, st.size);
    return 0;
}

static const op_arg join_args[] = {{"a", A_STR, 0, NULL, "first component", NULL},
                                   {"paths", A_LIST, 0, "[]", "more components (strings)", NULL},
                                   {.name = NULL}};
static const op_arg path_arg[] = {{"path", A_STR, 0, NULL, "a path (string)", NULL}, {.name = NULL}};
static const op_arg abspath_args[] = {
    {"path", A_STR, 0, NULL, "a path", NULL},
    {"cwd", A_STR, 0, "\"/\"", "the directory relative paths start from", NULL},
    {.name = NULL}};
static const op_arg relpath_args[] = {
    {"path", A_STR, 0, NULL, "a path", NULL},
    {"start", A_STR, ARG_NULLABLE, "null", "where the result is relative to (null = '.')", NULL},
    {"cwd", A_STR, 0, "\"/\"", "the directory relative paths start from", NULL},
    {.name = NULL}};
static const op_arg commonpath_args[] = {{"paths", A_LIST, 0, NULL, "paths (strings)", NULL}, {.name = NULL}};
static const op_arg commonprefix_args[] = {{"list", A_LIST, 0, NULL, "strings", NULL}, {.name = NULL}};
static const op_arg sandbox_arg[] = {{"path", A_STR, 0, NULL, "a path in the file sandbox", NULL},
                                     {.name = NULL}};

#define STR "{\"type\": \"string\"}"
#define PAIR "{\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"minItems\": 2, \"maxItems\": 2}"
#define BOOL "{\"type\": \"boolean\"}"

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
    {.name = NULL}};

const pystd_module pystd_module_os_path = {
    "os/path", "os.path: posixpath, and sandbox predicates", ops, NULL, NULL, NULL, NULL};
