/* Tenants of the file sandbox: each has its own root inside the data root
 * (<data-dir>/tenants/<name>, created on first use) and its own quota, and
 * sees that root as '/': what fs_sandbox.h resolves, reads and writes is
 * under the calling thread's tenant (fs_tenant_use), or under the data root
 * itself when it has none.  A tenant's writes count against its quota and
 * against --max-store-size (the whole data root) both.
 *
 * Tenants are never freed before fs_fini (at most FS_MAX_TENANTS). */
#ifndef PYSTD_FS_TENANT_H
#define PYSTD_FS_TENANT_H

#include <stddef.h>
#include <stdint.h>

#define FS_MAX_TENANTS 4096

typedef struct fs_tenant fs_tenant;

/* The tenant `name` (a valid file name: no '/', not '.' or '..'), created
 * if needed, with `quota` bytes of files; NULL with a message in err. */
fs_tenant *fs_tenant_open(const char *name, size_t quota, char *err, size_t errlen);
/* The calling thread's files are t's from now on (NULL: the data root);
 * returns the one it had. */
fs_tenant *fs_tenant_use(fs_tenant *t);
/* Bytes of regular files a tenant holds, as accounted. */
uint64_t fs_tenant_bytes(const fs_tenant *t);

#endif
