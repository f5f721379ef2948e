/* codecs: str.encode, bytes.decode (bytes as base64) and codecs.lookup,
 * over core/codecs/codecs.c. */
#include "codecs/codecs.h"
#include "op.h"

static int fn_encode(op_ctx *c)
{
    return codecs_encode(c->a, c->argv[0], c->argv[1], c->argv[2], config.max_result_bytes, &c->result,
                         &c->err);
}

static int fn_decode(op_ctx *c)
{
    return codecs_decode(c->a, c->argv[0], c->argv[1], c->argv[2], config.max_result_bytes, &c->result,
                         &c->err);
}

static int fn_lookup(op_ctx *c)
{
    const char *name;
    if (codecs_lookup(c->a, c->argv[0], &name, &c->err) < 0)
        return -1;
    c->result = pv_dict(c->a, 1);
    pv_dict_setc(c->a, c->result, "name", pv_cstr(c->a, name));
    return 0;
}

static const op_arg encode_args[] = {{"obj", A_STR, 0, NULL, "the str to encode", NULL},
                                     {"encoding", A_STR, 0, "\"utf-8\"",
                                      "codec name or alias (utf-8, latin1, cp1252, gbk, shift_jis, ...)",
                                      NULL},
                                     {"errors", A_STR, 0, "\"strict\"",
                                      "error handler: strict, ignore, replace, backslashreplace, "
                                      "xmlcharrefreplace, namereplace, surrogateescape, "
                                      "surrogatepass",
                                      NULL},
                                     {0}};

static const op_arg decode_args[] = {
    {"obj", A_BYTES, 0, NULL, "the bytes to decode, base64", NULL},
    {"encoding", A_STR, 0, "\"utf-8\"", "codec name or alias", NULL},
    {"errors", A_STR, 0, "\"strict\"",
     "error handler: strict, ignore, replace, backslashreplace, surrogateescape, surrogatepass", NULL},
    {0}};

static const op_arg lookup_args[] = {{"encoding", A_STR, 0, NULL, "codec name or alias", NULL}, {0}};

static const op_def ops[] = {
    {"encode", fn_encode, encode_args, OP_GET, "obj.encode(encoding, errors) -> bytes (base64)",
     "{\"type\": \"string\", \"contentEncoding\": \"base64\"}",
     "{\"obj\": \"caf\\u00e9 \\u20ac\", \"encoding\": \"cp1252\"}"},
    {"decode", fn_decode, decode_args, OP_GET, "obj.decode(encoding, errors) (obj: bytes as base64) -> str",
     "{\"type\": \"string\"}", "{\"obj\": \"Y2Fm6SCA\", \"encoding\": \"cp1252\"}"},
    {"lookup", fn_lookup, lookup_args, OP_GET, "codecs.lookup(encoding).name",
     "{\"title\": \"CodecInfo\", \"type\": \"object\", \"required\": [\"name\"], "
     "\"properties\": {\"name\": {\"type\": \"string\"}}}",
     "{\"encoding\": \"UTF8\"}"},
    {0}};

const pystd_module pystd_module_codecs = {
    "codecs", "str.encode / bytes.decode with CPython's codecs", ops, NULL, NULL, NULL, NULL};
