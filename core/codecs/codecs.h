/* str.encode(encoding, errors), bytes.decode(encoding, errors),
 * codecs.lookup(encoding), codecs.iterencode / iterdecode and
 * codecs.escape_encode / escape_decode with CPython 3.11's codecs: its name
 * resolution (encodings.aliases, normalisation), every text codec of its
 * encodings package (UTF-7/8/16/32 and their -sig/-le/-be forms, ascii,
 * latin-1, the 8-bit charmap codecs, the CJK codecs, the ISO-2022 family,
 * hz, unicode_escape, punycode, idna...), its error handlers (strict, ignore, replace,
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

/* list(codecs.iterdecode(chunks, encoding, errors)): `chunks` is a PV_LIST
 * of the values given (PV_BYTES for bytes; any other value gets the error
 * the codec's IncrementalDecoder raises for it, when its turn comes); the
 * list of str (PV_STR) in *out.  The non-text codecs are 422
 * NotImplementedError; max_bytes caps the output of all chunks. */
int codecs_iterdecode(arena *a, const pv *chunks, const pv *encoding, const pv *errors, size_t max_bytes,
                      pv **out, py_err *err);

/* list(codecs.iterencode(chunks, encoding, errors)): items PV_STR (any other
 * value as the IncrementalEncoder takes it); the list of PV_BYTES in *out. */
int codecs_iterencode(arena *a, const pv *chunks, const pv *encoding, const pv *errors, size_t max_bytes,
                      pv **out, py_err *err);

/* codecs.escape_encode(data, errors) and codecs.escape_decode(data, errors):
 * the tuple (PV_LIST with tuple set) of the bytes and the length consumed;
 * `data` any value (escape_encode takes bytes, escape_decode str or bytes,
 * with CPython's TypeError otherwise); errors NULL for None. */
int codecs_escape_encode(arena *a, const pv *data, const pv *errors, size_t max_bytes, pv **out, py_err *err);
int codecs_escape_decode(arena *a, const pv *data, const pv *errors, size_t max_bytes, pv **out, py_err *err);

#endif
