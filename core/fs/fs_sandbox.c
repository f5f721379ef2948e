/* The file sandbox (fs_sandbox.h): the data root (fs_init), the
 * resolution of a client path one component at a time under it (no symlink
 * followed), the OSError of a failed call, and the directory operations:
 * listdir, mkdir, makedirs, remove, rmdir, rename/replace, stat, and the
 * exists / isfile / isdir predicates.  Reads and writes are fs_io.c's. */
#include "fs/fs_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/budget.h"
#include "base/config.h"
#include "fs/fs_posixpath.h"
#include "py/py_oserror.h"
#include "text/utf8.h"

int fs_root_fd = -1;
size_t fs_root_len;

/* mkdir -p of the data root (it is the operator's path: symlinks allowed). */
static int mkdirs(const char *path)
{
    char buf[FS_PATH_MAX];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) < 0 && errno != EEXIST)
                return -1;
            buf[i] = c;
        }
    }
    return 0;
}

int fs_init(const char *data_dir, char *errbuf, size_t errlen)
{
    if (mkdirs(data_dir) < 0) {
        snprintf(errbuf, errlen, "cannot create --data-dir %s: %s", data_dir, strerror(errno));
        return -1;
    }
    char *real = realpath(data_dir, NULL);
    if (!real) {
        snprintf(errbuf, errlen, "cannot resolve --data-dir %s: %s", data_dir, strerror(errno));
        return -1;
    }
    fs_root_len = strlen(real);
    int fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
    free(real);
    if (fd < 0) {
        snprintf(errbuf, errlen, "cannot open --data-dir %s: %s", data_dir, strerror(errno));
        return -1;
    }
    if (fs_root_fd >= 0)
        close(fs_root_fd);
    fs_root_fd = fd;
    fs_account_force(-(int64_t)fs_store_bytes());
    fs_account_force((int64_t)fs_scan_store(fd, 0));
    return 0;
}

void fs_fini(void)
{
    fs_tenant_fini();
    if (fs_root_fd >= 0)
        close(fs_root_fd);
    fs_root_fd = -1;
}

int fs_oserr(arena *a, const fs_resolved *p, int errnum, py_err *e)
{
    return py_oserror(e, a, errnum, p->client, p->clen, NULL, 0);
}

/* A str part -> file-system bytes (UTF-8; U+DC80..DCFF -> one raw byte).
 * Returns the code-point index of the first unencodable character, or -1. */
static long encode_part(arena *a, const char *s, size_t n, char **out, size_t *outlen, size_t *run_end)
{
    char *b = arena_alloc(a, n + 1);
    size_t i = 0, k = 0, cp = 0;
    while (i < n) {
        size_t st = i;
        uint32_t c = utf8_next(s, &i);
        if (c >= 0xD800 && c <= 0xDFFF) {
            if (c >= 0xDC80 && c <= 0xDCFF) {
                b[k++] = (char)(c - 0xDC00);
            } else {
                /* the run of surrogates starting here (as the UTF-8 encoder reports it) */
                size_t end = cp + 1, j = i;
                while (j < n) {
                    size_t t = j;
                    uint32_t d = utf8_next(s, &t);
                    if (d < 0xD800 || d > 0xDFFF)
                        break;
                    j = t;
                    end++;
                }
                *run_end = end;
                return (long)cp;
            }
        } else {
            memcpy(b + k, s + st, i - st);
            k += i - st;
        }
        cp++;
    }
    b[k] = '\0';
    *out = b;
    *outlen = k;
    return -1;
}

int fs_resolve(arena *a, const char *p, size_t n, fs_resolved *out, py_err *e)
{
    memset(out, 0, sizeof *out);
    out->client = p;
    out->clen = n;
    out->parent = -1;
    if (memchr(p, '\0', n))
        return py_raise(e, a, "ValueError", "embedded null byte");
    if (n == 0)
        return fs_oserr(a, out, ENOENT, e);
    /* lexical parts */
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += p[i] == '/';
    const char **ps = arena_alloc(a, cap * sizeof *ps);
    size_t *pl = arena_alloc(a, cap * sizeof *pl), np = 0, s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != '/')
            continue;
        size_t len = i - s;
        if (len == 0 || (len == 1 && p[s] == '.')) {
        } else if (len == 2 && p[s] == '.' && p[s + 1] == '.') {
            if (np)
                np--;
        } else {
            ps[np] = p + s;
            pl[np++] = len;
        }
        s = i + 1;
    }
    out->nparts = np;
    out->is_root = np == 0;
    out->part = arena_alloc(a, (np ? np : 1) * sizeof(char *));
    out->plen = arena_alloc(a, (np ? np : 1) * sizeof(size_t));
    strbuf key = STRBUF_INIT;
    if (np == 0)
        strbuf_putc(&key, '/');
    fs_root_info root = fs_cur_root();
    size_t reallen = root.len, bad_part = np, key_cp = 0; /* code points of key before this part */
    for (size_t i = 0; i < np; i++) {
        strbuf_putc(&key, '/');
        size_t base = ++key_cp, run_end = 0; /* counted as it grows: a path of many parts stays linear */
        strbuf_append(&key, ps[i], pl[i]);
        key_cp += utf8_count(ps[i], pl[i]);
        if (bad_part < np)
            continue;
        long bad = encode_part(a, ps[i], pl[i], &out->part[i], &out->plen[i], &run_end);
        if (bad >= 0) {
            bad_part = i;
            /* the position within the resolved path, as if the root were '/' */
            size_t start = base + (size_t)bad, end = base + run_end;
            size_t j = 0, cpi = 0;
            uint32_t c = 0;
            while (j < pl[i] && cpi <= (size_t)bad) {
                c = utf8_next(ps[i], &j);
                cpi++;
            }
            if (end - start == 1)
                py_raise(&out->enc_err, a, "UnicodeEncodeError",
                         "'utf-8' codec can't encode character '\\u%04x' in position %zu: "
                         "surrogates not allowed",
                         c, start);
            else
                py_raise(&out->enc_err, a, "UnicodeEncodeError",
                         "'utf-8' codec can't encode characters in position %zu-%zu: "
                         "surrogates not allowed",
                         start, end - 1);
            py_err_extra(&out->enc_err, a, "encoding", pv_cstr(a, "utf-8"));
            py_err_extra(&out->enc_err, a, "start", pv_int(a, (int64_t)start));
            py_err_extra(&out->enc_err, a, "end", pv_int(a, (int64_t)end));
            py_err_extra(&out->enc_err, a, "reason", pv_cstr(a, "surrogates not allowed"));
            out->enc_bad = true;
            continue;
        }
        reallen += 1 + out->plen[i];
    }
    out->key = arena_strndup(a, key.data, key.len);
    out->keylen = key.len;
    strbuf_free(&key);
    out->toolong = !out->enc_bad && reallen >= FS_PATH_MAX;

    /* the walk: parents must be real directories, nothing may be a symlink */
    int cur = root.fd;
    bool owned = false;
    size_t prefix = root.len;
    out->last_err = ENOENT;
    for (size_t i = 0; i < np; i++) {
        if (i >= bad_part)
            break;
        prefix += 1 + out->plen[i];
        if (prefix >= FS_PATH_MAX) /* lstat of this prefix fails: the check stops here */
            break;
        if (i + 1 < np) {
            int fd = openat(cur, out->part[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) {
                out->walk_err = errno;
                break;
            }
            struct stat st;
            if (fstat(fd, &st) < 0) {
                out->walk_err = errno;
                close(fd);
                break;
            }
            if (S_ISLNK(st.st_mode)) {
                close(fd);
                if (owned)
                    close(cur);
                return fs_oserr(a, out, ELOOP, e);
            }
            if (!S_ISDIR(st.st_mode)) {
                out->walk_err = ENOTDIR;
                close(fd);
                break;
            }
            if (owned)
                close(cur);
            cur = fd;
            owned = true;
        } else {
            out->parent = cur;
            out->parent_owned = owned;
            owned = false;
            if (fstatat(cur, out->part[i], &out->st, AT_SYMLINK_NOFOLLOW) == 0) {
                out->last_err = 0;
                if (S_ISLNK(out->st.st_mode)) {
                    fs_release(out);
                    return fs_oserr(a, out, ELOOP, e);
                }
            } else {
                out->last_err = errno;
            }
        }
    }
    if (owned)
        close(cur);
    if (np == 0) {
        out->parent = root.fd;
        if (fstat(root.fd, &out->st) == 0)
            out->last_err = 0;
    }
    if (!out->enc_bad && !out->toolong && !out->walk_err && out->parent < 0 && np)
        out->walk_err = ENAMETOOLONG; /* stopped by a prefix >= PATH_MAX */
    return 0;
}

void fs_release(fs_resolved *p)
{
    if (p->parent_owned && p->parent >= 0)
        close(p->parent);
    p->parent = -1;
    p->parent_owned = false;
}

int fs_pending(arena *a, const fs_resolved *p, py_err *e)
{
    if (p->enc_bad) {
        *e = p->enc_err;
        return -1;
    }
    if (p->toolong)
        return fs_oserr(a, p, ENAMETOOLONG, e);
    if (p->walk_err)
        return fs_oserr(a, p, p->walk_err, e);
    return 0;
}

static const char *last(const fs_resolved *p)
{
    return p->part[p->nparts - 1];
}

/* --- directory operations --- */

static int cmp_names(const void *x, const void *y)
{
    const pv *a = *(pv *const *)x, *b = *(pv *const *)y;
    size_t n = a->s.len < b->s.len ? a->s.len : b->s.len;
    int c = memcmp(a->s.p, b->s.p, n);
    return c ? c : (a->s.len > b->s.len) - (a->s.len < b->s.len);
}

/* A file-system name -> str (UTF-8, undecodable bytes as U+DC80..DCFF). */
static pv *decode_name(arena *a, const char *s, size_t n)
{
    strbuf b = STRBUF_INIT;
    size_t i = 0;
    while (i < n) {
        size_t errlen;
        const char *reason;
        size_t ok = utf8_valid_at(s, n, i, &errlen, &reason);
        if (ok) {
            strbuf_append(&b, s + i, ok);
            i += ok;
        } else {
            char u[4];
            strbuf_append(&b, u, (size_t)utf8_put(0xDC00 + (unsigned char)s[i], u));
            i++;
        }
    }
    pv *r = pv_str(a, b.data ? b.data : "", b.len);
    strbuf_free(&b);
    return r;
}

int fs_listdir(arena *a, const char *path, size_t n, pv **out, py_err *e)
{
    fs_resolved p;
    if (fs_resolve(a, path, n, &p, e) < 0)
        return -1;
    int rc = -1, fd;
    if (fs_pending(a, &p, e) < 0)
        goto done;
    fd = p.is_root ? openat(fs_cur_root().fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                   : openat(p.parent, last(&p), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        fs_oserr(a, &p, errno, e);
        goto done;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        fs_oserr(a, &p, errno, e);
        close(fd);
        goto done;
    }
    pv *list = pv_list(a, 16);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (list->l.len >= config.max_items) {
            closedir(d);
            py_limit(e, a, "listdir: more than %zu entries", config.max_items);
            goto done;
        }
        pv_list_push(a, list, decode_name(a, de->d_name, strlen(de->d_name)));
    }
    closedir(d);
    qsort(list->l.items, list->l.len, sizeof(pv *), cmp_names);
    *out = list;
    rc = 0;
done:
    fs_release(&p);
    return rc;
}

int fs_mkdir(arena *a, const char *path, size_t n, py_err *e)
{
    fs_resolved p;
    if (fs_resolve(a, path, n, &p, e) < 0)
        return -1;
    int rc = -1;
    if (p.is_root) {
        fs_oserr(a, &p, EEXIST, e);
    } else if (fs_pending(a, &p, e) == 0) {
        if (mkdirat(p.parent, last(&p), 0777) < 0)
            fs_oserr(a, &p, errno, e);
        else
            rc = 0;
    }
    fs_release(&p);
    return rc;
}

/* posixpath.split of p[:n] without copies: every head is a prefix of p,
 * the tail is p[*tail, n). */
static size_t split_head(const char *p, size_t n, size_t *tail)
{
    size_t i = n;
    while (i > 0 && p[i - 1] != '/')
        i--;
    *tail = i;
    size_t k = 0;
    while (k < i && p[k] == '/')
        k++;
    if (k < i) /* not all slashes: head.rstrip('/') */
        while (i > 0 && p[i - 1] == '/')
            i--;
    return i;
}

/* exists() in an arena of its own: makedirs asks it at every level of a
 * long path, and each answer resolves the whole prefix. */
static bool exists_scratch(const char *p, size_t n)
{
    arena *t = arena_new();
    bool r = fs_exists(t, p, n);
    arena_free(t);
    return r;
}

/* os.makedirs, word for word, over the sandbox's exists/mkdir/isdir (as
 * pyref), on prefixes of the path (a level costs no copy of it). */
static int makedirs_rec(arena *a, const char *p, size_t n, bool exist_ok, int depth, py_err *e)
{
    if (depth > 900)
        return py_limit(e, a, "maximum recursion depth exceeded");
    if (budget_expired())
        return budget_error(e, a);
    size_t t, head = split_head(p, n, &t), tail_end = n;
    if (t == n) {
        tail_end = head;
        head = split_head(p, head, &t);
    }
    size_t tail_len = tail_end - t;
    if (head && tail_len && !exists_scratch(p, head)) {
        py_err e2;
        if (makedirs_rec(a, p, head, exist_ok, depth + 1, &e2) < 0 &&
            strcmp(e2.type, "FileExistsError") != 0) {
            *e = e2;
            return -1;
        }
        if (tail_len == 1 && p[t] == '.')
            return 0;
    }
    py_err e3;
    if (fs_mkdir(a, p, n, &e3) < 0) {
        bool oserror = e3.extra && pv_dict_getc(e3.extra, "errno");
        if (!oserror || !exist_ok || !fs_isdir(a, p, n)) {
            *e = e3;
            return -1;
        }
    }
    return 0;
}

int fs_makedirs(arena *a, const char *path, size_t n, bool exist_ok, py_err *e)
{
    return makedirs_rec(a, path, n, exist_ok, 0, e);
}

int fs_remove(arena *a, const char *path, size_t n, py_err *e)
{
    fs_resolved p;
    if (fs_resolve(a, path, n, &p, e) < 0)
        return -1;
    int rc = -1;
    if (p.is_root) {
        fs_oserr(a, &p, EISDIR, e); /* unlink() of a directory */
    } else if (fs_pending(a, &p, e) == 0) {
        struct stat st;
        bool reg = fstatat(p.parent, last(&p), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
        if (unlinkat(p.parent, last(&p), 0) < 0) {
            fs_oserr(a, &p, errno, e);
        } else {
            if (reg && st.st_nlink <= 1)
                fs_account_force(-(int64_t)st.st_size);
            rc = 0;
        }
    }
    fs_release(&p);
    return rc;
}

int fs_rmdir(arena *a, const char *path, size_t n, py_err *e)
{
    fs_resolved p;
    if (fs_resolve(a, path, n, &p, e) < 0)
        return -1;
    int rc = -1;
    if (p.is_root) {
        fs_oserr(a, &p, EBUSY, e);
    } else if (fs_pending(a, &p, e) == 0) {
        if (unlinkat(p.parent, last(&p), AT_REMOVEDIR) < 0)
            fs_oserr(a, &p, errno, e);
        else
            rc = 0;
    }
    fs_release(&p);
    return rc;
}

/* pyref's _rename: an OSError of the resolution (ELOOP, '') names both paths. */
static int retag(py_err *e, arena *a, const char *src, size_t sn, const char *dst, size_t dn)
{
    pv *no = e->extra ? pv_dict_getc(e->extra, "errno") : NULL;
    if (!no || no->kind != PV_INT)
        return -1;
    return py_oserror(e, a, (int)no->i.v, src, sn, dst, dn);
}

int fs_rename(arena *a, const char *src, size_t sn, const char *dst, size_t dn, py_err *e)
{
    fs_resolved s, d;
    if (fs_resolve(a, src, sn, &s, e) < 0)
        return retag(e, a, src, sn, dst, dn);
    if (fs_resolve(a, dst, dn, &d, e) < 0) {
        fs_release(&s);
        return retag(e, a, src, sn, dst, dn);
    }
    /* An error of the rename itself names both with the client spellings; a
     * path resolving like the other takes the later spelling (pyref's name
     * table maps one real path once).  EBUSY for the root is raised before,
     * with the names as given. */
    const char *n1 = src, *n2 = dst;
    size_t l1 = sn, l2 = dn;
    if (s.keylen == d.keylen && !memcmp(s.key, d.key, s.keylen))
        n1 = dst, l1 = dn;
    int rc = -1, err = 0;
    if (s.is_root || d.is_root) {
        err = EBUSY;
        n1 = src, l1 = sn;
    } else if (s.enc_bad) {
        *e = s.enc_err;
        goto done;
    } else if (d.enc_bad) {
        *e = d.enc_err;
        goto done;
    } else if (s.toolong || d.toolong) {
        err = ENAMETOOLONG;
    } else if (s.walk_err) {
        err = s.walk_err;
    } else if (d.walk_err) {
        err = d.walk_err;
    } else {
        struct stat sst, dst_st;
        bool have_src = fstatat(s.parent, last(&s), &sst, AT_SYMLINK_NOFOLLOW) == 0;
        bool replaced = fstatat(d.parent, last(&d), &dst_st, AT_SYMLINK_NOFOLLOW) == 0 &&
                        S_ISREG(dst_st.st_mode) &&
                        !(have_src && sst.st_ino == dst_st.st_ino && sst.st_dev == dst_st.st_dev);
        if (renameat(s.parent, last(&s), d.parent, last(&d)) < 0) {
            err = errno;
        } else {
            if (replaced && dst_st.st_nlink <= 1)
                fs_account_force(-(int64_t)dst_st.st_size);
            rc = 0;
        }
    }
    if (err)
        py_oserror(e, a, err, n1, l1, n2, l2);
done:
    fs_release(&s);
    fs_release(&d);
    return rc;
}

int fs_stat_path(arena *a, const char *path, size_t n, fs_stat *st, py_err *e)
{
    fs_resolved p;
    if (fs_resolve(a, path, n, &p, e) < 0)
        return -1;
    int rc = -1;
    if (fs_pending(a, &p, e) == 0) {
        if (p.last_err) {
            fs_oserr(a, &p, p.last_err, e);
        } else {
            st->size = (int64_t)p.st.st_size;
            st->mtime = (double)p.st.st_mtim.tv_sec + 1e-9 * (double)p.st.st_mtim.tv_nsec;
            st->atime = (double)p.st.st_atim.tv_sec + 1e-9 * (double)p.st.st_atim.tv_nsec;
            st->ctime = (double)p.st.st_ctim.tv_sec + 1e-9 * (double)p.st.st_ctim.tv_nsec;
            st->mode = (uint32_t)p.st.st_mode;
            st->ino = (uint64_t)p.st.st_ino;
            st->dev = (uint64_t)p.st.st_dev;
            rc = 0;
        }
    }
    fs_release(&p);
    return rc;
}

static int stat_mode(arena *a, const char *path, size_t n, mode_t *mode)
{
    fs_stat st;
    py_err e;
    if (fs_stat_path(a, path, n, &st, &e) < 0)
        return -1;
    *mode = st.mode;
    return 0;
}

bool fs_exists(arena *a, const char *path, size_t n)
{
    mode_t m;
    return stat_mode(a, path, n, &m) == 0;
}

bool fs_isfile(arena *a, const char *path, size_t n)
{
    mode_t m;
    return stat_mode(a, path, n, &m) == 0 && S_ISREG(m);
}

bool fs_isdir(arena *a, const char *path, size_t n)
{
    mode_t m;
    return stat_mode(a, path, n, &m) == 0 && S_ISDIR(m);
}
