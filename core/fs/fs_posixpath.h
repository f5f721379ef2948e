/* posixpath (CPython 3.11) on pystd str or bytes values: pure string
 * functions, no file system.  Strings are stored-str UTF-8; '/' and '.' are
 * ASCII and never occur inside a multi-byte sequence, so byte offsets are
 * safe here.  The arguments of one call are all str or all bytes (the
 * caller raises Python's TypeError for a mix), and so is the result.
 * Every result lives in the arena `a`. */
#ifndef PYSTD_FS_POSIXPATH_H
#define PYSTD_FS_POSIXPATH_H

#include <stdbool.h>
#include <stddef.h>

#include "py/py_err.h"
#include "py/py_value.h"

pv *fs_path_join(arena *a, const pv *first, pv *const *rest, size_t n);
pv *fs_path_split(arena *a, const pv *p);    /* (head, tail) tuple */
pv *fs_path_splitext(arena *a, const pv *p); /* (root, ext) tuple */
pv *fs_path_basename(arena *a, const pv *p);
pv *fs_path_dirname(arena *a, const pv *p);
pv *fs_path_normpath(arena *a, const pv *p);
bool fs_path_isabs(const pv *p);
/* abspath against `cwd` (never the process's directory). */
pv *fs_path_abspath(arena *a, const pv *p, const pv *cwd);
/* relpath(path, start or NULL = '.') against `cwd`; ValueError "no path specified". */
int fs_path_relpath(arena *a, const pv *path, const pv *start, const pv *cwd, pv **out, py_err *e);
/* commonpath(paths): ValueError for an empty sequence or a mix of absolute and relative. */
int fs_path_commonpath(arena *a, pv *const *paths, size_t n, pv **out, py_err *e);
/* commonprefix(list): '' (a str) for an empty list. */
pv *fs_path_commonprefix(arena *a, pv *const *items, size_t n);

#endif
