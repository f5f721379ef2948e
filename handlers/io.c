/* Module "io": whole-file reads and atomic writes in the file sandbox
 * (core/fs/fs_sandbox.h): POST /v1/io/read, POST /v1/io/write. */
#include <string.h>

#include "base/base64.h"
#include "fs/fs_sandbox.h"
#include "op.h"
#include "py/py_oserror.h"

static bool is(const pv *s, const char *lit)
{
    return s->s.len == strlen(lit) && !strcmp(s->s.p, lit);
}

static int fn_read(op_ctx *c)
{
    const pv *mode = c->argv[1];
    if (!is(mode, "r") && !is(mode, "rb"))
        return py_bad_request(&c->err, c->a, "argument 'mode' must be 'r' or 'rb'");
    return fs_read(c->a, c->argv[0]->s.p, c->argv[0]->s.len, is(mode, "rb"), &c->result, &c->err);
}

static int fn_write(op_ctx *c)
{
    const pv *path = c->argv[0], *data = c->argv[1], *mode = c->argv[2];
    bool binary = is(mode, "wb") || is(mode, "ab");
    if (!binary && !is(mode, "w") && !is(mode, "a"))
        return py_bad_request(&c->err, c->a, "argument 'mode' must be 'w', 'a', 'wb' or 'ab'");
    bool append = mode->s.p[0] == 'a';
    if (binary) {
        strbuf b = STRBUF_INIT;
        if (!base64_decode(&b, data->s.p, data->s.len)) {
            strbuf_free(&b);
            return py_bad_request(&c->err, c->a, "argument 'data' must be base64 in a binary mode");
        }
        int rc = fs_write_file(c->a, path->s.p, path->s.len, b.data ? b.data : "", b.len, append, &c->err);
        size_t n = b.len;
        strbuf_free(&b);
        if (rc < 0)
            return -1;
        c->result = pv_int(c->a, (int64_t)n);
        return 0;
    }
    /* open() fails before write() encodes */
    if (fs_check_writable(c->a, path->s.p, path->s.len, &c->err) < 0 ||
        py_utf8_encode_check(&c->err, c->a, data->s.p, data->s.len, 0) < 0 ||
        fs_write_file(c->a, path->s.p, path->s.len, data->s.p, data->s.len, append, &c->err) < 0)
        return -1;
    c->result = pv_int(c->a, (int64_t)data->s.ncp);
    return 0;
}

static const op_arg read_args[] = {{"path", A_STR, 0, NULL, "a file in the sandbox", NULL},
                                   {"mode", A_STR, 0, "\"r\"",
                                    "'r' (UTF-8 text, universal newlines) or 'rb' (bytes)",
                                    "{\"enum\": [\"r\", \"rb\"]}"},
                                   {.name = NULL}};
static const op_arg write_args[] = {
    {"path", A_STR, 0, NULL, "a file in the sandbox", NULL},
    {"data", A_STR, 0, NULL, "text, or base64 bytes in a binary mode", NULL},
    {"mode", A_STR, 0, "\"w\"", "'w', 'a', 'wb' or 'ab'", "{\"enum\": [\"w\", \"a\", \"wb\", \"ab\"]}"},
    {.name = NULL}};

static const op_def ops[] = {{"read", fn_read, read_args, OP_GET | OP_BLOCKING | OP_READS, "open(path, mode).read()",
                              "{\"type\": \"string\"}", "{\"path\": \"/notes.txt\"}"},
                             {"write", fn_write, write_args, OP_WRITES | OP_BLOCKING,
                              "open(path, mode).write(data), atomically: characters or bytes written",
                              "{\"type\": \"integer\"}",
                              "{\"path\": \"/notes.txt\", \"data\": \"hello\\n\"}"},
                             {.name = NULL}};

const pystd_module pystd_module_io = {
    "io", "io: whole-file reads and atomic writes in the sandbox", ops, NULL, NULL, NULL, NULL};
