/* W3C Trace Context (trace.h): https://www.w3.org/TR/trace-context/ sections
 * 3.2 (traceparent) and 3.3 (tracestate). */
#include "trace.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static bool lhex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* n lower-case hex digits, not all zero when nonzero is asked */
static bool hex_field(const char *p, size_t n, bool nonzero)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!lhex(p[i]))
            return false;
        any |= p[i] != '0';
    }
    return any || !nonzero;
}

/* version "-" trace-id "-" parent-id "-" trace-flags: 55 characters for
 * version 00; a later version may add fields after a '-'; ff is invalid. */
bool trace_parent_valid(const char *v)
{
    if (!v)
        return false;
    size_t n = strlen(v);
    if (n < 55 || !hex_field(v, 2, false) || (v[0] == 'f' && v[1] == 'f'))
        return false;
    if (v[2] != '-' || v[35] != '-' || v[52] != '-')
        return false;
    if (!hex_field(v + 3, 32, true) || !hex_field(v + 36, 16, true) || !hex_field(v + 53, 2, false))
        return false;
    if (v[0] == '0' && v[1] == '0')
        return n == 55;
    return n == 55 || v[55] == '-';
}

static bool lcalpha(char c)
{
    return c >= 'a' && c <= 'z';
}
static bool digit(char c)
{
    return c >= '0' && c <= '9';
}
static bool key_char(char c)
{
    return lcalpha(c) || digit(c) || c == '_' || c == '-' || c == '*' || c == '/';
}

/* simple-key = lcalpha 0*255(key chars); multi-tenant-key = tenant-id "@"
 * system-id, tenant-id = (lcalpha / DIGIT) 0*240(key chars), system-id =
 * lcalpha 0*13(key chars) */
static bool key_valid(const char *p, size_t n)
{
    const char *at = memchr(p, '@', n);
    if (!at) {
        if (n < 1 || n > 256 || !lcalpha(p[0]))
            return false;
        for (size_t i = 1; i < n; i++)
            if (!key_char(p[i]))
                return false;
        return true;
    }
    size_t tn = (size_t)(at - p), sn = n - tn - 1;
    if (tn < 1 || tn > 241 || sn < 1 || sn > 14 || !(lcalpha(p[0]) || digit(p[0])) || !lcalpha(at[1]))
        return false;
    for (size_t i = 1; i < tn; i++)
        if (!key_char(p[i]))
            return false;
    for (size_t i = 2; i <= sn; i++)
        if (!key_char(at[i]))
            return false;
    return true;
}

/* value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-2B /
 * %x2D-3C / %x3E-7E */
static bool value_valid(const char *p, size_t n)
{
    if (n < 1 || n > 256 || p[n - 1] == ' ')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 || c > 0x7e || c == ',' || c == '=')
            return false;
    }
    return true;
}

/* list-member *( OWS "," OWS list-member ), at most 32 members, empty ones
 * allowed, no key twice. */
bool trace_state_valid(const char *v)
{
    if (!v || strlen(v) > TRACE_STATE_MAX)
        return false;
    const char *keys[32];
    size_t klen[32], nkeys = 0;
    const char *p = v;
    while (*p) {
        const char *e = strchr(p, ',');
        if (!e)
            e = p + strlen(p);
        const char *s = p, *t = e;
        while (s < t && (*s == ' ' || *s == '\t'))
            s++;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
            t--;
        if (s < t) {
            const char *eq = memchr(s, '=', (size_t)(t - s));
            if (!eq || !key_valid(s, (size_t)(eq - s)) || !value_valid(eq + 1, (size_t)(t - eq - 1)) ||
                nkeys == 32)
                return false;
            for (size_t i = 0; i < nkeys; i++)
                if (klen[i] == (size_t)(eq - s) && memcmp(keys[i], s, klen[i]) == 0)
                    return false;
            keys[nkeys] = s;
            klen[nkeys++] = (size_t)(eq - s);
        }
        p = *e ? e + 1 : e;
    }
    return true;
}

/* Span ids: 64 random bits, never zero (xorshift64*, seeded per thread). */
static void new_span_id(char out[17])
{
    static _Thread_local uint64_t s;
    while (!s)
        if (getrandom(&s, sizeof s, GRND_NONBLOCK) != (ssize_t)sizeof s)
            s = (uint64_t)(uintptr_t)&s ^ (uint64_t)rand();
    uint64_t x;
    do {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        x = s * 2685821657736338717ULL;
    } while (!x);
    snprintf(out, 17, "%016llx", (unsigned long long)x);
}

void trace_parse(trace_ctx *t, const char *traceparent, const char *tracestate)
{
    t->valid = trace_parent_valid(traceparent);
    t->state = NULL;
    if (!t->valid)
        return;
    memcpy(t->trace_id, traceparent + 3, 32);
    t->trace_id[32] = '\0';
    memcpy(t->parent_id, traceparent + 36, 16);
    t->parent_id[16] = '\0';
    memcpy(t->flags, traceparent + 53, 2);
    t->flags[2] = '\0';
    new_span_id(t->span_id);
    if (tracestate && trace_state_valid(tracestate))
        t->state = tracestate;
}

void trace_child(const trace_ctx *t, char out[56])
{
    /* version 00 knows one flag, "sampled": the other bits go out as zero */
    bool sampled =
        (t->flags[1] >= '0' && t->flags[1] <= '9' ? t->flags[1] - '0' : t->flags[1] - 'a' + 10) & 1;
    snprintf(out, 56, "00-%s-%s-%s", t->trace_id, t->span_id, sampled ? "01" : "00");
}

static _Thread_local const trace_ctx *current;

void trace_set_current(const trace_ctx *t)
{
    current = t && t->valid ? t : NULL;
}
const trace_ctx *trace_current(void)
{
    return current;
}
