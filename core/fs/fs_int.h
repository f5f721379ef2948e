/* Internals shared by fs_sandbox.c (resolution, directory operations) and
 * fs_io.c (reads, atomic writes, accounting).  Not an API. */
#ifndef PYSTD_FS_INT_H
#define PYSTD_FS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "fs/fs_sandbox.h"

#define FS_PATH_MAX 4096 /* the kernel's PATH_MAX: a longer real path is ENAMETOOLONG */

typedef struct fs_resolved {
    const char *client; /* the client's spelling, for error messages */
    size_t clen;
    size_t nparts;
    char **part; /* encoded file-system names (bytes), NUL-terminated */
    size_t *plen;
    const char *key; /* "/a/b": the resolved path as a str (locks, positions) */
    size_t keylen;
    bool is_root;
    int parent;        /* O_PATH fd of the last part's directory, or -1 */
    bool parent_owned; /* parent is not the root fd: close it */
    int walk_err;      /* errno that stopped the walk of the parent directories */
    bool toolong;      /* the real path is >= PATH_MAX bytes */
    bool enc_bad;      /* a part cannot be encoded: enc_err holds UnicodeEncodeError */
    py_err enc_err;
    int last_err; /* fstatat errno of the last part (0: it exists, st is valid) */
    struct stat st;
} fs_resolved;

extern int fs_root_fd; /* O_PATH fd of the data root */
extern size_t fs_root_len; /* bytes of the real data root path (for PATH_MAX) */

/* The calling thread's root (fs_tenant.h): its tenant's, else the data root. */
typedef struct fs_root_info {
    int fd;
    size_t len; /* bytes of its real path */
} fs_root_info;
fs_root_info fs_cur_root(void);

/* Lexical resolution and the symlink-refusing walk.  -1 for what pyref's
 * _real raises before the operation: ValueError (NUL), FileNotFoundError
 * (''), OSError ELOOP. */
int fs_resolve(arena *a, const char *p, size_t n, fs_resolved *out, py_err *e);
void fs_release(fs_resolved *p);
/* The error the operation itself would meet before touching the last part:
 * UnicodeEncodeError, ENAMETOOLONG, the walk's errno; 0 if none. */
int fs_pending(arena *a, const fs_resolved *p, py_err *e);
/* OSError(errnum) named with the client's spelling. */
int fs_oserr(arena *a, const fs_resolved *p, int errnum, py_err *e);

/* Accounting of the store's bytes (fs_io.c). */
/* (both: the calling thread's tenant, if any, and the whole store) */
int fs_account(arena *a, int64_t delta, py_err *e); /* reserve (checks the caps when > 0) */
void fs_account_force(int64_t delta);               /* release / external change, no check */
/* The tenant's part of them (fs_tenant.c): 0, or -1 over its quota. */
int fs_tenant_account(int64_t delta, bool check, size_t *quota);
void fs_tenant_fini(void);
uint64_t fs_scan_store(int dir, int depth);

#endif
