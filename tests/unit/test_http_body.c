/* server/http_body.c: a request body in the heap while small, in a mapping
 * once large, and the spare mappings kept for the next large bodies -- their
 * pages stay on the process memory account while they wait (admission must
 * see them), go back to it when a body takes one or the trimmer unmaps it,
 * and a spare the account has no room for is unmapped at once. */
#include <check.h>

#include "testkit.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/budget.h"
#include "base/config.h"
#include "http_body.h"

#define MIB ((size_t)1 << 20)

static size_t pages(size_t n)
{
    size_t ps = (size_t)sysconf(_SC_PAGESIZE);
    return (n + ps - 1) / ps * ps;
}

/* A body of n bytes, announced (expect) as n, written 64 KiB at a time. */
static void fill(http_body *b, size_t n, char c)
{
    static char chunk[65536];
    memset(chunk, c, sizeof chunk);
    for (size_t done = 0; done < n;) {
        size_t k = n - done < sizeof chunk ? n - done : sizeof chunk;
        size_t grown;
        ck_assert_int_eq(http_body_append(b, chunk, k, n, &grown), 0);
        done += k;
    }
    ck_assert_uint_eq(http_body_len(b), n);
    ck_assert_int_eq(http_body_data(b)[n - 1], c);
}

START_TEST(small_body_in_the_heap)
{
    http_body b = {STRBUF_INIT, NULL, 0, 0, 0};
    fill(&b, 1000, 'x');
    ck_assert_ptr_null(b.map);
    size_t used = budget_process_used();
    http_body_free(&b);
    ck_assert_uint_eq(budget_process_used(), used); /* no spare: nothing stays charged */
}
END_TEST

START_TEST(spare_charged_while_it_waits)
{
    http_body_spare_trim(true);
    size_t used0 = budget_process_used();
    http_body b = {STRBUF_INIT, NULL, 0, 0, 0};
    fill(&b, MIB, 'a');
    ck_assert_ptr_nonnull(b.map);
    http_body_free(&b); /* kept as a spare: its written pages charged */
    ck_assert_uint_eq(budget_process_used() - used0, pages(MIB + 1));

    http_body c = {STRBUF_INIT, NULL, 0, 0, 0};
    fill(&c, MIB / 2, 'b'); /* takes the spare: its charge goes back */
    ck_assert_uint_eq(budget_process_used(), used0);
    http_body_free(&c); /* the spare again, with every page ever written */
    ck_assert_uint_eq(budget_process_used() - used0, pages(MIB + 1));

    http_body_spare_trim(false); /* used since the last trim: kept */
    ck_assert_uint_eq(budget_process_used() - used0, pages(MIB + 1));
    http_body_spare_trim(false); /* unused for a period: unmapped, uncharged */
    ck_assert_uint_eq(budget_process_used(), used0);
}
END_TEST

START_TEST(no_spare_without_room)
{
    http_body_spare_trim(true);
    size_t used0 = budget_process_used(), max = config.max_memory;
    config.max_memory = used0 + MIB / 4; /* no room for the body's pages */
    http_body b = {STRBUF_INIT, NULL, 0, 0, 0};
    fill(&b, MIB, 'c');
    http_body_free(&b);
    ck_assert_uint_eq(budget_process_used(), used0);
    config.max_memory = max;
    http_body c = {STRBUF_INIT, NULL, 0, 0, 0};
    fill(&c, MIB, 'd'); /* a fresh mapping: none was kept */
    http_body_free(&c);
    http_body_spare_trim(true);
    ck_assert_uint_eq(budget_process_used(), used0);
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "http_body"}), small_body_in_the_heap, spare_charged_while_it_waits,
             no_spare_without_room)
