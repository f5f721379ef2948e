/* JSON <-> Python values with CPython's json semantics.  jansson cannot do
 * this (ints beyond 64 bits, Python's float repr, NaN literals, duplicate-key
 * order, JSONDecodeError positions), so pystd has its own codec here, used
 * for request bodies, responses and the json module alike. */
#ifndef PYSTD_JSON_H
#define PYSTD_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "py/py_err.h"
#include "py/py_value.h"

typedef enum json_errmode {
    JSON_ERR_BODY, /* a request body: 400 BadRequest "body is not valid JSON: ..." */
    JSON_ERR_PY,   /* json.loads: 422 json.decoder.JSONDecodeError with msg/pos/lineno/colno */
} json_errmode;

/* json.loads' parse_int, parse_float and parse_constant: which literals a
 * hook makes the value of. */
typedef enum json_hook_kind {
    JSON_HOOK_INT = 1,      /* an integer literal ("-12") */
    JSON_HOOK_FLOAT = 2,    /* a number with a fraction or an exponent ("1.5e3") */
    JSON_HOOK_CONSTANT = 4, /* "NaN", "Infinity", "-Infinity" */
} json_hook_kind;

typedef struct json_read_opts json_read_opts;
/* The value of a literal (its text: len bytes of ASCII), as the scanner
 * calls the hook when it meets the literal (so a hook's error comes before
 * any later syntax error); 0, or -1 with *err set. */
typedef int (*json_hook_fn)(const json_read_opts *o, json_hook_kind kind, const char *text, size_t len,
                            pv **out, py_err *err);

struct json_read_opts {
    json_errmode errmode;
    int max_depth;         /* nesting of arrays/objects; deeper -> 400 (body) / 422 ResourceLimitError */
    size_t max_int_digits; /* longer integer literals -> 422 ResourceLimitError; 0 = no cap (not checked
                              for literals a hook takes) */
    unsigned hook_kinds;   /* the json_hook_kind bits `hook` takes; 0 = none */
    json_hook_fn hook;
    void *hook_data; /* for the hook */
};

/* Parse `len` bytes of stored-str UTF-8 (see utf8.h) as Python's json.loads
 * does.  Values are allocated in `a`. */
int json_parse(arena *a, const char *text, size_t len, const json_read_opts *o, pv **out, py_err *err);

typedef struct json_write_opts {
    bool ensure_ascii;
    bool allow_nan;     /* false: ValueError on nan/inf (json.dumps) */
    bool nan_as_string; /* envelope: nan/inf become "NaN", "Infinity", "-Infinity" */
    bool sort_keys;
    bool skipkeys;               /* (keys are always str here; kept for completeness) */
    bool escape_lone_surrogates; /* output must be valid UTF-8 (the envelope) */
    bool bytes_base64;           /* envelope: bytes as base64 strings; else TypeError */
    const char *indent;          /* NULL: no newlines; else the indent unit (may be "") */
    size_t indent_len;
    const char *item_sep; /* NULL: "," with indent, ", " without */
    size_t item_sep_len;
    const char *key_sep; /* NULL: ": " */
    size_t key_sep_len;
    int max_depth;         /* 0: no cap; deeper -> 422 ResourceLimitError (RecursionError) */
    size_t max_int_digits; /* 0: no cap; longer ints -> 422 ResourceLimitError */
    size_t max_bytes;      /* 0: no cap; a longer output -> 422 ResourceLimitError */
} json_write_opts;

/* The envelope's writer: compact, UTF-8, NaN as strings, bytes as base64. */
extern const json_write_opts JSON_ENVELOPE;

/* Appends v to out.  With indent != NULL the errors are those of Python's
 * pure-Python encoder (json.dumps with indent), else of its C encoder. */
int json_write(strbuf *out, const pv *v, const json_write_opts *o, arena *a, py_err *err);
/* The written text as a str value in `a` (out is emptied and freed); ascii:
 * it was written with ensure_ascii (its code points need no count). */
pv *json_str_result(arena *a, strbuf *out, bool ascii);
/* About the bytes json_write writes for v in compact form (the envelope's
 * escapes; bytes at their own size, what max_result_bytes caps): what
 * a result built item by item adds to the response.  Stops counting once
 * past `stop`. */
size_t json_size_estimate(const pv *v, size_t stop);
/* A JSON string literal of stored-str UTF-8 (with the quotes). */
void json_write_str(strbuf *out, const char *s, size_t n, bool ensure_ascii, bool escape_surrogates);

#endif
