/* cpus_usable(): the affinity mask and the cgroup v2 CPU quota, not the
 * machine's CPU count.  A server pinned to one CPU or given `--cpus=1` that
 * starts a thread per online CPU makes its threads take turns on the one it
 * has: more context switches and a longer tail of latency. */
#include "base/cpus.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned usable;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* ceil(quota / period) from /sys/fs/cgroup/<own cgroup>/cpu.max, or 0 (none, "max"). */
static unsigned cgroup_quota(void)
{
    char rel[512] = "", path[700], line[128];
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "0::", 3) == 0) {
            snprintf(rel, sizeof rel, "%s", line + 3);
            rel[strcspn(rel, "\n")] = '\0';
            break;
        }
    }
    fclose(f);
    if (strcmp(rel, "/") == 0)
        rel[0] = '\0';
    snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max", rel);
    if (!(f = fopen(path, "r")))
        return 0;
    unsigned long long quota = 0, period = 0;
    char q[32] = "";
    int n = fscanf(f, "%31s %llu", q, &period);
    fclose(f);
    if (n != 2 || strcmp(q, "max") == 0 || sscanf(q, "%llu", &quota) != 1 || !quota || !period)
        return 0;
    unsigned long long c = (quota + period - 1) / period;
    return c > 4096 ? 4096 : (unsigned)c;
}

static void count(void)
{
    cpu_set_t set;
    unsigned n = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        n = (unsigned)CPU_COUNT(&set);
    if (!n) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        n = online > 0 ? (unsigned)online : 1;
    }
    unsigned q = cgroup_quota();
    if (q && q < n)
        n = q;
    usable = n ? n : 1;
}

unsigned cpus_usable(void)
{
    pthread_once(&once, count);
    return usable;
}
