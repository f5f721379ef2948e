/* The server's side of the memory budget (memory.h): --max-memory's default
 * from the cgroup or the RAM, charging exchanges, and the trimmer: main.c
 * keeps freed memory in the heap for speed (M_TRIM_THRESHOLD), so after a
 * load the process would stay at its peak; a background thread hands the
 * free pages back (malloc_trim) once the compute pool is idle and memory
 * has been freed. */
#include "memory.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/budget.h"
#include "base/config.h"
#include "compute.h"
#include "log.h"
#include "metrics.h"
#include "ticker.h"

#define TRIM_STEP ((size_t)16 << 20) /* trim once this much could go back */
#define TRIM_PERIOD_NS 500000000L

static ticker *trimmer;
static _Atomic unsigned long long trims, refused;

static size_t ram_bytes(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (size_t)pages * (size_t)size : 0;
}

/* The number in a cgroup file ("max" and unreadable: 0). */
static size_t read_limit(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    unsigned long long v = 0;
    int ok = fscanf(f, "%llu", &v);
    fclose(f);
    return ok == 1 ? (size_t)v : 0;
}

/* This process's cgroup memory limit, or 0. */
static size_t cgroup_limit(void)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    char line[1024], v2[1024] = "", v1[1024] = "";
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "0::", 3) == 0)
            snprintf(v2, sizeof v2, "%s", line + 3);
        char *m = strstr(line, ":memory:");
        if (m)
            snprintf(v1, sizeof v1, "%s", m + 8);
    }
    if (f)
        fclose(f);
    char path[1200];
    size_t lim = 0;
    if (v1[0]) {
        snprintf(path, sizeof path, "/sys/fs/cgroup/memory%s/memory.limit_in_bytes", v1);
        if (!(lim = read_limit(path)))
            lim = read_limit("/sys/fs/cgroup/memory/memory.limit_in_bytes");
    } else {
        snprintf(path, sizeof path, "/sys/fs/cgroup%s/memory.max", v2);
        if (!(lim = read_limit(path)))
            lim = read_limit("/sys/fs/cgroup/memory.max");
    }
    return lim;
}

size_t memory_default(void)
{
    size_t ram = ram_bytes(), lim = cgroup_limit();
    if (lim && (!ram || lim < ram))
        return lim / 4 * 3;
    return ram / 2;
}

static size_t rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long size = 0, res = 0;
    if (!f)
        return 0;
    int n = fscanf(f, "%llu %llu", &size, &res);
    fclose(f);
    return n == 2 ? (size_t)res * (size_t)sysconf(_SC_PAGESIZE) : 0;
}

bool memory_take(size_t n)
{
    if (budget_charge(n))
        return true;
    budget_release(n);
    return false;
}

void memory_take_anyway(size_t n) { (void)budget_charge(n); }
void memory_give(size_t n) { budget_release(n); }
void memory_count_refused(void) { atomic_fetch_add(&refused, 1); }

static size_t floor_rss, used_at_trim; /* the trimmer's own */

/* Every TRIM_PERIOD_NS: trim when the compute pool is idle and the RSS has
 * grown, or the account has dropped, by TRIM_STEP since the last trim. */
static void trim_tick(void *arg)
{
    (void)arg;
    size_t rss = rss_bytes(), used = budget_process_used();
    if (rss < floor_rss)
        floor_rss = rss;
    if (compute_idle() && (rss > floor_rss + TRIM_STEP || used + TRIM_STEP < used_at_trim)) {
        malloc_trim(0);
        atomic_fetch_add(&trims, 1);
        floor_rss = rss_bytes();
        used_at_trim = used;
    } else if (used > used_at_trim) {
        used_at_trim = used;
    }
}

static void metrics_memory(strbuf *o)
{
    strbuf_printf(o,
                  "# HELP pystd_memory_budget_bytes --max-memory: bytes requests may hold together.\n"
                  "# TYPE pystd_memory_budget_bytes gauge\n"
                  "pystd_memory_budget_bytes %zu\n"
                  "# HELP pystd_memory_used_bytes Bytes requests hold now (bodies, arenas, buffers).\n"
                  "# TYPE pystd_memory_used_bytes gauge\n"
                  "pystd_memory_used_bytes %zu\n"
                  "# HELP pystd_memory_rss_bytes Resident set size of the process.\n"
                  "# TYPE pystd_memory_rss_bytes gauge\n"
                  "pystd_memory_rss_bytes %zu\n"
                  "# HELP pystd_memory_refused_total Requests answered 429 for want of memory.\n"
                  "# TYPE pystd_memory_refused_total counter\n"
                  "pystd_memory_refused_total %llu\n"
                  "# HELP pystd_memory_trims_total Times freed memory was handed back to the system.\n"
                  "# TYPE pystd_memory_trims_total counter\n"
                  "pystd_memory_trims_total %llu\n",
                  budget_process_max(), budget_process_used(), rss_bytes(),
                  (unsigned long long)atomic_load(&refused), (unsigned long long)atomic_load(&trims));
}

int memory_start(void)
{
    if (config.max_memory == MEMORY_AUTO)
        config.max_memory = memory_default();
    metrics_add_provider(metrics_memory);
    floor_rss = rss_bytes();
    used_at_trim = budget_process_used();
    trimmer = ticker_start(trim_tick, NULL, TRIM_PERIOD_NS);
    if (!trimmer)
        log_msg(LOG_ERROR, "cannot start the memory trimmer");
    return trimmer ? 0 : -1;
}

void memory_stop(void)
{
    ticker_stop(trimmer);
    trimmer = NULL;
}
