/* The token file of --auth-file (auth.h): its parser, the scope names, and
 * the scope an operation needs (from its flags and arguments). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "registry.h"
#include "text/hexdig.h"

static const char *const SCOPE_NAMES[AUTH_NSCOPES] = {"compute", "fs.read", "fs.write",
                                                      "net",     "jobs",    "metrics"};

const char *auth_scope_name(unsigned bit)
{
    for (unsigned i = 0; i < AUTH_NSCOPES; i++)
        if (bit == 1u << i)
            return SCOPE_NAMES[i];
    return "?";
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

int auth_scopes_parse(const char *list, size_t len, unsigned *out)
{
    while (len && is_space(*list))
        list++, len--;
    while (len && is_space(list[len - 1]))
        len--;
    *out = 0;
    if (len == 0 || (len == 4 && memcmp(list, "none", 4) == 0))
        return 0;
    size_t i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && list[j] != ',')
            j++;
        const char *w = list + i;
        size_t n = j - i;
        while (n && is_space(*w))
            w++, n--;
        while (n && is_space(w[n - 1]))
            n--;
        bool found = false;
        if (n == 1 && *w == '*') {
            *out |= AUTH_ALL;
            found = true;
        }
        for (unsigned k = 0; k < AUTH_NSCOPES && !found; k++)
            if (strlen(SCOPE_NAMES[k]) == n && memcmp(SCOPE_NAMES[k], w, n) == 0) {
                *out |= 1u << k;
                found = true;
            }
        if (!found)
            return -1;
        i = j + 1;
    }
    return 0;
}

bool auth_name_ok(const char *s, size_t n)
{
    if (n == 0 || n > AUTH_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

/* One non-comment line "name:scopes:hex" into e; NULL, or why not. */
static const char *parse_line(const char *p, size_t n, auth_entry *e)
{
    const char *c1 = memchr(p, ':', n);
    const char *c2 = c1 ? memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - p)) : NULL;
    if (!c2)
        return "expected name:scope,scope:sha256-hex";
    const char *name = p;
    size_t nl = (size_t)(c1 - p);
    while (nl && is_space(*name))
        name++, nl--;
    while (nl && is_space(name[nl - 1]))
        nl--;
    if (!auth_name_ok(name, nl))
        return "the name must be 1 to 64 of [A-Za-z0-9._-], starting with a letter or digit";
    memcpy(e->name, name, nl);
    e->name[nl] = '\0';
    if (auth_scopes_parse(c1 + 1, (size_t)(c2 - c1 - 1), &e->scopes) < 0)
        return "unknown scope (compute, fs.read, fs.write, net, jobs, metrics, *)";
    const char *h = c2 + 1;
    size_t hl = n - (size_t)(h - p);
    while (hl && is_space(*h))
        h++, hl--;
    while (hl && is_space(h[hl - 1]))
        hl--;
    if (hl != 2 * SHA256_DIGEST_SIZE)
        return "the digest must be 64 hex digits (sha256 of the token)";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        int hi = hexdig_value((unsigned char)h[2 * i]), lo = hexdig_value((unsigned char)h[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return "the digest must be 64 hex digits (sha256 of the token)";
        e->digest[i] = (uint8_t)(hi << 4 | lo);
    }
    return NULL;
}

int auth_table_parse(const char *text, size_t len, auth_table **out, char *err, size_t errlen)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (lines > AUTH_MAX_TOKENS)
        lines = AUTH_MAX_TOKENS + 1;
    auth_table *t = calloc(1, sizeof *t + lines * sizeof t->e[0]);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t lineno = 0, i = 0;
    while (i < len) {
        const char *p = text + i;
        const char *nl = memchr(p, '\n', len - i);
        size_t n = nl ? (size_t)(nl - p) : len - i;
        i += n + 1;
        lineno++;
        const char *hash = memchr(p, '#', n);
        if (hash)
            n = (size_t)(hash - p);
        size_t k = 0;
        while (k < n && (is_space(p[k])))
            k++;
        if (k == n)
            continue;
        if (t->n >= AUTH_MAX_TOKENS) {
            snprintf(err, errlen, "line %zu: more than %d tokens", lineno, AUTH_MAX_TOKENS);
            free(t);
            return -1;
        }
        /* (a name may have two lines: two tokens of one tenant, for rotation) */
        const char *why = parse_line(p, n, &t->e[t->n]);
        if (why) {
            snprintf(err, errlen, "line %zu: %s", lineno, why);
            free(t);
            return -1;
        }
        t->n++;
    }
    *out = t;
    return 0;
}

unsigned auth_op_scope(const op_def *op)
{
    unsigned s = 0;
    if (op->flags & OP_READS)
        s |= AUTH_FS_READ;
    if (op->flags & OP_WRITES)
        s |= AUTH_FS_WRITE;
    if (op->flags & OP_NET)
        s |= AUTH_NET;
    return s ? s : AUTH_COMPUTE;
}

unsigned auth_args_scope(const route *r, const pv *args)
{
    if (!r->net_args || !args || args->kind != PV_DICT)
        return 0;
    for (size_t i = 0; i < r->nargs; i++)
        if (r->op->args[i].flags & ARG_NET) {
            const pv *v = pv_dict_getc(args, r->op->args[i].name);
            if (v && v->kind != PV_NONE)
                return AUTH_NET;
        }
    return 0;
}
