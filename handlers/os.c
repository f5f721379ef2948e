/* Module "os": the file sandbox's directory operations (core/fs/fs_sandbox.h),
 * os.strerror and os.name.  system, popen, fork, environ, getenv, exec* and
 * kill are deliberately not exposed. */
#include <stdio.h>

#include "fs/fs_sandbox.h"
#include "op.h"
#include "py/py_oserror.h"

#define S(v) (v)->s.p, (v)->s.len

static int fn_listdir(op_ctx *c)
{
    return fs_listdir(c->a, S(c->argv[0]), &c->result, &c->err);
}
static int fn_mkdir(op_ctx *c)
{
    return fs_mkdir(c->a, S(c->argv[0]), &c->err);
}
static int fn_makedirs(op_ctx *c)
{
    return fs_makedirs(c->a, S(c->argv[0]), c->argv[1]->b, &c->err);
}
static int fn_remove(op_ctx *c)
{
    return fs_remove(c->a, S(c->argv[0]), &c->err);
}
static int fn_rmdir(op_ctx *c)
{
    return fs_rmdir(c->a, S(c->argv[0]), &c->err);
}
static int fn_rename(op_ctx *c)
{
    return fs_rename(c->a, S(c->argv[0]), S(c->argv[1]), &c->err);
}

static int fn_stat(op_ctx *c)
{
    fs_stat st;
    if (fs_stat_path(c->a, S(c->argv[0]), &st, &c->err) < 0)
        return -1;
    pv *d = pv_dict(c->a, 3);
    pv_dict_setc(c->a, d, "st_size", pv_int(c->a, st.size));
    pv_dict_setc(c->a, d, "st_mtime", pv_float(c->a, st.mtime));
    pv_dict_setc(c->a, d, "st_mode", pv_int(c->a, st.mode));
    c->result = d;
    return 0;
}

static int fn_strerror(op_ctx *c)
{
    const pv *code = c->argv[0];
    /* Argument Clinic's int converter (_PyLong_AsInt) */
    if (!pv_int_small(code) || code->i.v > 2147483647 || code->i.v < -2147483647 - 1)
        return py_raise(&c->err, c->a, "OverflowError", "Python int too large to convert to C int");
    c->result = pv_cstr(c->a, py_strerror(c->a, (int)code->i.v));
    return 0;
}

static int fn_name(op_ctx *c)
{
    c->result = pv_cstr(c->a, "posix");
    return 0;
}

static int os_init(void)
{
    char err[512];
    if (fs_init(config.data_dir, err, sizeof err) < 0) {
        op_log_error("%s", err);
        return -1;
    }
    return 0;
}

static void os_fini(void)
{
    fs_fini();
}

static void os_metrics(strbuf *out)
{
    strbuf_printf(out,
                  "# HELP pystd_sandbox_bytes Bytes of regular files in the file sandbox.\n"
                  "# TYPE pystd_sandbox_bytes gauge\npystd_sandbox_bytes %llu\n",
                  (unsigned long long)fs_store_bytes());
}

static const op_arg path_arg[] = {{"path", A_STR, 0, NULL, "a path in the file sandbox", NULL},
                                  {.name = NULL}};
static const op_arg listdir_args[] = {{"path", A_STR, 0, "\"/\"", "a directory in the file sandbox", NULL},
                                      {.name = NULL}};
static const op_arg makedirs_args[] = {
    {"path", A_STR, 0, NULL, "a path in the file sandbox", NULL},
    {"exist_ok", A_BOOL, 0, "false", "no error when the directory exists", NULL},
    {.name = NULL}};
static const op_arg rename_args[] = {{"src", A_STR, 0, NULL, "existing path", NULL},
                                     {"dst", A_STR, 0, NULL, "new path", NULL},
                                     {.name = NULL}};
static const op_arg strerror_args[] = {{"code", A_INT, 0, NULL, "an errno value", NULL}, {.name = NULL}};
static const op_arg no_args[] = {{.name = NULL}};

#define STRLIST "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}"
#define NUL "{\"type\": \"null\"}"

static const op_def ops[] = {
    {"listdir", fn_listdir, listdir_args, OP_GET | OP_READS, "os.listdir(path), sorted by code point", STRLIST,
     "{\"path\": \"/\"}"},
    {"mkdir", fn_mkdir, path_arg, OP_WRITES, "os.mkdir(path)", NUL, "{\"path\": \"/reports\"}"},
    {"makedirs", fn_makedirs, makedirs_args, OP_WRITES, "os.makedirs(path, exist_ok)", NUL,
     "{\"path\": \"/reports/2024/q1\", \"exist_ok\": true}"},
    {"remove", fn_remove, path_arg, OP_WRITES, "os.remove(path)", NUL, "{\"path\": \"/reports/old.txt\"}"},
    {"rmdir", fn_rmdir, path_arg, OP_WRITES, "os.rmdir(path)", NUL, "{\"path\": \"/reports/q1\"}"},
    {"rename", fn_rename, rename_args, OP_WRITES, "os.rename(src, dst)", NUL,
     "{\"src\": \"/a.txt\", \"dst\": \"/b.txt\"}"},
    {"replace", fn_rename, rename_args, OP_WRITES, "os.replace(src, dst)", NUL,
     "{\"src\": \"/a.txt\", \"dst\": \"/b.txt\"}"},
    {"stat", fn_stat, path_arg, OP_GET | OP_READS, "os.stat(path): st_size, st_mtime, st_mode",
     "{\"title\": \"StatResult\", \"type\": \"object\", \"required\": [\"st_size\", \"st_mtime\", \"st_mode\"], "
     "\"properties\": {\"st_size\": {\"type\": \"integer\"}, \"st_mtime\": "
     "{\"type\": \"number\"}, \"st_mode\": {\"type\": \"integer\"}}}",
     "{\"path\": \"/\"}"},
    {"strerror", fn_strerror, strerror_args, OP_GET, "os.strerror(code)", "{\"type\": \"string\"}",
     "{\"code\": 2}"},
    {"name", fn_name, no_args, OP_GET, "os.name", "{\"type\": \"string\"}", "{}"},
    {.name = NULL}};

const pystd_module pystd_module_os = {
    "os", "os: the file sandbox under --data-dir, strerror, name", ops, NULL, os_init, os_fini, os_metrics};
