/* Text dense in escapes (a JSON document inside a JSON string, both ways:
 * json.dumps' result in the response, json.loads' argument in the body):
 * whole 16-byte blocks escaped or unescaped at a time with SSSE3's byte
 * shuffle, when the CPU has it (detected at run time), so that the branch
 * per escape, which mispredicts at this density, becomes one per block. */
#ifndef PYSTD_JSON_DENSE_H
#define PYSTD_JSON_DENSE_H

#include <stdbool.h>
#include <stddef.h>

/* The block functions below may be used (SSSE3 is there). */
bool json_dense_ready(void);

/* Escapes s[i..n) at *out while its 16-byte blocks hold no stop of the scan
 * in `mode` (json_simd.h) other than '"' and '\\', while at least 32 bytes
 * of s are left and while the room below lim is at least what is left of s
 * and 48 bytes (so that at least what is left and 32 bytes remain when it
 * stops: the room json_write_str's scan needs); moves *out past what it
 * wrote (it may write 16 bytes beyond).  Returns where it stopped, a block
 * boundary. */
size_t json_dense_escape(const char *s, size_t i, size_t n, int mode, char **out, const char *lim);

/* Unescapes s[i..len) to *out while its 16-byte blocks hold only text and
 * the escapes \" \\ \/ (none split between blocks), and while at least 32
 * bytes of s are left; adds the UTF-8 continuation bytes passed over to
 * *cont, moves *out past what it wrote (it may write 16 bytes beyond, never
 * more than it read).  Returns where it stopped: what is left is the
 * caller's (the end of the string, other escapes, control characters). */
size_t json_dense_unescape(const char *s, size_t i, size_t len, size_t *cont, char **out);

#endif
