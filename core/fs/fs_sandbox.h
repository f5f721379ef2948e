/* The file sandbox: every client path names something under the data root
 * (--data-dir), read as if that root were '/'.  Rules (pyref/modules/py_os.py):
 *
 *  - A client path is resolved lexically: split on '/', '' and '.' parts
 *    dropped, '..' pops one part but never above the root.  '' names nothing
 *    (FileNotFoundError); a NUL is ValueError('embedded null byte').
 *  - No symbolic link is ever followed: an existing symlink anywhere on the
 *    path (the last part included) is OSError ELOOP.  Resolution walks the
 *    path one component at a time from an fd of the root with
 *    openat(O_PATH|O_NOFOLLOW) and every operation is an *at() call on the
 *    parent's fd, so nothing outside the root can be named, reached or
 *    followed, whatever happens concurrently (no check-then-use window).
 *  - Errors are Python's OSError subclasses with the client's own spelling
 *    as filename (and filename2 for rename/replace).  rmdir/rename/replace of
 *    the root are EBUSY; remove('/') and writing '/' are EISDIR.
 *  - Writes are atomic: a temporary file in the target's directory
 *    (O_TMPFILE when the file system has it), fsync, rename over the target
 *    (keeping its permission bits), fsync of the directory.  Readers and a
 *    crash see the old or the new content, never a part.  Writers to one
 *    path are serialised, so appends are never lost or interleaved.
 *  - Caps: config.max_file_bytes per file, config.max_store_bytes for
 *    the sum of all regular files -> 422 ResourceLimitError.
 *
 * Paths are stored-str UTF-8 (lone surrogates U+DC80..DCFF are the raw
 * bytes 0x80..0xFF of a file name, as os.fsencode's surrogateescape).
 * Everything returned lives in the arena `a`.  Thread-safe after fs_init. */
#ifndef PYSTD_FS_SANDBOX_H
#define PYSTD_FS_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "py/py_err.h"
#include "py/py_value.h"

/* Create the data root if needed (like makedirs), open it, total the store.
 * Returns 0, or -1 with a message in errbuf. */
int fs_init(const char *data_dir, char *errbuf, size_t errlen);
void fs_fini(void);
/* Bytes of regular files in the store, as accounted. */
uint64_t fs_store_bytes(void);

typedef struct fs_stat {
    int64_t size;
    double mtime, atime, ctime; /* seconds, as os.stat's st_mtime ... (float) */
    uint32_t mode;
    uint64_t ino, dev; /* samefile */
} fs_stat;

int fs_listdir(arena *a, const char *path, size_t n, pv **out, py_err *e);
int fs_mkdir(arena *a, const char *path, size_t n, py_err *e);
int fs_makedirs(arena *a, const char *path, size_t n, bool exist_ok, py_err *e);
int fs_remove(arena *a, const char *path, size_t n, py_err *e);
int fs_rmdir(arena *a, const char *path, size_t n, py_err *e);
/* os.rename / os.replace (the same on POSIX). */
int fs_rename(arena *a, const char *src, size_t sn, const char *dst, size_t dn, py_err *e);
int fs_stat_path(arena *a, const char *path, size_t n, fs_stat *st, py_err *e);
bool fs_exists(arena *a, const char *path, size_t n);
bool fs_isfile(arena *a, const char *path, size_t n);
bool fs_isdir(arena *a, const char *path, size_t n);
/* os.path.realpath(path, strict=strict) with the store as '/' and '/' as the
 * current directory (fs_realpath.c): posixpath's walk, each part's lstat
 * being fs_stat_path (symlinks are never followed: one on the path is
 * OSError ELOOP even when not strict). */
int fs_realpath(arena *a, const pv *path, bool strict, pv **out, py_err *e);

/* io/read: the file's bytes (binary) or its text (UTF-8, strict, universal
 * newlines) as open(path, 'rb' / 'r').read() gives them. */
int fs_read(arena *a, const char *path, size_t n, bool binary, pv **out, py_err *e);

/* --- writing (io/write and urllib.request.urlretrieve) --- */

/* Raise what open(path, 'wb') would raise, without creating anything. */
int fs_check_writable(arena *a, const char *path, size_t n, py_err *e);
/* Replace (append = false) or extend (append = true) the file at the client
 * path with `len` bytes, atomically, under the caps. */
int fs_write_file(arena *a, const char *path, size_t n, const void *data, size_t len, bool append, py_err *e);

/* Streaming form, for downloads: open checks the path like
 * fs_check_writable and creates an unnamed temporary file beside the
 * target; write appends (ResourceLimitError past the caps); commit fsyncs
 * and renames it over the target atomically; abort discards it.  After
 * commit or abort the writer is gone (always call exactly one of them). */
typedef struct fs_writer fs_writer;
fs_writer *fs_writer_open(arena *a, const char *path, size_t n, py_err *e);
int fs_writer_write(fs_writer *w, const void *data, size_t len, py_err *e);
int fs_writer_commit(fs_writer *w, py_err *e);
void fs_writer_abort(fs_writer *w);

#endif
