/* How many CPUs this process may use: the default size of every worker pool
 * (HTTP threads, compute pool, task pools, Redis job workers). */
#ifndef PYSTD_BASE_CPUS_H
#define PYSTD_BASE_CPUS_H

/* The CPUs of the process's affinity mask (taskset, cpusets), lowered to the
 * cgroup v2 CPU quota (cpu.max, rounded up) when there is one, as a
 * container's --cpus sets; at least 1.  Computed once. */
unsigned cpus_usable(void);

#endif
