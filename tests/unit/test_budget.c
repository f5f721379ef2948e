/* core/base/budget and the strbuf ceiling: the thread-local current budget
 * (nesting, deadline, sticky trips and their errors), the process memory
 * account charged by arenas and buffers, a strbuf's max (sticky overflow,
 * appends become no-ops, the budget names the cap).  Also built under
 * ThreadSanitizer (-DPYSTD_TSAN=ON): threads charge and release at once. */
#include <check.h>

#include "testkit.h"
#include <pthread.h>
#include <time.h>

#include "base/arena.h"
#include "base/budget.h"
#include "base/config.h"
#include "base/strbuf.h"

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A buffer capped at max by --max-result-bytes. */
static strbuf capped(size_t max)
{
    strbuf sb;
    strbuf_init_max(&sb, max, "--max-result-bytes");
    return sb;
}

/* n times "0123456789" (stops early once the budget is spent when `checked`). */
static void fill(strbuf *sb, int n, bool checked)
{
    for (int i = 0; i < n && !(checked && budget_expired()); i++)
        strbuf_append(sb, "0123456789", 10);
}

/* budget_error() for the current budget: its status, and its message is msg. */
static int error_is(const char *msg)
{
    arena *a = arena_new();
    py_err e = {0};
    ck_assert_int_eq(budget_error(&e, a), -1);
    ck_assert_str_eq(e.msg, msg);
    int status = e.status;
    arena_free(a);
    return status;
}

/* Calls budget_expired() until it is true, at most `max` times: how many. */
static long calls_until_expired(long max)
{
    for (long i = 1; i <= max; i++)
        if (budget_expired())
            return i;
    return -1;
}

START_TEST(no_budget_is_unlimited)
{
    ck_assert_ptr_null(budget_current());
    ck_assert(!budget_expired());
    budget_trip_size("--max-result-bytes", 10); /* nothing current: nothing to trip */
    ck_assert(!budget_expired());
    size_t before = budget_process_used();
    ck_assert(budget_charge(100));
    ck_assert_uint_eq(budget_process_used(), before + 100);
    budget_release(100);
    ck_assert_uint_eq(budget_process_used(), before);
}
END_TEST

START_TEST(begin_end_nest)
{
    budget outer, inner;
    budget_begin(&outer, 0);
    ck_assert_ptr_eq(budget_current(), &outer);
    budget_begin(&inner, 0);
    ck_assert_ptr_eq(budget_current(), &inner);
    ck_assert_uint_ne(inner.serial, outer.serial);
    budget_end(&inner);
    ck_assert_ptr_eq(budget_current(), &outer);
    budget_end(&outer);
    ck_assert_ptr_null(budget_current());
}
END_TEST

START_TEST(deadline_trips_after_it_passes)
{
    budget b;
    budget_begin(&b, 0.02);
    ck_assert(!budget_expired());
    ck_assert_int_eq(b.tripped, BUDGET_OK);
    sleep_ms(40);
    /* the clock is read once every BUDGET_TICK calls */
    long n = calls_until_expired(10L * BUDGET_TICK);
    ck_assert_int_gt(n, 0);
    ck_assert_int_le(n, BUDGET_TICK);
    ck_assert_int_eq(b.tripped, BUDGET_TIME);
    ck_assert(budget_expired()); /* sticky */
    ck_assert_int_eq(error_is("request exceeded --max-request-seconds (0.02 s)"), 422);
    budget_end(&b);
}
END_TEST

START_TEST(no_deadline_never_expires)
{
    budget b;
    budget_begin(&b, 0);
    ck_assert_int_eq(calls_until_expired(5L * BUDGET_TICK), -1);
    budget_end(&b);
    budget_begin(&b, -1);
    ck_assert_int_eq(calls_until_expired(5L * BUDGET_TICK), -1);
    budget_end(&b);
}
END_TEST

START_TEST(first_trip_wins)
{
    budget b;
    budget_begin(&b, 0);
    budget_trip_size("--max-items", 7);
    budget_trip_size("--max-result-bytes", 9);
    ck_assert(budget_expired());
    ck_assert_int_eq(b.tripped, BUDGET_SIZE);
    ck_assert_int_eq(error_is("result exceeds --max-items (7)"), 422);
    budget_end(&b);
}
END_TEST

/* --max-memory set to leave `room` bytes for requests; b begun; the old value. */
static size_t begin_with_room(budget *b, size_t room)
{
    size_t saved = config.max_memory;
    config.max_memory = budget_process_used() + room;
    budget_begin(b, 0);
    return saved;
}

START_TEST(memory_account)
{
    size_t base = budget_process_used();
    budget b;
    size_t saved = begin_with_room(&b, 1000);
    ck_assert(budget_charge(600));
    ck_assert_uint_eq(b.mem, 600);
    ck_assert(!budget_expired());
    ck_assert(!budget_charge(600)); /* crosses: charged anyway, tripped */
    ck_assert_uint_eq(budget_process_used(), base + 1200);
    ck_assert(budget_expired());
    ck_assert_int_eq(b.tripped, BUDGET_MEMORY);
    char msg[128];
    snprintf(msg, sizeof msg, "the server is short of memory (--max-memory %zu bytes); retry later",
             base + 1000);
    ck_assert_int_eq(error_is(msg), 429);
    budget_release(200);
    ck_assert_uint_eq(b.mem, 1000);
    budget_end(&b); /* gives back all the rest */
    ck_assert_uint_eq(budget_process_used(), base);
    config.max_memory = saved;
}
END_TEST

START_TEST(arena_growth_is_charged_and_given_back)
{
    size_t base = budget_process_used();
    budget b;
    budget_begin(&b, 0);
    arena *a = arena_new();
    arena_alloc(a, 1 << 20);      /* a large block */
    for (int i = 0; i < 100; i++) /* and chunks */
        arena_alloc(a, 4000);
    ck_assert_uint_ge(b.mem, (1u << 20) + 300000);
    ck_assert_uint_eq(budget_process_used(), base + b.mem);
    void *p = arena_alloc(a, 100000);
    size_t before = b.mem;
    arena_realloc(a, p, 100000, 300000);
    ck_assert_uint_eq(b.mem, before + 200000);
    arena_free(a); /* freed within the budget: released at once */
    ck_assert_uint_eq(b.mem, 0);
    ck_assert_uint_eq(budget_process_used(), base);
    budget_end(&b);
}
END_TEST

START_TEST(arena_outliving_its_budget)
{
    size_t base = budget_process_used();
    arena *a = arena_new();
    budget b;
    budget_begin(&b, 0);
    arena_alloc(a, 1 << 20);
    ck_assert_uint_gt(budget_process_used(), base);
    budget_end(&b); /* released here */
    ck_assert_uint_eq(budget_process_used(), base);
    budget_begin(&b, 0); /* a later budget is not charged twice */
    arena_free(a);
    ck_assert_uint_eq(budget_process_used(), base);
    budget_end(&b);
}
END_TEST

START_TEST(strbuf_without_max_grows)
{
    strbuf sb = STRBUF_INIT;
    fill(&sb, 10000, false);
    ck_assert_uint_eq(sb.len, 100000);
    ck_assert(!strbuf_overflow(&sb));
    strbuf_free(&sb);
}
END_TEST

START_TEST(strbuf_ceiling_is_sticky)
{
    strbuf sb = capped(100);
    fill(&sb, 10, false);
    ck_assert_uint_eq(sb.len, 100); /* exactly max is allowed */
    ck_assert(!strbuf_overflow(&sb));
    ck_assert_str_eq(sb.data + 90, "0123456789");
    strbuf_putc(&sb, 'x');
    ck_assert(strbuf_overflow(&sb));
    ck_assert_uint_eq(sb.len, 100);
    strbuf_append(&sb, "a", 1); /* no-ops from now on */
    strbuf_printf(&sb, "%d", 42);
    ck_assert_uint_eq(sb.len, 100);
    ck_assert_uint_le(sb.cap, 101);
    ck_assert(!strbuf_grow(&sb, 0));
    strbuf_free(&sb);
}
END_TEST

START_TEST(strbuf_big_append_refused_before_growing)
{
    strbuf sb = capped(1000);
    strbuf_append(&sb, "ab", 2);
    static char big[1 << 20];
    strbuf_append(&sb, big, sizeof big);
    ck_assert(strbuf_overflow(&sb));
    ck_assert_uint_eq(sb.len, 2);
    ck_assert_uint_le(sb.cap, 1001);
    strbuf_free(&sb);
}
END_TEST

START_TEST(strbuf_printf_respects_max)
{
    strbuf sb = capped(10);
    strbuf_printf(&sb, "%s", "12345");
    ck_assert_str_eq(sb.data, "12345");
    strbuf_printf(&sb, "%s", "678901");
    ck_assert(strbuf_overflow(&sb));
    ck_assert_str_eq(sb.data, "12345");
    strbuf_free(&sb);
    sb = capped(300);
    strbuf_printf(&sb, "%0400d", 1); /* longer than the first allocation */
    ck_assert(strbuf_overflow(&sb));
    ck_assert_uint_eq(sb.len, 0);
    strbuf_free(&sb);
}
END_TEST

START_TEST(strbuf_reserve_still_gives_room)
{
    /* direct writers write into what they reserved: never less than asked */
    strbuf sb = capped(16);
    strbuf_reserve(&sb, 64);
    ck_assert(strbuf_overflow(&sb));
    ck_assert_uint_ge(sb.cap, 65);
    memset(sb.data, 'x', 64);
    strbuf_free(&sb);
}
END_TEST

START_TEST(strbuf_overflow_trips_the_budget)
{
    budget b;
    budget_begin(&b, 0);
    strbuf sb = capped(50);
    fill(&sb, 10, true);
    ck_assert(strbuf_overflow(&sb));
    ck_assert_int_eq(b.tripped, BUDGET_SIZE);
    ck_assert_str_eq(b.cap, "--max-result-bytes");
    ck_assert_uint_eq(b.cap_limit, 50);
    ck_assert_int_eq(error_is("result exceeds --max-result-bytes (50)"), 422);
    strbuf_free(&sb);
    budget_end(&b);
}
END_TEST

START_TEST(strbuf_charge_and_detach)
{
    size_t base = budget_process_used();
    budget b;
    budget_begin(&b, 0);
    strbuf sb = STRBUF_INIT;
    fill(&sb, 1000, false);
    ck_assert_uint_ge(b.mem, 10000);
    strbuf_free(&sb);
    ck_assert_uint_eq(b.mem, 0); /* freed: given back */
    fill(&sb, 1000, false);
    size_t n;
    char *p = strbuf_detach(&sb, &n);
    ck_assert_uint_eq(n, 10000);
    ck_assert_uint_ge(b.mem, 10000); /* detached: still the request's */
    strbuf_free(&sb);
    ck_assert_uint_ge(b.mem, 10000);
    free(p);
    budget_end(&b);
    ck_assert_uint_eq(budget_process_used(), base);
}
END_TEST

START_TEST(strbuf_stops_growing_over_max_memory)
{
    size_t base = budget_process_used();
    budget b;
    size_t saved = begin_with_room(&b, 100000);
    strbuf sb = STRBUF_INIT; /* no ceiling of its own */
    fill(&sb, 100000, true);
    ck_assert(strbuf_overflow(&sb));
    ck_assert_int_eq(b.tripped, BUDGET_MEMORY);
    ck_assert_uint_le(sb.cap, 200000);
    size_t len = sb.len;
    strbuf_append(&sb, "x", 1);
    ck_assert_uint_eq(sb.len, len);
    strbuf_clear(&sb); /* starting over forgets the overflow */
    ck_assert(!strbuf_overflow(&sb));
    strbuf_append(&sb, "x", 1);
    ck_assert_str_eq(sb.data, "x");
    strbuf_free(&sb);
    budget_end(&b);
    ck_assert_uint_eq(budget_process_used(), base);
    config.max_memory = saved;
}
END_TEST

START_TEST(meter_counts_text_and_memory)
{
    size_t saved = config.max_result_bytes;
    config.max_result_bytes = 1000;
    arena *a = arena_new();
    budget_meter m;
    budget_meter_start(&m, a);
    ck_assert(budget_meter_add(&m, 600));
    ck_assert(budget_meter_add(&m, 400)); /* exactly the cap */
    ck_assert(!budget_meter_add(&m, 1));
    py_err e = {0};
    budget_meter_error(&m, &e, a);
    ck_assert_str_eq(e.msg, "result exceeds --max-result-bytes (1000)");
    budget_meter_start(&m, a);
    arena_alloc(a,
                BUDGET_METER_FLOOR + 1); /* values cost more than their text: 4 x the cap (4 MiB at least), */
    ck_assert(budget_meter_add(&m, 10)); /* seen at the next full check (1/16 of the cap) */
    ck_assert(!budget_meter_add(&m, 100));
    budget_meter_error(&m, &e, a);
    ck_assert_str_eq(e.msg, "result exceeds memory of 4 x --max-result-bytes (1000)");
    arena_free(a);
    config.max_result_bytes = saved;
}
END_TEST

START_TEST(remaining_and_trip_time)
{
    ck_assert(budget_remaining() > 1e300); /* no budget: no limit */
    budget b;
    budget_begin(&b, 0);
    ck_assert(budget_remaining() > 1e300); /* no deadline */
    budget_end(&b);
    budget_begin(&b, 100);
    double left = budget_remaining();
    ck_assert(left > 99 && left <= 100);
    budget_trip_time();
    ck_assert(budget_remaining() <= 0);
    ck_assert(budget_expired());
    ck_assert_int_eq(b.tripped, BUDGET_TIME);
    budget_end(&b);
}
END_TEST

/* ThreadSanitizer: budgets are per thread, the account is shared. */
static void *charger(void *arg)
{
    (void)arg;
    for (int r = 0; r < 200; r++) {
        budget b;
        budget_begin(&b, 5);
        arena *a = arena_new();
        strbuf sb = STRBUF_INIT;
        for (int i = 0; i < 50; i++) {
            arena_alloc(a, 20000);
            strbuf_append(&sb, "0123456789abcdef", 16);
            budget_charge(10);
            (void)budget_expired();
        }
        budget_release(500);
        strbuf_free(&sb);
        arena_free(a);
        budget_end(&b);
    }
    return NULL;
}

START_TEST(threads_share_the_account)
{
    size_t base = budget_process_used();
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, charger, NULL), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    ck_assert_uint_eq(budget_process_used(), base);
    ck_assert_ptr_null(budget_current());
}
END_TEST

TESTKIT_MAIN(((testkit_suite){.name = "budget"}), no_budget_is_unlimited, begin_end_nest,
             deadline_trips_after_it_passes, no_deadline_never_expires, first_trip_wins, memory_account,
             arena_growth_is_charged_and_given_back, arena_outliving_its_budget, strbuf_without_max_grows,
             strbuf_ceiling_is_sticky, strbuf_big_append_refused_before_growing, strbuf_printf_respects_max,
             strbuf_reserve_still_gives_room, strbuf_overflow_trips_the_budget, strbuf_charge_and_detach,
             strbuf_stops_growing_over_max_memory, meter_counts_text_and_memory, remaining_and_trip_time,
             threads_share_the_account)
