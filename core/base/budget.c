/* The current request's budget (thread-local) and the process memory
 * account: see budget.h. */
#include "base/budget.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "base/clock.h"
#include "base/config.h"

_Thread_local budget *budget_tls;

static atomic_size_t process_used;
static atomic_ulong next_serial = 1;

void budget_begin(budget *b, double seconds)
{
    budget_begin_at(b, seconds, seconds > 0 ? clock_monotonic() : 0);
}

void budget_begin_at(budget *b, double seconds, double now)
{
    memset(b, 0, sizeof *b);
    b->seconds = seconds > 0 ? seconds : 0;
    b->deadline = seconds > 0 ? now + seconds : 0;
    b->tick = BUDGET_TICK;
    b->serial = atomic_fetch_add_explicit(&next_serial, 1, memory_order_relaxed);
    b->prev = budget_tls;
    budget_tls = b;
}

void budget_end(budget *b)
{
    if (b->mem)
        atomic_fetch_sub_explicit(&process_used, b->mem, memory_order_relaxed);
    b->mem = 0;
    if (budget_tls == b)
        budget_tls = b->prev;
}

bool budget_expired_slow(budget *b)
{
    if (b->tripped != BUDGET_OK)
        return true;
    b->tick = BUDGET_TICK;
    if (b->deadline > 0 && clock_monotonic() >= b->deadline) {
        b->tripped = BUDGET_TIME;
        return true;
    }
    return false;
}

double budget_remaining(void)
{
    const budget *b = budget_tls;
    if (!b || b->deadline <= 0)
        return HUGE_VAL;
    if (b->tripped == BUDGET_TIME)
        return 0;
    return b->deadline - clock_monotonic();
}

void budget_trip_time(void)
{
    budget *b = budget_tls;
    if (b && b->tripped == BUDGET_OK)
        b->tripped = BUDGET_TIME;
}

void budget_trip_size(const char *cap, size_t limit)
{
    budget *b = budget_tls;
    if (b && b->tripped == BUDGET_OK) {
        b->tripped = BUDGET_SIZE;
        b->cap = cap;
        b->cap_limit = limit;
    }
}

void budget_size_error_set(py_err *e, arena *a, const char *cap, size_t limit)
{
    py_limit(e, a, "result exceeds %s (%zu)", cap, limit);
}

#define STR2(x) #x
#define STR(x) STR2(x)
#define METER_MEMORY_CAP "memory of " STR(BUDGET_METER_ARENA) " x --max-result-bytes"

static void meter_next(budget_meter *m)
{
    size_t max = config.max_result_bytes, step = max / 16 + 1;
    size_t next = m->bytes + (step < BUDGET_METER_STEP ? step : BUDGET_METER_STEP);
    m->next = next > max ? max + 1 : next;
}

void budget_meter_start(budget_meter *m, const arena *a)
{
    m->a = a;
    m->base = arena_used(a);
    m->bytes = 0;
    m->memory = false;
    meter_next(m);
}

bool budget_meter_check(budget_meter *m)
{
    size_t max = config.max_result_bytes;
    meter_next(m);
    size_t mem =
        max * BUDGET_METER_ARENA > BUDGET_METER_FLOOR ? max * BUDGET_METER_ARENA : BUDGET_METER_FLOOR;
    if (m->bytes <= max && arena_used(m->a) - m->base <= mem)
        return true;
    m->memory = m->bytes <= max;
    budget_trip_size(m->memory ? METER_MEMORY_CAP : "--max-result-bytes", max);
    return false;
}

void budget_meter_error_set(const budget_meter *m, py_err *e, arena *a)
{
    budget_size_error_set(e, a, m->memory ? METER_MEMORY_CAP : "--max-result-bytes", config.max_result_bytes);
}

void budget_error_set(py_err *e, arena *a)
{
    const budget *b = budget_tls;
    switch (b ? b->tripped : BUDGET_OK) {
    case BUDGET_TIME:
        py_limit(e, a, "request exceeded --max-request-seconds (%g s)", b->seconds);
        return;
    case BUDGET_SIZE:
        budget_size_error_set(e, a, b->cap, b->cap_limit);
        return;
    case BUDGET_MEMORY:
        py_http_error(e, a, 429, "Busy",
                      "the server is short of memory (--max-memory %zu bytes); retry later",
                      budget_process_max());
        e->retry_after = "1";
        return;
    case BUDGET_OK:
        break;
    }
    py_limit(e, a, "request stopped by its budget");
}

bool budget_charge(size_t n)
{
    budget *b = budget_tls;
    if (b)
        b->mem += n;
    size_t now = atomic_fetch_add_explicit(&process_used, n, memory_order_relaxed) + n;
    size_t max = config.max_memory;
    if (max == 0 || now <= max)
        return true;
    if (b && b->tripped == BUDGET_OK)
        b->tripped = BUDGET_MEMORY;
    return false;
}

void budget_release(size_t n)
{
    if (!n)
        return; /* (an exchange that charged nothing gives back 0: no atomic operation) */
    budget *b = budget_tls;
    if (b)
        b->mem -= n < b->mem ? n : b->mem;
    atomic_fetch_sub_explicit(&process_used, n, memory_order_relaxed);
}

size_t budget_process_used(void)
{
    return atomic_load_explicit(&process_used, memory_order_relaxed);
}

size_t budget_process_max(void)
{
    return config.max_memory;
}
