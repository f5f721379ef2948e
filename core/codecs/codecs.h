/* str.encode(encoding, errors), bytes.decode(encoding, errors) and
 * codecs.lookup(encoding) with CPython 3.11's codecs: its name resolution
 * (encodings.aliases, normalisation), its text codecs (UTF-8/16/32 and
 * their -sig/-le/-be forms, ascii, latin-1, the 8-bit charmap codecs, the
 * CJK codecs gb2312, gbk, gb18030, big5, cp950, shift_jis, cp932, euc_jp,
 * euc_kr, cp949), its error handlers (strict, ignore, replace,
 * backslashreplace, xmlcharrefreplace, namereplace, surrogateescape,
 * surrogatepass), looked up only when an error occurs, and its exceptions,
 * message for message (UnicodeEncodeError/UnicodeDecodeError with encoding,
 * start, end, reason as extra fields; LookupError; the "encoding with 'x'
 * codec failed (...)" wrapping of the codec registry path). */
#ifndef PYSTD_CODECS_H
#define PYSTD_CODECS_H

#include <stddef.h>

#include "py/py_err.h"
#include "py/py_value.h"

/* str.encode: `str` is a PV_STR, encoding/errors are PV_STR; the bytes
 * (PV_BYTES) in *out.  Results longer than max_bytes (0: no cap) -> 422
 * ResourceLimitError. */
int codecs_encode(arena *a, const pv *str, const pv *encoding, const pv *errors, size_t max_bytes, pv **out,
                  py_err *err);

/* bytes.decode: `data` is PV_BYTES; the str (PV_STR) in *out. */
int codecs_decode(arena *a, const pv *data, const pv *encoding, const pv *errors, size_t max_bytes, pv **out,
                  py_err *err);

/* codecs.lookup(encoding).name */
int codecs_lookup(arena *a, const pv *encoding, const char **name, py_err *err);

#endif
