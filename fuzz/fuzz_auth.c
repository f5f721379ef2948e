/* libFuzzer: the token file of --auth-file (server/auth_file.c) and the
 * scope lists of --anonymous-scopes.  A file that parses has valid names
 * and known scopes only, and written back as lines it parses to the same
 * table. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned scopes;
    if (auth_scopes_parse((const char *)data, size, &scopes) == 0 && (scopes & ~AUTH_ALL))
        abort();
    auth_table *t = NULL;
    char err[256];
    if (auth_table_parse((const char *)data, size, &t, err, sizeof err) < 0)
        return 0;
    /* a line: the name, every scope name with its comma, 64 hex digits, two colons and a newline */
    size_t cap = t->n * (AUTH_NAME_MAX + 192) + 1, len = 0;
    char *text = malloc(cap);
    for (size_t i = 0; i < t->n; i++) {
        const auth_entry *e = &t->e[i];
        if (!auth_name_ok(e->name, strlen(e->name)) || (e->scopes & ~AUTH_ALL))
            abort();
        len += (size_t)snprintf(text + len, cap - len, "%s:", e->name);
        for (unsigned b = 0; b < AUTH_NSCOPES; b++)
            if (e->scopes & (1u << b))
                len += (size_t)snprintf(text + len, cap - len, "%s,", auth_scope_name(1u << b));
        if (text[len - 1] == ',')
            len--;
        len += (size_t)snprintf(text + len, cap - len, ":");
        for (int k = 0; k < SHA256_DIGEST_SIZE; k++)
            len += (size_t)snprintf(text + len, cap - len, "%02x", e->digest[k]);
        len += (size_t)snprintf(text + len, cap - len, "\n");
    }
    auth_table *u = NULL;
    if (auth_table_parse(text, len, &u, err, sizeof err) < 0 || u->n != t->n)
        abort();
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->e[i].name, u->e[i].name) != 0 || t->e[i].scopes != u->e[i].scopes ||
            memcmp(t->e[i].digest, u->e[i].digest, SHA256_DIGEST_SIZE) != 0)
            abort();
    free(text);
    free(t);
    free(u);
    return 0;
}
