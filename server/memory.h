/* The process memory budget as the server runs it (server/memory.c): the
 * default of --max-memory, the bytes an exchange holds outside any op's
 * budget (a body being read, a response being sent: base/budget.h counts
 * what ops take), and giving freed memory back to the system once a load is
 * over. */
#ifndef PYSTD_MEMORY_H
#define PYSTD_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

/* config.max_memory before the command line: "not given". */
#define MEMORY_AUTO ((size_t)-1)

/* 3/4 of the cgroup's memory limit (v2 memory.max, v1 memory.limit_in_bytes)
 * when there is one below the machine's RAM, else 1/2 of the RAM. */
size_t memory_default(void);

/* glibc's settings for speed (first thing in main): freed memory stays in
 * the heap while the service works; the trimmer gives it back when idle. */
void memory_tune_malloc(void);

/* Resolves config.max_memory when not given, starts the trimmer. */
int memory_start(void);
void memory_stop(void);

/* Charge n bytes to the process account: false, and nothing charged, when
 * that would cross --max-memory (the caller answers 429). */
bool memory_take(size_t n);
/* Charge n bytes that are taken already, whatever the account says. */
void memory_take_anyway(size_t n);
void memory_give(size_t n);

/* Admission of heavy work: true when the requests' account is below its
 * budget, waiting up to `seconds` for that; false: answer 429. */
#define MEMORY_ROOM_WAIT 1.0
bool memory_room(double seconds);

/* A request refused for memory (429). */
void memory_count_refused(void);

#endif
