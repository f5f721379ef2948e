/* codecs: str.encode, bytes.decode (bytes as base64), codecs.lookup,
 * codecs.iterencode / iterdecode and codecs.escape_encode / escape_decode
 * (bytes in the {"$bytes": "<base64>"} wire form), over core/codecs/. */
#include "codecs/codecs.h"
#include "py/py_wire.h"
#include "op.h"

/* ---------------------------------------------------------------- the $bytes wire form */

/* a list argument with its $bytes items read */
static int wire_list(op_ctx *c, const char *arg, const pv *list, pv **out)
{
    *out = pv_list(c->a, list->l.len);
    for (size_t i = 0; i < list->l.len; i++) {
        pv *item;
        if (op_wire_bytes(c, arg, list->l.items[i], &item) < 0)
            return -1;
        pv_list_push(c->a, *out, item);
    }
    return 0;
}

/* ---------------------------------------------------------------- ops */

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

static int fn_iterdecode(op_ctx *c)
{
    pv *chunks;
    if (wire_list(c, "iterator", c->argv[0], &chunks) < 0)
        return -1;
    return codecs_iterdecode(c->a, chunks, c->argv[1], c->argv[2], config.max_result_bytes, &c->result,
                             &c->err);
}

static int fn_iterencode(op_ctx *c)
{
    pv *chunks, *res;
    if (wire_list(c, "iterator", c->argv[0], &chunks) < 0 ||
        codecs_iterencode(c->a, chunks, c->argv[1], c->argv[2], config.max_result_bytes, &res, &c->err) < 0)
        return -1;
    c->result = pv_list(c->a, res->l.len);
    for (size_t i = 0; i < res->l.len; i++)
        pv_list_push(c->a, c->result, py_wire_bytes_out(c->a, res->l.items[i]));
    return 0;
}

/* escape_encode / escape_decode: (bytes, consumed) as [{"$bytes": ...}, consumed] */
static int escape_op(op_ctx *c, bool decode)
{
    pv *data, *res;
    if (op_wire_bytes(c, "data", c->argv[0], &data) < 0)
        return -1;
    int rc = decode ? codecs_escape_decode(c->a, data, c->argv[1], config.max_result_bytes, &res, &c->err)
                    : codecs_escape_encode(c->a, data, c->argv[1], config.max_result_bytes, &res, &c->err);
    if (rc < 0)
        return -1;
    c->result = pv_tuple(c->a, 2);
    pv_list_push(c->a, c->result, py_wire_bytes_out(c->a, res->l.items[0]));
    pv_list_push(c->a, c->result, res->l.items[1]);
    return 0;
}

static int fn_escape_encode(op_ctx *c)
{
    return escape_op(c, false);
}

static int fn_escape_decode(op_ctx *c)
{
    return escape_op(c, true);
}

#define HANDLERS                                                                                             \
    "error handler: strict, ignore, replace, backslashreplace, xmlcharrefreplace, namereplace, "             \
    "surrogateescape, "                                                                                      \
    "surrogatepass"
#define BYTES_REF OP_BYTES_SCHEMA

static const op_arg encode_args[] = {{"obj", A_STR, 0, NULL, "the str to encode", NULL},
                                     {"encoding", A_STR, 0, "\"utf-8\"",
                                      "codec name or alias (utf-8, latin1, cp1252, gbk, shift_jis, ...)",
                                      NULL},
                                     {"errors", A_STR, 0, "\"strict\"", HANDLERS, NULL},
                                     {0}};

static const op_arg decode_args[] = {
    {"obj", A_BYTES, 0, NULL, "the bytes to decode, base64", NULL},
    {"encoding", A_STR, 0, "\"utf-8\"", "codec name or alias", NULL},
    {"errors", A_STR, 0, "\"strict\"",
     "error handler: strict, ignore, replace, backslashreplace, surrogateescape, surrogatepass", NULL},
    {0}};

static const op_arg lookup_args[] = {{"encoding", A_STR, 0, NULL, "codec name or alias", NULL}, {0}};

static const op_arg iterdecode_args[] = {
    {"iterator", A_LIST, 0, NULL,
     "the chunks, each {\"$bytes\": \"<base64>\"} (another value gets the decoder's TypeError)",
     "{\"items\": " BYTES_REF "}"},
    {"encoding", A_STR, 0, NULL, "a text codec's name or alias", NULL},
    {"errors", A_STR, 0, "\"strict\"", HANDLERS, NULL},
    {0}};

static const op_arg iterencode_args[] = {{"iterator", A_LIST, 0, NULL,
                                          "the str chunks (another value: what the encoder makes of it)",
                                          "{\"items\": {\"type\": \"string\"}}"},
                                         {"encoding", A_STR, 0, NULL, "a text codec's name or alias", NULL},
                                         {"errors", A_STR, 0, "\"strict\"", HANDLERS, NULL},
                                         {0}};

static const op_arg escape_encode_args[] = {
    {"data", A_ANY, 0, NULL, "bytes as {\"$bytes\": \"<base64>\"}", "{\"allOf\": [" BYTES_REF "]}"},
    {"errors", A_STR, ARG_NULLABLE, "null", "not used (checked as a str)", NULL},
    {0}};

static const op_arg escape_decode_args[] = {
    {"data", A_ANY, 0, NULL, "bytes as {\"$bytes\": \"<base64>\"}, or a str (read as UTF-8)", NULL},
    {"errors", A_STR, ARG_NULLABLE, "null", "for a bad \\x escape: strict (null), replace or ignore", NULL},
    {0}};

#define ESCAPE_RESULT                                                                                        \
    "{\"type\": \"array\", \"prefixItems\": [" BYTES_REF ", {\"type\": \"integer\"}], \"minItems\": 2, "     \
    "\"maxItems\": 2}"

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
    {"iterdecode", fn_iterdecode, iterdecode_args, OP_GET,
     "list(codecs.iterdecode(iterator, encoding, errors)) -> the non-empty str outputs",
     "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}",
     "{\"iterator\": [{\"$bytes\": \"5pc=\"}, {\"$bytes\": \"peacrA==\"}], \"encoding\": \"utf-8\"}"},
    {"iterencode", fn_iterencode, iterencode_args, OP_GET,
     "list(codecs.iterencode(iterator, encoding, errors)) -> the non-empty bytes outputs",
     "{\"type\": \"array\", \"items\": " BYTES_REF "}",
     "{\"iterator\": [\"\\u65e5\\u672c\", \"\\u8a9e\"], \"encoding\": \"iso2022_jp\"}"},
    {"escape_encode", fn_escape_encode, escape_encode_args, OP_GET,
     "codecs.escape_encode(data, errors) -> [bytes, len(data)]", ESCAPE_RESULT,
     "{\"data\": {\"$bytes\": \"J2EnCv8=\"}}"},
    {"escape_decode", fn_escape_decode, escape_decode_args, OP_GET,
     "codecs.escape_decode(data, errors) -> [bytes, len(data)]", ESCAPE_RESULT,
     "{\"data\": {\"$bytes\": \"XHg0MVxuXDc3Nw==\"}}"},
    {0}};

const pystd_module pystd_module_codecs = {
    .name = "codecs",
    .doc = "str.encode / bytes.decode with CPython's codecs, incremental and escape codecs",
    .ops = ops,
};
