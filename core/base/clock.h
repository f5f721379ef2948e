/* Seconds as a double from the two clocks the service reads: the monotonic
 * one for deadlines and durations, the wall one for timestamps shown to
 * clients.  (The time module's own clocks, with CPython's nanosecond
 * rounding, are in time/time_conv.c.) */
#ifndef PYSTD_CLOCK_H
#define PYSTD_CLOCK_H

#include <time.h>

/* CLOCK_MONOTONIC seconds. */
static inline double clock_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CLOCK_MONOTONIC_COARSE seconds: the monotonic clock as of the last
 * timer tick (a few milliseconds behind at most), without reading the
 * TSC: for deadlines counted in seconds, which do not need better. */
static inline double clock_monotonic_coarse(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CLOCK_REALTIME seconds. */
static inline double clock_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
