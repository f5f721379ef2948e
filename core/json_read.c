/* The decoder follows CPython 3.11's Modules/_json.c scanner step by step,
 * so that every error names the same message and position.  Positions are
 * kept as byte offsets while scanning and turned into code-point offsets
 * only when an error is reported. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"

typedef struct reader {
    arena *a;
    const char *s;
    size_t len;
    const json_read_opts *o;
    py_err *err;
    int depth;
    /* StopIteration(pos) of the Python scanner: "Expecting value" at pos. */
    bool stop;
    size_t stop_pos;
} reader;

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t skip_ws(const reader *r, size_t i)
{
    while (i < r->len && is_ws(r->s[i]))
        i++;
    return i;
}

/* raise JSONDecodeError(msg, doc, pos) -- pos given in bytes */
static int fail(reader *r, const char *msg, size_t bpos)
{
    size_t pos = utf8_count(r->s, bpos);
    if (r->o->errmode == JSON_ERR_BODY)
        return py_bad_request(r->err, r->a, "body is not valid JSON: %s at position %zu", msg, pos);
    size_t line = 1, lastnl = 0;
    bool seen = false;
    for (size_t i = 0; i < bpos; i++)
        if (r->s[i] == '\n')
            line++, lastnl = i, seen = true;
    size_t col = seen ? pos - utf8_count(r->s, lastnl) : pos + 1;
    py_raise(r->err, r->a, "json.decoder.JSONDecodeError", "%s: line %zu column %zu (char %zu)", msg,
             line, col, pos);
    py_err_extra(r->err, r->a, "msg", pv_cstr(r->a, msg));
    py_err_extra(r->err, r->a, "pos", pv_int(r->a, (int64_t)pos));
    py_err_extra(r->err, r->a, "lineno", pv_int(r->a, (int64_t)line));
    py_err_extra(r->err, r->a, "colno", pv_int(r->a, (int64_t)col));
    return -1;
}

static int stop_iteration(reader *r, size_t pos)
{
    r->stop = true;
    r->stop_pos = pos;
    return -1;
}

/* At least k code points start at byte i. */
static bool has_chars(const reader *r, size_t i, size_t k)
{
    while (k > 0) {
        if (i >= r->len)
            return false;
        size_t j = i;
        utf8_next(r->s, &j);
        i = j;
        k--;
    }
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at byte i (all known to exist as code points). */
static long hex4(const reader *r, size_t i)
{
    long c = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hexval(r->s[i + k]);
        if (h < 0)
            return -1;
        c = (c << 4) | h;
    }
    return c;
}

/* scanstring: `end` is just past the opening quote. */
static int scan_string(reader *r, size_t end, pv **out, size_t *next_out)
{
    const size_t begin = end - 1;
    const char *s = r->s;
    /* Fast path: no escape before the closing quote. */
    size_t next = end;
    while (next < r->len) {
        unsigned char c = (unsigned char)s[next];
        if (c == '"' || c == '\\')
            break;
        if (c <= 0x1f)
            return fail(r, "Invalid control character at", next);
        next++;
    }
    if (next >= r->len)
        return fail(r, "Unterminated string starting at", begin);
    if (s[next] == '"') {
        *out = pv_str(r->a, s + end, next - end);
        *next_out = next + 1;
        return 0;
    }
    strbuf b = STRBUF_INIT;
    for (;;) {
        unsigned char c = 0;
        for (next = end; next < r->len; next++) {
            c = (unsigned char)s[next];
            if (c == '"' || c == '\\')
                break;
            if (c <= 0x1f) {
                sb_free(&b);
                return fail(r, "Invalid control character at", next);
            }
        }
        if (next >= r->len) {
            sb_free(&b);
            return fail(r, "Unterminated string starting at", begin);
        }
        sb_append(&b, s + end, next - end);
        next++;
        if (c == '"') {
            end = next;
            break;
        }
        if (next == r->len) {
            sb_free(&b);
            return fail(r, "Unterminated string starting at", begin);
        }
        c = (unsigned char)s[next];
        uint32_t cp;
        if (c != 'u') {
            end = next + 1;
            switch (c) {
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case '/': cp = '/'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            default:
                sb_free(&b);
                return fail(r, "Invalid \\escape", end - 2);
            }
        } else {
            next++;
            /* end = next + 4; if (end >= len) error at next - 1 */
            if (!has_chars(r, next, 5)) {
                sb_free(&b);
                return fail(r, "Invalid \\uXXXX escape", next - 1);
            }
            long v = hex4(r, next);
            if (v < 0) {
                sb_free(&b);
                return fail(r, "Invalid \\uXXXX escape", next - 1);
            }
            cp = (uint32_t)v;
            end = next + 4;
            /* A high surrogate joins a following \uDC00..\uDFFF: needs
             * end + 6 < len, i.e. 7 more code points. */
            if (cp >= 0xD800 && cp <= 0xDBFF && has_chars(r, end, 7) && s[end] == '\\' &&
                s[end + 1] == 'u') {
                long v2 = hex4(r, end + 2);
                if (v2 < 0) {
                    /* Python reports end - 5 after end += 6: the second 'u'. */
                    sb_free(&b);
                    return fail(r, "Invalid \\uXXXX escape", end + 1);
                }
                if (v2 >= 0xDC00 && v2 <= 0xDFFF) {
                    cp = 0x10000 + (((cp - 0xD800) << 10) | ((uint32_t)v2 - 0xDC00));
                    end += 6;
                }
            }
        }
        char enc[4];
        sb_append(&b, enc, (size_t)utf8_put(cp, enc));
    }
    *out = pv_str(r->a, b.data ? b.data : "", b.len);
    sb_free(&b);
    *next_out = end;
    return 0;
}

static int scan_once(reader *r, size_t idx, pv **out, size_t *next);

static int enter(reader *r, size_t idx)
{
    if (r->o->max_depth > 0 && r->depth >= r->o->max_depth) {
        if (r->o->errmode == JSON_ERR_BODY)
            return py_bad_request(r->err, r->a, "body is not valid JSON: nested too deeply");
        (void)idx;
        return py_limit(r->err, r->a, "maximum recursion depth exceeded while decoding a JSON document"
                        " (nesting deeper than %d)", r->o->max_depth);
    }
    r->depth++;
    return 0;
}

static int parse_object(reader *r, size_t idx, pv **out, size_t *next_out)
{
    pv *d = pv_dict(r->a, 0);
    idx = skip_ws(r, idx);
    if (idx >= r->len || r->s[idx] != '}') {
        for (;;) {
            if (idx >= r->len || r->s[idx] != '"')
                return fail(r, "Expecting property name enclosed in double quotes", idx);
            pv *key = NULL, *val = NULL;
            size_t next = 0;
            if (scan_string(r, idx + 1, &key, &next) < 0)
                return -1;
            idx = skip_ws(r, next);
            if (idx >= r->len || r->s[idx] != ':')
                return fail(r, "Expecting ':' delimiter", idx);
            idx = skip_ws(r, idx + 1);
            if (scan_once(r, idx, &val, &next) < 0)
                return -1;
            pv_dict_set(r->a, d, key, val);
            idx = skip_ws(r, next);
            if (idx < r->len && r->s[idx] == '}')
                break;
            if (idx >= r->len || r->s[idx] != ',')
                return fail(r, "Expecting ',' delimiter", idx);
            idx = skip_ws(r, idx + 1);
        }
    }
    *out = d;
    *next_out = idx + 1;
    return 0;
}

static int parse_array(reader *r, size_t idx, pv **out, size_t *next_out)
{
    pv *l = pv_list(r->a, 0);
    idx = skip_ws(r, idx);
    if (idx >= r->len || r->s[idx] != ']') {
        for (;;) {
            pv *val = NULL;
            size_t next = 0;
            if (scan_once(r, idx, &val, &next) < 0)
                return -1;
            pv_list_push(r->a, l, val);
            idx = skip_ws(r, next);
            if (idx < r->len && r->s[idx] == ']')
                break;
            if (idx >= r->len || r->s[idx] != ',')
                return fail(r, "Expecting ',' delimiter", idx);
            idx = skip_ws(r, idx + 1);
        }
    }
    *out = l;
    *next_out = idx + 1;
    return 0;
}

static int match_number(reader *r, size_t start, pv **out, size_t *next_out)
{
    const char *s = r->s;
    size_t idx = start, end_idx = r->len - 1;
    bool is_float = false;
    if (s[idx] == '-') {
        idx++;
        if (idx > end_idx)
            return stop_iteration(r, start);
    }
    if (s[idx] >= '1' && s[idx] <= '9') {
        idx++;
        while (idx <= end_idx && is_digit(s[idx]))
            idx++;
    } else if (s[idx] == '0') {
        idx++;
    } else {
        return stop_iteration(r, start);
    }
    if (idx < end_idx && s[idx] == '.' && is_digit(s[idx + 1])) {
        is_float = true;
        idx += 2;
        while (idx <= end_idx && is_digit(s[idx]))
            idx++;
    }
    if (idx < end_idx && (s[idx] == 'e' || s[idx] == 'E')) {
        size_t e_start = idx;
        idx++;
        if (idx < end_idx && (s[idx] == '-' || s[idx] == '+'))
            idx++;
        while (idx <= end_idx && is_digit(s[idx]))
            idx++;
        if (is_digit(s[idx - 1]))
            is_float = true;
        else
            idx = e_start;
    }
    size_t n = idx - start;
    if (is_float) {
        char small[64];
        char *buf = n < sizeof small ? small : arena_alloc(r->a, n + 1);
        memcpy(buf, s + start, n);
        buf[n] = '\0';
        *out = pv_float(r->a, strtod(buf, NULL)); /* correctly rounded; overflow -> inf */
    } else {
        size_t digits = n - (s[start] == '-');
        if (r->o->max_int_digits && digits > r->o->max_int_digits)
            return py_limit(r->err, r->a, "integer of %zu digits exceeds the limit of %zu digits",
                            digits, r->o->max_int_digits);
        *out = pv_int_parse(r->a, s + start, n);
    }
    *next_out = idx;
    return 0;
}

static bool lit(const reader *r, size_t idx, const char *word, size_t n)
{
    return r->len - idx >= n && memcmp(r->s + idx, word, n) == 0;
}

static int scan_once(reader *r, size_t idx, pv **out, size_t *next)
{
    if (idx >= r->len)
        return stop_iteration(r, idx);
    int rc;
    switch (r->s[idx]) {
    case '"':
        return scan_string(r, idx + 1, out, next);
    case '{':
        if (enter(r, idx) < 0)
            return -1;
        rc = parse_object(r, idx + 1, out, next);
        r->depth--;
        return rc;
    case '[':
        if (enter(r, idx) < 0)
            return -1;
        rc = parse_array(r, idx + 1, out, next);
        r->depth--;
        return rc;
    case 'n':
        if (lit(r, idx, "null", 4)) {
            *out = pv_none();
            *next = idx + 4;
            return 0;
        }
        break;
    case 't':
        if (lit(r, idx, "true", 4)) {
            *out = pv_bool(true);
            *next = idx + 4;
            return 0;
        }
        break;
    case 'f':
        if (lit(r, idx, "false", 5)) {
            *out = pv_bool(false);
            *next = idx + 5;
            return 0;
        }
        break;
    case 'N':
        if (lit(r, idx, "NaN", 3)) {
            *out = pv_float(r->a, __builtin_nan(""));
            *next = idx + 3;
            return 0;
        }
        break;
    case 'I':
        if (lit(r, idx, "Infinity", 8)) {
            *out = pv_float(r->a, __builtin_inf());
            *next = idx + 8;
            return 0;
        }
        break;
    case '-':
        if (lit(r, idx, "-Infinity", 9)) {
            *out = pv_float(r->a, -__builtin_inf());
            *next = idx + 9;
            return 0;
        }
        break;
    default:
        break;
    }
    return match_number(r, idx, out, next);
}

int json_parse(arena *a, const char *text, size_t len, const json_read_opts *o, pv **out,
               py_err *err)
{
    reader r = {.a = a, .s = text, .len = len, .o = o, .err = err};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        return fail(&r, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    size_t idx = skip_ws(&r, 0), end = 0;
    if (scan_once(&r, idx, out, &end) < 0) {
        if (r.stop)
            return fail(&r, "Expecting value", r.stop_pos);
        return -1;
    }
    end = skip_ws(&r, end);
    if (end != len)
        return fail(&r, "Extra data", end);
    return 0;
}
