/* Tenants of the file sandbox (fs_tenant.h): their roots under
 * <data-dir>/tenants/, the calling thread's tenant, and each one's byte
 * account against its quota. */
#include "fs/fs_tenant.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs_int.h"

#define TENANTS_DIR "tenants"

struct fs_tenant {
    char name[80];
    int fd;     /* O_PATH fd of its root */
    size_t len; /* bytes of its root's real path */
    size_t quota;
    int64_t bytes; /* guarded by mu */
    pthread_mutex_t mu;
};

static fs_tenant tenants[FS_MAX_TENANTS]; /* [0, ntenants) are complete; appended under open_mu */
static _Atomic size_t ntenants;
static pthread_mutex_t open_mu = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local fs_tenant *current;

fs_root_info fs_cur_root(void)
{
    fs_tenant *t = current;
    return t ? (fs_root_info){t->fd, t->len} : (fs_root_info){fs_root_fd, fs_root_len};
}

fs_tenant *fs_tenant_use(fs_tenant *t)
{
    fs_tenant *was = current;
    current = t;
    return was;
}

uint64_t fs_tenant_bytes(const fs_tenant *t)
{
    pthread_mutex_lock((pthread_mutex_t *)&t->mu);
    int64_t v = t->bytes;
    pthread_mutex_unlock((pthread_mutex_t *)&t->mu);
    return v > 0 ? (uint64_t)v : 0;
}

int fs_tenant_account(int64_t delta, bool check, size_t *quota)
{
    fs_tenant *t = current;
    if (!t)
        return 0;
    *quota = t->quota;
    pthread_mutex_lock(&t->mu);
    if (check && delta > 0 && (uint64_t)(t->bytes + delta) > t->quota) {
        pthread_mutex_unlock(&t->mu);
        return -1;
    }
    t->bytes += delta;
    pthread_mutex_unlock(&t->mu);
    return 0;
}

static fs_tenant *find(const char *name)
{
    size_t n = atomic_load(&ntenants);
    for (size_t i = 0; i < n; i++)
        if (strcmp(tenants[i].name, name) == 0)
            return &tenants[i];
    return NULL;
}

/* mkdir + open of one directory under dir, refusing a symlink. */
static int open_dir(int dir, const char *name)
{
    if (mkdirat(dir, name, 0777) < 0 && errno != EEXIST)
        return -1;
    return openat(dir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

fs_tenant *fs_tenant_open(const char *name, size_t quota, char *err, size_t errlen)
{
    fs_tenant *t = find(name);
    if (t)
        return t;
    size_t nl = strlen(name);
    if (nl == 0 || nl >= sizeof t->name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
        snprintf(err, errlen, "tenant name %s cannot be a directory name", name);
        return NULL;
    }
    pthread_mutex_lock(&open_mu);
    t = find(name);
    size_t n = atomic_load(&ntenants);
    if (!t && n >= FS_MAX_TENANTS) {
        snprintf(err, errlen, "more than %d tenants", FS_MAX_TENANTS);
    } else if (!t) {
        int dir = open_dir(fs_root_fd, TENANTS_DIR);
        int fd = dir < 0 ? -1 : open_dir(dir, name);
        int e = errno;
        if (dir >= 0)
            close(dir);
        if (fd < 0) {
            snprintf(err, errlen, "cannot open the tenant's directory %s/%s: %s", TENANTS_DIR, name,
                     strerror(e));
        } else {
            t = &tenants[n];
            memcpy(t->name, name, nl + 1);
            t->fd = fd;
            t->len = fs_root_len + sizeof TENANTS_DIR + 1 + nl;
            t->quota = quota;
            t->bytes = (int64_t)fs_scan_store(fd, 0);
            pthread_mutex_init(&t->mu, NULL);
            atomic_store(&ntenants, n + 1);
        }
    }
    pthread_mutex_unlock(&open_mu);
    return t;
}

void fs_tenant_fini(void)
{
    pthread_mutex_lock(&open_mu);
    size_t n = atomic_load(&ntenants);
    for (size_t i = 0; i < n; i++) {
        close(tenants[i].fd);
        pthread_mutex_destroy(&tenants[i].mu);
        memset(tenants[i].name, 0, sizeof tenants[i].name);
    }
    atomic_store(&ntenants, 0);
    pthread_mutex_unlock(&open_mu);
}
