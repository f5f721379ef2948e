/* The server's side of the memory budget (memory.h): --max-memory's default
 * from the cgroup or the RAM and the share of it requests get, charging
 * exchanges, and the trimmer: the heap keeps freed memory for speed
 * (M_TRIM_THRESHOLD), so after a load the process would stay at its peak; a
 * background thread hands it back once the compute pool is idle and memory
 * has been freed, and at once while the RSS is near --max-memory. */
#include "memory.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/budget.h"
#include "base/clock.h"
#include "base/config.h"
#include "compute.h"
#include "http_body.h"
#include "metrics.h"
#include "ticker.h"

#define TRIM_STEP ((size_t)16 << 20) /* trim once this much could go back */
/* Requests allocate and free megabytes at a time (a 1 MB string, its
 * 100,000 matches); by default glibc hands that memory back to the kernel
 * after each request and faults it in again on the next, which costs heavy
 * requests a third more CPU or worse.  So while working the heap keeps it
 * (a block of 64 MiB or more is mmap'ed and unmapped at once). */
#define BUSY_TRIM_THRESHOLD (256 << 20)
#define MMAP_THRESHOLD (64 << 20)
#define PRESSURE_TRIM_THRESHOLD (8 << 20)
#define TRIM_PERIOD_NS 100000000L

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

bool memory_room(double seconds)
{
    size_t max = budget_process_max();
    double end = clock_monotonic() + seconds;
    while (max && budget_process_used() >= max) {
        if (clock_monotonic() >= end)
            return false;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return true;
}

void memory_take_anyway(size_t n) { (void)budget_charge(n); }
void memory_give(size_t n) { budget_release(n); }
void memory_count_refused(void) { atomic_fetch_add(&refused, 1); }

void memory_tune_malloc(void)
{
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    mallopt(M_TRIM_THRESHOLD, BUSY_TRIM_THRESHOLD);
}

static size_t max_process; /* --max-memory as given (0 = none) */
static int trim_threshold = BUSY_TRIM_THRESHOLD; /* the trimmer's own */
static size_t floor_rss, used_at_trim;        /* the trimmer's own */

/* Give the heap's free memory back: malloc_trim() covers the main arena and
 * the free chunks of every arena, but not the top of a thread's own arena,
 * which glibc trims only in free() and only past M_TRIM_THRESHOLD: so lower
 * it for a moment and have each (idle) compute worker free a block. */
static void trim_now(bool idle)
{
    if (idle) {
        mallopt(M_TRIM_THRESHOLD, 0);
        compute_release_heap();
    }
    malloc_trim(0);
    if (idle)
        mallopt(M_TRIM_THRESHOLD, trim_threshold);
    atomic_fetch_add(&trims, 1);
    floor_rss = rss_bytes();
}

/* Every TRIM_PERIOD_NS.  Under pressure (the RSS past 1/2 of --max-memory)
 * every arena gives back what it frees beyond PRESSURE_TRIM_THRESHOLD (the
 * speed of a heap that keeps it is less important then), until the RSS is
 * under 1/4 again; past 3/4, the free chunks amid the heap go back too.  When the compute pool is idle and the RSS has
 * grown, or the account has dropped, by TRIM_STEP since the last trim: trim. */
static void trim_tick(void *arg)
{
    (void)arg;
    size_t rss = rss_bytes(), used = budget_process_used();
    bool idle = compute_idle();
    http_body_spare_trim(max_process && rss > max_process / 2);
    if (max_process) {
        bool was = trim_threshold != BUSY_TRIM_THRESHOLD;
        if (!was && rss > max_process / 2) {
            trim_threshold = PRESSURE_TRIM_THRESHOLD;
            mallopt(M_TRIM_THRESHOLD, trim_threshold);
            trim_now(idle);
        } else if (was && rss < max_process / 4) {
            trim_threshold = BUSY_TRIM_THRESHOLD;
            mallopt(M_TRIM_THRESHOLD, trim_threshold);
        } else if (was && rss > max_process / 4 * 3) {
            trim_now(idle); /* the free chunks amid the heap too */
        }
    }
    if (rss < floor_rss)
        floor_rss = rss;
    if (idle && (rss > floor_rss + TRIM_STEP || used + TRIM_STEP < used_at_trim)) {
        trim_now(true);
        used_at_trim = used;
    } else if (used > used_at_trim) {
        used_at_trim = used;
    }
}

static void metrics_memory(strbuf *o)
{
    strbuf_printf(o,
                  "# HELP pystd_memory_max_bytes --max-memory: the memory the process may use (0: no limit).\n"
                  "# TYPE pystd_memory_max_bytes gauge\n"
                  "pystd_memory_max_bytes %zu\n"
                  "# HELP pystd_memory_budget_bytes The part of --max-memory that requests may hold "
                  "together (the rest: the idle process and heap slack).\n"
                  "# TYPE pystd_memory_budget_bytes gauge\n"
                  "pystd_memory_budget_bytes %zu\n"
                  "# HELP pystd_memory_used_bytes Bytes requests hold now (bodies, arenas, buffers).\n"
                  "# TYPE pystd_memory_used_bytes gauge\n"
                  "pystd_memory_used_bytes %zu\n"
                  "# HELP pystd_memory_rss_bytes Resident set size of the process.\n"
                  "# TYPE pystd_memory_rss_bytes gauge\n"
                  "pystd_memory_rss_bytes %zu\n"
                  "# HELP pystd_memory_pressure 1 while the RSS is past 1/2 of --max-memory and freed memory goes back at once.\n"
                  "# TYPE pystd_memory_pressure gauge\n"
                  "pystd_memory_pressure %d\n"
                  "# HELP pystd_memory_refused_total Requests answered 429 for want of memory.\n"
                  "# TYPE pystd_memory_refused_total counter\n"
                  "pystd_memory_refused_total %llu\n"
                  "# HELP pystd_memory_trims_total Times freed memory was handed back to the system.\n"
                  "# TYPE pystd_memory_trims_total counter\n"
                  "pystd_memory_trims_total %llu\n",
                  max_process, budget_process_max(), budget_process_used(), rss_bytes(),
                  trim_threshold != BUSY_TRIM_THRESHOLD, (unsigned long long)atomic_load(&refused),
                  (unsigned long long)atomic_load(&trims));
}

int memory_start(void)
{
    if (config.max_memory == MEMORY_AUTO)
        config.max_memory = memory_default();
    /* The process itself (code, threads, caches: its RSS now) and the heap's
     * slack (1/8) come off --max-memory; requests share the rest. */
    max_process = config.max_memory;
    floor_rss = rss_bytes();
    if (max_process) {
        size_t reserve = floor_rss + max_process / 8, min = (size_t)1 << 20;
        config.max_memory = max_process > reserve + min ? max_process - reserve : min;
    }
    metrics_add_provider(metrics_memory);
    used_at_trim = budget_process_used();
    trimmer = ticker_start(trim_tick, NULL, TRIM_PERIOD_NS, "the memory trimmer");
    return trimmer ? 0 : -1;
}

void memory_stop(void)
{
    ticker_stop(trimmer);
    trimmer = NULL;
}
