/* core/fs/fs_*.c on a scratch data root: lexical resolution, escape
 * attempts (.., absolute, symlinks planted inside the root pointing outside,
 * including on the last component and in the middle), errors with the
 * client's spelling, atomic writes, caps, the streaming writer, tenants
 * (each its own root and quota, none reaching another's files). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "fs/fs_sandbox.h"
#include "fs/fs_tenant.h"
#include "testkit.h"

static arena *A;
static char base[256], root[300], outside[300];

static void sh(const char *fmt, const char *arg)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, fmt, arg);
    ck_assert_int_eq(system(cmd), 0);
}

static void setup(void)
{
    A = arena_new();
    snprintf(base, sizeof base, "/tmp/pystd-sbx-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(base));
    snprintf(root, sizeof root, "%s/data", base);
    snprintf(outside, sizeof outside, "%s/outside", base);
    ck_assert_int_eq(mkdir(outside, 0755), 0);
    char p[400];
    snprintf(p, sizeof p, "%s/secret", outside);
    FILE *f = fopen(p, "w");
    fputs("secret", f);
    fclose(f);
    char err[256];
    ck_assert_int_eq(fs_init(root, err, sizeof err), 0); /* creates the root */
}

static void teardown(void)
{
    fs_fini();
    sh("rm -rf '%s'", base);
    arena_free(A);
}

/* The outside directory holds exactly 'secret' with its content. */
static void outside_untouched(void)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s')\" = secret && test \"$(cat '%s/secret')\" = secret",
             outside, outside);
    ck_assert_msg(system(cmd) == 0, "something outside the root changed");
}

#define P(s) s, strlen(s)

static void expect_err(int rc, py_err *e, const char *type, const char *msg)
{
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(e->type, type);
    ck_assert_str_eq(e->msg, msg);
}

START_TEST(test_lexical_resolution)
{
    py_err e;
    pv *r;
    ck_assert_int_eq(fs_mkdir(A, P("/a"), &e), 0);
    ck_assert_int_eq(fs_write_file(A, P("a/f"), "v", 1, false, &e), 0);
    const char *spellings[] = {"/a/f",  "a/f",    "/../a/f",    "../../a/f", "x/../../a/f",
                               "/a//f", "/a/./f", "/a/zz/../f", "/a/f/",     "/a/f/."};
    for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++) {
        ck_assert_int_eq(fs_read(A, P(spellings[i]), true, &r, &e), 0);
        ck_assert_int_eq(r->s.len, 1);
    }
    expect_err(fs_read(A, P(""), false, &r, &e), &e, "FileNotFoundError",
               "[Errno 2] No such file or directory: ''");
    expect_err(fs_read(A, "a\0b", 3, false, &r, &e), &e, "ValueError", "embedded null byte");
    expect_err(fs_read(A, P("/../../etc/passwd"), false, &r, &e), &e, "FileNotFoundError",
               "[Errno 2] No such file or directory: '/../../etc/passwd'");
    ck_assert(!fs_exists(A, P("/etc/passwd")));
    expect_err(fs_rmdir(A, P("/.."), &e), &e, "OSError", "[Errno 16] Device or resource busy: '/..'");
    expect_err(fs_remove(A, P("/"), &e), &e, "IsADirectoryError", "[Errno 21] Is a directory: '/'");
    expect_err(fs_write_file(A, P("/.."), "x", 1, false, &e), &e, "IsADirectoryError",
               "[Errno 21] Is a directory: '/..'");
    expect_err(fs_rename(A, P("/a"), P("/"), &e), &e, "OSError",
               "[Errno 16] Device or resource busy: '/a' -> '/'");
    /* both the root: EBUSY names them as given (not the later spelling twice) */
    expect_err(fs_rename(A, P(".."), P("/a/.."), &e), &e, "OSError",
               "[Errno 16] Device or resource busy: '..' -> '/a/..'");
    ck_assert_int_eq(fs_listdir(A, P("/../.."), &r, &e), 0);
    ck_assert_int_eq(r->l.len, 1);
    ck_assert_str_eq(r->l.items[0]->s.p, "a");
    outside_untouched();
}
END_TEST

START_TEST(test_symlinks_refused)
{
    py_err e;
    pv *r;
    ck_assert_int_eq(fs_mkdir(A, P("/d"), &e), 0);
    char lnk[400], tgt[400];
    /* planted by "someone" inside the root, pointing outside */
    snprintf(lnk, sizeof lnk, "%s/d/out", root);
    ck_assert_int_eq(symlink(outside, lnk), 0);
    snprintf(lnk, sizeof lnk, "%s/d/file", root);
    snprintf(tgt, sizeof tgt, "%s/secret", outside);
    ck_assert_int_eq(symlink(tgt, lnk), 0);
    snprintf(lnk, sizeof lnk, "%s/up", root);
    ck_assert_int_eq(symlink("..", lnk), 0);
    snprintf(lnk, sizeof lnk, "%s/abs", root);
    ck_assert_int_eq(symlink("/", lnk), 0);
    snprintf(lnk, sizeof lnk, "%s/dangling", root);
    ck_assert_int_eq(symlink("/nonexistent-pystd-target", lnk), 0);
    const char *paths[] = {"/d/out",    "/d/out/secret",      "d/out/new",       "/d/file",
                           "/up",       "/up/outside/secret", "/abs/etc/passwd", "/abs",
                           "/dangling", "/dangling/x"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        const char *p = paths[i];
        char msg[200];
        snprintf(msg, sizeof msg, "[Errno 40] Too many levels of symbolic links: '%s'", p);
        expect_err(fs_read(A, P(p), false, &r, &e), &e, "OSError", msg);
        expect_err(fs_read(A, P(p), true, &r, &e), &e, "OSError", msg);
        expect_err(fs_write_file(A, P(p), "pwned", 5, false, &e), &e, "OSError", msg);
        expect_err(fs_write_file(A, P(p), "pwned", 5, true, &e), &e, "OSError", msg);
        expect_err(fs_mkdir(A, P(p), &e), &e, "OSError", msg);
        /* makedirs names the first directory it failed to make (os.makedirs recurses) */
        ck_assert_int_eq(fs_makedirs(A, P(p), true, &e), -1);
        ck_assert_int_eq(pv_dict_getc(e.extra, "errno")->i.v, ELOOP);
        expect_err(fs_remove(A, P(p), &e), &e, "OSError", msg);
        expect_err(fs_rmdir(A, P(p), &e), &e, "OSError", msg);
        expect_err(fs_listdir(A, P(p), &r, &e), &e, "OSError", msg);
        fs_stat st;
        expect_err(fs_stat_path(A, P(p), &st, &e), &e, "OSError", msg);
        ck_assert(!fs_exists(A, P(p)) && !fs_isfile(A, P(p)) && !fs_isdir(A, P(p)));
        char msg2[300];
        snprintf(msg2, sizeof msg2, "[Errno 40] Too many levels of symbolic links: '%s' -> '/new'", p);
        expect_err(fs_rename(A, P(p), P("/new"), &e), &e, "OSError", msg2);
        snprintf(msg2, sizeof msg2, "[Errno 40] Too many levels of symbolic links: '/d' -> '%s'", p);
        expect_err(fs_rename(A, P("/d"), P(p), &e), &e, "OSError", msg2);
        ck_assert_ptr_null(fs_writer_open(A, P(p), &e));
        ck_assert_int_eq(fs_check_writable(A, P(p), &e), -1);
    }
    /* the links themselves are still there, unchanged; nothing outside moved */
    struct stat st;
    snprintf(lnk, sizeof lnk, "%s/d/file", root);
    ck_assert_int_eq(lstat(lnk, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    outside_untouched();
}
END_TEST

START_TEST(test_errors_name_the_client_path)
{
    py_err e;
    pv *r;
    expect_err(fs_mkdir(A, P("/x/y"), &e), &e, "FileNotFoundError",
               "[Errno 2] No such file or directory: '/x/y'");
    ck_assert_int_eq(fs_write_file(A, P("/f"), "abc", 3, false, &e), 0);
    expect_err(fs_mkdir(A, P("//f"), &e), &e, "FileExistsError", "[Errno 17] File exists: '//f'");
    expect_err(fs_mkdir(A, P("/f/sub"), &e), &e, "NotADirectoryError",
               "[Errno 20] Not a directory: '/f/sub'");
    expect_err(fs_listdir(A, P("/f"), &r, &e), &e, "NotADirectoryError", "[Errno 20] Not a directory: '/f'");
    ck_assert_int_eq(e.extra != NULL, 1);
    ck_assert_int_eq(pv_dict_getc(e.extra, "errno")->i.v, ENOTDIR);
    ck_assert_str_eq(pv_dict_getc(e.extra, "filename")->s.p, "/f");
    expect_err(fs_rename(A, P("/nope"), P("/f2"), &e), &e, "FileNotFoundError",
               "[Errno 2] No such file or directory: '/nope' -> '/f2'");
    ck_assert_str_eq(pv_dict_getc(e.extra, "filename2")->s.p, "/f2");
    ck_assert_int_eq(fs_makedirs(A, P("/m/n/o"), false, &e), 0);
    expect_err(fs_makedirs(A, P("/m/n/o"), false, &e), &e, "FileExistsError",
               "[Errno 17] File exists: '/m/n/o'");
    ck_assert_int_eq(fs_makedirs(A, P("/m/n/o/"), true, &e), 0);
    expect_err(fs_rmdir(A, P("/m"), &e), &e, "OSError", "[Errno 39] Directory not empty: '/m'");
    expect_err(fs_read(A, P("/m"), false, &r, &e), &e, "IsADirectoryError",
               "[Errno 21] Is a directory: '/m'");
    ck_assert_int_eq(fs_write_file(A, P("/bad"), "\xff", 1, false, &e), 0);
    expect_err(fs_read(A, P("/bad"), false, &r, &e), &e, "UnicodeDecodeError",
               "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    char name[300];
    memset(name, 'n', 256);
    name[0] = '/';
    name[257] = '\0';
    memset(name + 1, 'n', 256);
    char msg[400];
    snprintf(msg, sizeof msg, "[Errno 36] File name too long: '%s'", name);
    expect_err(fs_mkdir(A, P(name), &e), &e, "OSError", msg);
}
END_TEST

START_TEST(test_listdir_sorted_and_text_read)
{
    py_err e;
    pv *r;
    const char *names[] = {"/b", "/a", "/\xc3\xa9", "/B", "/\xf0\x9d\x84\x9e", "/a b"};
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(fs_write_file(A, P(names[i]), "x", 1, false, &e), 0);
    ck_assert_int_eq(fs_listdir(A, P("/"), &r, &e), 0);
    const char *want[] = {"B", "a", "a b", "b", "\xc3\xa9", "\xf0\x9d\x84\x9e"};
    ck_assert_int_eq(r->l.len, 6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_str_eq(r->l.items[i]->s.p, want[i]);
    ck_assert_int_eq(fs_write_file(A, P("/t"), "a\r\nb\rc\n", 7, false, &e), 0);
    ck_assert_int_eq(fs_read(A, P("/t"), false, &r, &e), 0);
    ck_assert_str_eq(r->s.p, "a\nb\nc\n");
    ck_assert_int_eq(fs_write_file(A, P("/t"), "d", 1, true, &e), 0);
    ck_assert_int_eq(fs_read(A, P("/t"), true, &r, &e), 0);
    ck_assert_int_eq(r->s.len, 8);
    ck_assert(memcmp(r->s.p, "a\r\nb\rc\nd", 8) == 0);
}
END_TEST

START_TEST(test_atomic_write_keeps_mode_and_caps)
{
    py_err e;
    ck_assert_int_eq(fs_write_file(A, P("/m"), "one", 3, false, &e), 0);
    char p[400];
    snprintf(p, sizeof p, "%s/m", root);
    ck_assert_int_eq(chmod(p, 0640), 0);
    ck_assert_int_eq(fs_write_file(A, P("/m"), "two", 3, false, &e), 0);
    struct stat st;
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0640);
    size_t old_file = config.max_file_bytes, old_store = config.max_store_bytes;
    config.max_file_bytes = 10;
    expect_err(fs_write_file(A, P("/big"), "0123456789a", 11, false, &e), &e, "ResourceLimitError",
               "file larger than 10 bytes");
    ck_assert_int_eq(fs_write_file(A, P("/m"), "12345678", 8, true, &e), -1); /* 3 + 8 > 10 */
    ck_assert(!fs_exists(A, P("/big")));
    config.max_file_bytes = old_file;
    uint64_t used = fs_store_bytes();
    ck_assert_int_eq(used, 3);
    config.max_store_bytes = 20;
    ck_assert_int_eq(fs_write_file(A, P("/n"), "0123456789", 10, false, &e), 0); /* 13 */
    ck_assert_int_eq(fs_write_file(A, P("/m"), "0123456789", 10, false, &e), 0); /* replaces 3: 20 */
    ck_assert_int_eq(fs_store_bytes(), 20);
    ck_assert_int_eq(fs_write_file(A, P("/o"), "x", 1, false, &e), -1);
    ck_assert_str_eq(e.type, "ResourceLimitError");
    ck_assert_int_eq(fs_remove(A, P("/n"), &e), 0);
    ck_assert_int_eq(fs_store_bytes(), 10);
    ck_assert_int_eq(fs_rename(A, P("/m"), P("/o"), &e), 0);
    ck_assert_int_eq(fs_store_bytes(), 10);
    config.max_store_bytes = old_store;
    /* no temporary file is left behind */
    pv *r;
    ck_assert_int_eq(fs_listdir(A, P("/"), &r, &e), 0);
    ck_assert_int_eq(r->l.len, 1);
    ck_assert_str_eq(r->l.items[0]->s.p, "o");
}
END_TEST

START_TEST(test_streaming_writer)
{
    py_err e;
    pv *r;
    ck_assert_int_eq(fs_write_file(A, P("/dl"), "old", 3, false, &e), 0);
    fs_writer *w = fs_writer_open(A, P("/dl"), &e);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(fs_writer_write(w, "new ", 4, &e), 0);
    ck_assert_int_eq(fs_read(A, P("/dl"), true, &r, &e), 0); /* readers still see the old file */
    ck_assert_int_eq(r->s.len, 3);
    ck_assert_int_eq(fs_writer_write(w, "content", 7, &e), 0);
    ck_assert_int_eq(fs_writer_commit(w, &e), 0);
    ck_assert_int_eq(fs_read(A, P("/dl"), true, &r, &e), 0);
    ck_assert_int_eq(r->s.len, 11);
    ck_assert_int_eq(fs_store_bytes(), 11);
    w = fs_writer_open(A, P("/dl"), &e);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(fs_writer_write(w, "zzz", 3, &e), 0);
    fs_writer_abort(w);
    ck_assert_int_eq(fs_read(A, P("/dl"), true, &r, &e), 0);
    ck_assert_int_eq(r->s.len, 11);
    ck_assert_int_eq(fs_store_bytes(), 11);
    ck_assert_ptr_null(fs_writer_open(A, P("/nodir/x"), &e));
    ck_assert_str_eq(e.msg, "[Errno 2] No such file or directory: '/nodir/x'");
    ck_assert_int_eq(fs_listdir(A, P("/"), &r, &e), 0);
    ck_assert_int_eq(r->l.len, 1);
}
END_TEST

START_TEST(test_surrogate_names)
{
    py_err e;
    pv *r;
    /* U+DCFF is the raw byte 0xFF (surrogateescape); U+D800 cannot be encoded */
    ck_assert_int_eq(fs_write_file(A, P("/x\xed\xb3\xbf"), "v", 1, false, &e), 0);
    ck_assert_int_eq(fs_listdir(A, P("/"), &r, &e), 0);
    ck_assert_str_eq(r->l.items[0]->s.p, "x\xed\xb3\xbf");
    char p[400];
    snprintf(p, sizeof p, "%s/x\xff", root);
    ck_assert_int_eq(access(p, F_OK), 0);
    expect_err(fs_mkdir(A, P("/a\xed\xa0\x80"), &e), &e, "UnicodeEncodeError",
               "'utf-8' codec can't encode character '\\ud800' in position 2: surrogates not allowed");
    ck_assert(!fs_exists(A, P("/a\xed\xa0\x80")));
}
END_TEST

START_TEST(test_tenants)
{
    py_err e;
    pv *out;
    char err[160];
    fs_tenant *ta = fs_tenant_open("alice", 10, err, sizeof err);
    fs_tenant *tb = fs_tenant_open("bob", 100, err, sizeof err);
    ck_assert_ptr_nonnull(ta);
    ck_assert_ptr_nonnull(tb);
    ck_assert_ptr_eq(fs_tenant_open("alice", 10, err, sizeof err), ta); /* one per name */
    ck_assert_ptr_null(fs_tenant_open("..", 10, err, sizeof err));
    ck_assert_ptr_null(fs_tenant_open("a/b", 10, err, sizeof err));

    ck_assert_ptr_null(fs_tenant_use(ta));
    ck_assert_int_eq(fs_write_file(A, "/f", 2, "alice", 5, false, &e), 0);
    ck_assert_int_eq(fs_write_file(A, "/g", 2, "123456", 6, false, &e), -1); /* 11 > its 10 bytes */
    ck_assert_str_eq(e.type, "ResourceLimitError");
    ck_assert_int_eq(fs_write_file(A, "/../../escape", 13, "x", 1, false, &e), 0); /* '..' stops at its root */
    ck_assert_int_eq(fs_listdir(A, "/", 1, &out, &e), 0);
    ck_assert_uint_eq(out->l.len, 2);
    ck_assert_uint_eq(fs_tenant_bytes(ta), 6);

    ck_assert_ptr_eq(fs_tenant_use(tb), ta);
    ck_assert(!fs_exists(A, "/f", 2));
    ck_assert_int_eq(fs_listdir(A, "/", 1, &out, &e), 0);
    ck_assert_uint_eq(out->l.len, 0);
    ck_assert_int_eq(fs_rename(A, "/f", 2, "/mine", 5, &e), -1);
    ck_assert_int_eq(e.status, 422);
    ck_assert_int_eq(fs_write_file(A, "/g", 2, "123456", 6, false, &e), 0); /* bob's own quota */

    ck_assert_ptr_eq(fs_tenant_use(NULL), tb); /* the data root: both tenants' files, all counted */
    ck_assert(fs_isfile(A, "/tenants/alice/f", 16));
    ck_assert(fs_isfile(A, "/tenants/alice/escape", 21));
    ck_assert(fs_isfile(A, "/tenants/bob/g", 14));
    ck_assert_uint_eq(fs_store_bytes(), 12);
    outside_untouched();
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "sandbox", .timeout = 60, .setup = setup, .teardown = teardown}),
             test_lexical_resolution, test_symlinks_refused, test_errors_name_the_client_path,
             test_listdir_sorted_and_text_read, test_atomic_write_keeps_mode_and_caps, test_streaming_writer,
             test_surrogate_names, test_tenants)
