/* Lib/re/_parser.py's Tokenizer and re.error (see re_lex.h). */
#include "re/re_lex.h"

#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"
#include "re/re_parse.h"
#include "re/re_util.h"

/* ------------------------------------------------------------ errors */

int re_verror(py_err *err, arena *a, const uint32_t *pat, size_t n, long pos, const char *fmt, va_list ap)
{
    strbuf sb = STRBUF_INIT;
    strbuf_vprintf(&sb, fmt, ap);
    if (pos >= 0) {
        strbuf_printf(&sb, " at position %ld", pos);
        bool nl = false;
        for (size_t i = 0; i < n; i++)
            if (pat[i] == '\n') {
                nl = true;
                break;
            }
        if (nl) {
            long line = 1, last = -1;
            for (long i = 0; i < pos && (size_t)i < n; i++)
                if (pat[i] == '\n')
                    line++, last = i;
            strbuf_printf(&sb, " (line %ld, column %ld)", line, pos - last);
        }
    }
    py_raise_msg(err, a, "re.error", sb.data ? sb.data : "", sb.len);
    strbuf_free(&sb);
    py_err_extra(err, a, "pos", pos >= 0 ? pv_int(a, pos) : pv_none());
    return -1;
}

int re_error(py_err *err, arena *a, const uint32_t *pat, size_t n, long pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    re_verror(err, a, pat, n, pos, fmt, ap);
    va_end(ap);
    return -1;
}

int re_lex_error(re_lexer *lx, long offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    re_verror(lx->err, lx->a, lx->s, lx->n, re_lex_tell(lx) - offset, fmt, ap);
    va_end(ap);
    return -1;
}

/* ------------------------------------------------------------ tokens */

int re_lex_next(re_lexer *lx)
{
    size_t i = lx->index;
    if (i >= lx->n) {
        lx->next_len = 0;
        return 0;
    }
    uint32_t c = lx->s[i];
    if (c == '\\') {
        i++;
        if (i >= lx->n)
            return re_error(lx->err, lx->a, lx->s, lx->n, (long)lx->n - 1, "bad escape (end of pattern)");
        lx->next = lx->s[i];
        lx->next_len = 2;
    } else {
        lx->next = c;
        lx->next_len = 1;
    }
    lx->index = i + 1;
    return 0;
}

int re_lex_init(re_lexer *lx, arena *a, py_err *err, const uint32_t *s, size_t n)
{
    memset(lx, 0, sizeof *lx);
    lx->a = a;
    lx->err = err;
    lx->s = s;
    lx->n = n;
    return re_lex_next(lx);
}

int re_lex_get(re_lexer *lx, re_token *t)
{
    *t = re_lex_peek(lx);
    return re_lex_next(lx);
}

int re_lex_match(re_lexer *lx, uint32_t c)
{
    if (re_lex_next_is(lx, c))
        return re_lex_next(lx) < 0 ? -1 : 1;
    return 0;
}

int re_lex_seek(re_lexer *lx, size_t index)
{
    lx->index = index;
    return re_lex_next(lx);
}

/* ------------------------------------------------------------ strings */

void re_u32s_push(arena *a, re_u32s *s, uint32_t c)
{
    s->p = re_grow(a, s->p, s->len, &s->cap, sizeof *s->p, 16);
    s->p[s->len++] = c;
}

void re_u32s_push_token(arena *a, re_u32s *s, re_token t)
{
    if (t.len == 2)
        re_u32s_push(a, s, '\\');
    re_u32s_push(a, s, t.c);
}

char *re_u32s_utf8(arena *a, const re_u32s *s)
{
    return re_utf8_a(a, s->p, s->len, NULL);
}

int re_lex_getwhile(re_lexer *lx, int n, bool (*set)(uint32_t), re_u32s *out)
{
    for (int i = 0; i < n; i++) {
        if (lx->next_len != 1 || !set(lx->next))
            break;
        re_u32s_push(lx->a, out, lx->next);
        if (re_lex_next(lx) < 0)
            return -1;
    }
    return 0;
}

int re_lex_getuntil(re_lexer *lx, uint32_t term, const char *name, re_u32s *out)
{
    memset(out, 0, sizeof *out);
    for (;;) {
        re_token c;
        if (re_lex_get(lx, &c) < 0)
            return -1;
        if (c.len == 0) {
            if (!out->len)
                return re_lex_error(lx, 0, "missing %s", name);
            return re_lex_error(lx, (long)out->len, "missing %c, unterminated name", (char)term);
        }
        if (re_token_is(c, term)) {
            if (!out->len)
                return re_lex_error(lx, 1, "missing %s", name);
            break;
        }
        re_u32s_push_token(lx->a, out, c);
    }
    return 0;
}

int re_lex_checkgroupname(re_lexer *lx, const re_u32s *name, long offset)
{
    if (!re_isidentifier(name->p, name->len))
        return re_lex_error(lx, (long)name->len + offset, "bad character in group name %s",
                            re_repr_a(lx->a, name->p, name->len));
    return 0;
}

int re_lex_group_number(re_lexer *lx, const re_u32s *name, uint64_t *v)
{
    bool neg;
    const char *digits;
    long back = (long)name->len + 1;
    if (!re_pyint(lx->a, name->p, name->len, &neg, &digits) || (neg && strcmp(digits, "0") != 0))
        return re_lex_error(lx, back, "bad character in group name %s", re_repr_a(lx->a, name->p, name->len));
    *v = re_digits_value(digits);
    if (*v >= RE_MAXGROUPS)
        return re_lex_error(lx, back, "invalid group reference %s", digits);
    return 0;
}

bool re_lex_simple_escape(uint32_t c, uint32_t *v)
{
    switch (c) {
    case 'a':
        *v = 7;
        return true;
    case 'b':
        *v = 8;
        return true;
    case 'f':
        *v = 12;
        return true;
    case 'n':
        *v = 10;
        return true;
    case 'r':
        *v = 13;
        return true;
    case 't':
        *v = 9;
        return true;
    case 'v':
        *v = 11;
        return true;
    case '\\':
        *v = '\\';
        return true;
    default:
        return false;
    }
}
