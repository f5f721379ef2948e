/* The file sandbox's reads and atomic writes (fs_sandbox.h, fs_int.h):
 * io/read with its text decoding, the streaming writer (temporary file,
 * fsync, rename over the target) and one-shot writes, the per-path writer
 * locks, and the store's byte accounting against --max-store-size. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/config.h"
#include "fs/fs_int.h"
#include "py/py_oserror.h"
#include "text/utf8.h"

/* ---------------------------------------------------------------- accounting */

static pthread_mutex_t store_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t store_bytes; /* guarded by store_mu */

uint64_t fs_store_bytes(void)
{
    pthread_mutex_lock(&store_mu);
    int64_t v = store_bytes;
    pthread_mutex_unlock(&store_mu);
    return v > 0 ? (uint64_t)v : 0;
}

int fs_account(arena *a, int64_t delta, py_err *e)
{
    size_t quota;
    if (fs_tenant_account(delta, true, &quota) < 0)
        return py_limit(e, a, "the data store would exceed %zu bytes", quota);
    pthread_mutex_lock(&store_mu);
    if (delta > 0 && (uint64_t)(store_bytes + delta) > config.max_store_bytes) {
        pthread_mutex_unlock(&store_mu);
        fs_tenant_account(-delta, false, &quota);
        return py_limit(e, a, "the data store would exceed %zu bytes", config.max_store_bytes);
    }
    store_bytes += delta;
    pthread_mutex_unlock(&store_mu);
    return 0;
}

void fs_account_force(int64_t delta)
{
    size_t quota;
    fs_tenant_account(delta, false, &quota);
    pthread_mutex_lock(&store_mu);
    store_bytes += delta;
    pthread_mutex_unlock(&store_mu);
}

uint64_t fs_scan_store(int dir, int depth)
{
    if (depth > 256)
        return 0;
    int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return 0;
    }
    uint64_t total = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue;
        if (S_ISREG(st.st_mode)) {
            total += (uint64_t)st.st_size;
        } else if (S_ISDIR(st.st_mode)) {
            int sub = openat(dirfd(d), de->d_name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0) {
                total += fs_scan_store(sub, depth + 1);
                close(sub);
            }
        }
    }
    closedir(d);
    return total;
}

/* ---------------------------------------------------------------- writer locks */

#define NLOCKS 64
static pthread_mutex_t path_locks[NLOCKS] = {[0 ... NLOCKS - 1] = PTHREAD_MUTEX_INITIALIZER};

/* The lock between processes: pystd replicas may share one --data-dir.
 * flock() on the target's directory (an fd of our own: flock locks belong
 * to the open file, so a second fd conflicts even in this process, and
 * renaming a file over the target would leave a lock on the target itself
 * behind).  Taken after the path's mutex, released by closing the fd; -1
 * when the directory cannot be opened (then only the mutex holds). */
static int dir_lock(int parent)
{
    int fd = openat(parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while (flock(fd, LOCK_EX) < 0)
        if (errno != EINTR) {
            close(fd);
            return -1;
        }
    return fd;
}

static void dir_unlock(int fd)
{
    if (fd >= 0)
        close(fd);
}

static pthread_mutex_t *lock_for(const fs_resolved *p)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a of the resolved path */
    for (size_t i = 0; i < p->keylen; i++)
        h = (h ^ (unsigned char)p->key[i]) * 1099511628211ULL;
    return &path_locks[h % NLOCKS];
}

/* ---------------------------------------------------------------- reading */

static int decode_error(arena *a, const char *s, size_t n, size_t i, py_err *e)
{
    size_t errlen;
    const char *reason;
    utf8_valid_at(s, n, i, &errlen, &reason);
    if (errlen <= 1)
        py_raise(e, a, "UnicodeDecodeError", "'utf-8' codec can't decode byte 0x%02x in position %zu: %s",
                 (unsigned char)s[i], i, reason);
    else
        py_raise(e, a, "UnicodeDecodeError", "'utf-8' codec can't decode bytes in position %zu-%zu: %s", i,
                 i + errlen - 1, reason);
    py_err_extra(e, a, "encoding", pv_cstr(a, "utf-8"));
    py_err_extra(e, a, "start", pv_int(a, (int64_t)i));
    py_err_extra(e, a, "end", pv_int(a, (int64_t)(i + (errlen ? errlen : 1))));
    py_err_extra(e, a, "reason", pv_cstr(a, reason));
    return -1;
}

/* UTF-8 (strict) with universal newlines, as open(path, 'r', encoding='utf-8').read(). */
static int decode_text(arena *a, const char *s, size_t n, pv **out, py_err *e)
{
    char *o = arena_alloc(a, n + 1);
    size_t k = 0, i = 0, ncp = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '\r') {
                o[k++] = '\n';
                i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            } else {
                o[k++] = (char)c;
                i++;
            }
            ncp++;
            continue;
        }
        size_t errlen;
        const char *reason;
        size_t len = utf8_valid_at(s, n, i, &errlen, &reason);
        if (!len)
            return decode_error(a, s, n, i, e);
        memcpy(o + k, s + i, len);
        k += len;
        i += len;
        ncp++;
    }
    *out = pv_str_take_n(a, o, k, ncp);
    return 0;
}

static const char *last(const fs_resolved *p)
{
    return p->part[p->nparts - 1];
}

int fs_read(arena *a, const char *path, size_t n, bool binary, pv **out, py_err *e)
{
    fs_resolved p;
    if (fs_resolve(a, path, n, &p, e) < 0)
        return -1;
    int rc = -1, fd = -1;
    if (p.is_root) {
        fs_oserr(a, &p, EISDIR, e); /* open() of a directory */
        goto done;
    }
    if (fs_pending(a, &p, e) < 0)
        goto done;
    fd = openat(p.parent, last(&p), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        fs_oserr(a, &p, errno, e);
        goto done;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        fs_oserr(a, &p, errno, e);
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        fs_oserr(a, &p, EISDIR, e);
        goto done;
    }
    if (!S_ISREG(st.st_mode)) { /* a FIFO or device would block or never end: refused */
        fs_oserr(a, &p, EACCES, e);
        goto done;
    }
    if ((uint64_t)st.st_size > config.max_file_bytes) {
        py_limit(e, a, "file larger than %zu bytes", config.max_file_bytes);
        goto done;
    }
    size_t cap = (size_t)st.st_size, len = 0;
    char *buf = arena_alloc(a, cap + 1);
    for (;;) {
        if (len == cap) { /* the file grew meanwhile: read on, within the cap */
            if (cap >= config.max_file_bytes) {
                char probe;
                ssize_t r = read(fd, &probe, 1);
                if (r > 0) {
                    py_limit(e, a, "file larger than %zu bytes", config.max_file_bytes);
                    goto done;
                }
                break;
            }
            size_t nc = cap ? cap * 2 : 4096;
            if (nc > config.max_file_bytes)
                nc = config.max_file_bytes;
            buf = arena_realloc(a, buf, cap + 1, nc + 1);
            cap = nc;
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            fs_oserr(a, &p, errno, e);
            goto done;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (binary) {
        *out = pv_bytes(a, buf, len);
        rc = 0;
    } else {
        rc = decode_text(a, buf, len, out, e);
    }
done:
    if (fd >= 0)
        close(fd);
    fs_release(&p);
    return rc;
}

/* ---------------------------------------------------------------- writing */

/* What open(path, 'wb') would raise, on a resolved path (pyref's check_writable). */
static int writable(arena *a, const fs_resolved *p, py_err *e)
{
    if (p->is_root)
        return fs_oserr(a, p, EISDIR, e);
    if (fs_pending(a, p, e) < 0)
        return -1;
    if (p->last_err == 0 && S_ISDIR(p->st.st_mode))
        return fs_oserr(a, p, EISDIR, e);
    if (p->last_err && p->last_err != ENOENT)
        return fs_oserr(a, p, p->last_err, e);
    return 0;
}

int fs_check_writable(arena *a, const char *path, size_t n, py_err *e)
{
    fs_resolved p;
    if (fs_resolve(a, path, n, &p, e) < 0)
        return -1;
    int rc = writable(a, &p, e);
    fs_release(&p);
    return rc;
}

struct fs_writer {
    arena *a;
    fs_resolved p;
    int fd;
    bool unnamed;     /* O_TMPFILE: no name until linked */
    char tmp[64];     /* the temporary name once it has one */
    uint64_t size;    /* bytes written */
    int64_t credit;   /* size of the file it replaces (when opened) */
    int64_t reserved; /* bytes reserved in the store's account: growth beyond credit */
    int dirlock;      /* dir_lock's fd while held (fs_write_file), else -1 */
};

static atomic_ulong tmp_counter;

static void tmp_name(char *buf, size_t n)
{
    snprintf(buf, n, ".pystd-tmp-%ld-%lu", (long)getpid(), atomic_fetch_add(&tmp_counter, 1) + 1);
}

static int open_temp(fs_writer *w)
{
    w->fd = openat(w->p.parent, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (w->fd >= 0) {
        w->unnamed = true;
        return 0;
    }
    for (int tries = 0; tries < 100; tries++) {
        tmp_name(w->tmp, sizeof w->tmp);
        w->fd = openat(w->p.parent, w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (w->fd >= 0)
            return 0;
        if (errno != EEXIST)
            break;
    }
    w->tmp[0] = '\0';
    return -1;
}

/* Give an O_TMPFILE file a (temporary) name in its directory. */
static int link_temp(fs_writer *w)
{
    for (int tries = 0; tries < 100; tries++) {
        tmp_name(w->tmp, sizeof w->tmp);
        if (linkat(w->fd, "", w->p.parent, w->tmp, AT_EMPTY_PATH) == 0)
            return 0;
        if (errno != EEXIST) {
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/self/fd/%d", w->fd);
            if (linkat(AT_FDCWD, proc, w->p.parent, w->tmp, AT_SYMLINK_FOLLOW) == 0)
                return 0;
            if (errno != EEXIST)
                break;
        }
    }
    w->tmp[0] = '\0';
    return -1;
}

static void writer_free(fs_writer *w)
{
    if (w->fd >= 0)
        close(w->fd);
    if (w->tmp[0])
        unlinkat(w->p.parent, w->tmp, 0);
    if (w->reserved)
        fs_account_force(-w->reserved);
    dir_unlock(w->dirlock);
    fs_release(&w->p);
    free(w);
}

static fs_writer *writer_open(arena *a, const char *path, size_t n, pthread_mutex_t **held, py_err *e)
{
    fs_writer *w = calloc(1, sizeof *w);
    if (!w) {
        py_limit(e, a, "out of memory");
        return NULL;
    }
    w->a = a;
    w->fd = -1;
    w->dirlock = -1;
    if (fs_resolve(a, path, n, &w->p, e) < 0) {
        free(w);
        return NULL;
    }
    if (held) {
        *held = lock_for(&w->p);
        pthread_mutex_lock(*held);
        if (w->p.parent >= 0)
            w->dirlock = dir_lock(w->p.parent); /* other processes too, until writer_free */
        /* resolve again under the locks: the target may have changed meanwhile */
        fs_release(&w->p);
        if (fs_resolve(a, path, n, &w->p, e) < 0) {
            pthread_mutex_unlock(*held);
            dir_unlock(w->dirlock);
            free(w);
            return NULL;
        }
    }
    int rc = writable(a, &w->p, e);
    if (rc == 0 && open_temp(w) < 0)
        rc = fs_oserr(a, &w->p, errno, e);
    if (rc < 0) {
        if (held)
            pthread_mutex_unlock(*held);
        writer_free(w);
        return NULL;
    }
    if (w->p.last_err == 0 && S_ISREG(w->p.st.st_mode))
        w->credit = (int64_t)w->p.st.st_size;
    return w;
}

fs_writer *fs_writer_open(arena *a, const char *path, size_t n, py_err *e)
{
    return writer_open(a, path, n, NULL, e);
}

int fs_writer_write(fs_writer *w, const void *data, size_t len, py_err *e)
{
    if (w->size + len > config.max_file_bytes)
        return py_limit(e, w->a, "file larger than %zu bytes", config.max_file_bytes);
    int64_t grow = (int64_t)(w->size + len) - w->credit - w->reserved;
    if (grow > 0) {
        if (fs_account(w->a, grow, e) < 0)
            return -1;
        w->reserved += grow;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t r = write(w->fd, p, left);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return fs_oserr(w->a, &w->p, errno, e);
        }
        p += r;
        left -= (size_t)r;
    }
    w->size += len;
    return 0;
}

/* fsync, keep the old file's permission bits, rename over the target,
 * fsync the directory.  The caller holds the path's lock when appending. */
static int writer_finish(fs_writer *w, py_err *e)
{
    arena *a = w->a;
    if (fsync(w->fd) < 0)
        return fs_oserr(a, &w->p, errno, e);
    struct stat old;
    bool have_old = fstatat(w->p.parent, last(&w->p), &old, AT_SYMLINK_NOFOLLOW) == 0;
    if (have_old && S_ISLNK(old.st_mode))
        return fs_oserr(a, &w->p, ELOOP, e);
    if (have_old && S_ISDIR(old.st_mode))
        return fs_oserr(a, &w->p, EISDIR, e);
    if (have_old && fchmod(w->fd, old.st_mode & 07777) < 0)
        return fs_oserr(a, &w->p, errno, e);
    if (w->unnamed && link_temp(w) < 0)
        return fs_oserr(a, &w->p, errno, e);
    if (renameat(w->p.parent, w->tmp, w->p.parent, last(&w->p)) < 0)
        return fs_oserr(a, &w->p, errno, e);
    w->tmp[0] = '\0'; /* it is the target now */
    int64_t replaced = have_old && S_ISREG(old.st_mode) && old.st_nlink <= 1 ? (int64_t)old.st_size : 0;
    fs_account_force((int64_t)w->size - replaced - w->reserved);
    w->reserved = 0; /* settled */
    int dfd = openat(w->p.parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

int fs_writer_commit(fs_writer *w, py_err *e)
{
    pthread_mutex_t *mu = lock_for(&w->p);
    pthread_mutex_lock(mu);
    int lk = w->p.parent >= 0 ? dir_lock(w->p.parent) : -1;
    int rc = writer_finish(w, e);
    dir_unlock(lk);
    pthread_mutex_unlock(mu);
    writer_free(w);
    return rc;
}

void fs_writer_abort(fs_writer *w)
{
    writer_free(w);
}

int fs_write_file(arena *a, const char *path, size_t n, const void *data, size_t len, bool append, py_err *e)
{
    pthread_mutex_t *held = NULL;
    fs_writer *w = writer_open(a, path, n, &held, e);
    if (!w)
        return -1;
    int rc = -1;
    if (append && w->p.last_err == 0) {
        /* the old content goes first (read under the lock: appends never get lost) */
        if ((uint64_t)w->p.st.st_size + len > config.max_file_bytes) {
            py_limit(e, a, "file larger than %zu bytes", config.max_file_bytes);
            goto out;
        }
        int fd = openat(w->p.parent, last(&w->p), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            fs_oserr(a, &w->p, errno, e);
            goto out;
        }
        char buf[65536];
        for (;;) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                fs_oserr(a, &w->p, errno, e);
                close(fd);
                goto out;
            }
            if (r == 0)
                break;
            if (fs_writer_write(w, buf, (size_t)r, e) < 0) {
                close(fd);
                goto out;
            }
        }
        close(fd);
    }
    if (fs_writer_write(w, data, len, e) < 0)
        goto out;
    rc = writer_finish(w, e);
out:
    pthread_mutex_unlock(held);
    writer_free(w);
    return rc;
}
