/* Required literals: code points that every match of a pattern consumes
 * (found in its parse tree at compile time), and the test that answers "no
 * match" at once when the subject lacks one of them -- sre and PCRE2 would
 * try every start position to find that out.  Exact: a match consumes its
 * characters from the subject, so a character absent from the whole subject
 * is in no match, whatever pos and endpos are. */
#include <string.h>

#include "re/re_int.h"
#include "re/re_parse.h"
#include "text/utf8.h"

static void add(uint32_t ch, uint32_t *out, int *n)
{
    for (int i = 0; i < *n; i++)
        if (out[i] == ch)
            return;
    if (*n < RE_REQ_MAX)
        out[(*n)++] = ch;
}

/* Every item of a sequence is matched; in it: a literal, and the items of
 * a group (not one that turns IGNORECASE on), of an atomic group and of a
 * repeat of at least one.  Alternatives, conditionals and look-arounds are
 * left out (a look-behind reads before pos). */
static void walk(const re_seq *s, uint32_t *out, int *n, int depth)
{
    for (size_t i = 0; s && i < s->len && depth < RE_MAX_NESTING; i++) {
        const re_node *x = s->items[i];
        switch (x->op) {
        case RE_LITERAL:
            add(x->ch, out, n);
            break;
        case RE_SUBPATTERN:
            if (!(x->sub.add & RE_F_IGNORECASE))
                walk(x->sub.p, out, n, depth + 1);
            break;
        case RE_ATOMIC_GROUP:
            walk(x->atomic, out, n, depth + 1);
            break;
        case RE_MAX_REPEAT:
        case RE_MIN_REPEAT:
        case RE_POSSESSIVE_REPEAT:
            if (x->rep.min >= 1)
                walk(x->rep.item, out, n, depth + 1);
            break;
        default:
            break;
        }
    }
}

int re_required_find(const re_parsed *rp, uint32_t *out)
{
    int n = 0;
    if (!(rp->flags & RE_F_IGNORECASE))
        walk(rp->p, out, &n, 0);
    return n;
}

/* Does the UTF-8 text s (n bytes) hold the code point ch? */
static bool holds(const char *s, size_t n, uint32_t ch)
{
    if (ch < 0x80)
        return memchr(s, (int)ch, n) != NULL;
    char enc[4];
    int k = utf8_put(ch, enc);
    /* UTF-8 synchronises: a lead byte is never inside another sequence */
    return memmem(s, n, enc, (size_t)k) != NULL;
}

bool re_required_missing(const re_pattern *p, const pv *string)
{
    for (int i = 0; i < p->nreq; i++)
        if (!holds(string->s.p, string->s.len, p->req[i]))
            return true;
    return false;
}
