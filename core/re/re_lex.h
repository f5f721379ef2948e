/* Lib/re/_parser.py's Tokenizer in C, shared by the pattern parser
 * (re_parse*.c) and the replacement templates (re_template.c) as CPython
 * shares one: the text read as tokens (a character, or a backslash and the
 * character after it), the position arithmetic of its error messages, and
 * re.error itself ("msg at position P (line L, column C)").
 *
 * Everything is allocated in the lexer's arena. */
#ifndef PYSTD_RE_LEX_H
#define PYSTD_RE_LEX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "py/py_err.h"

/* re.error with CPython's message: "msg at position P (line L, column C)".
 * pos < 0: no position (pos: null). */
int re_error(py_err *err, arena *a, const uint32_t *pat, size_t n, long pos, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

int re_verror(py_err *err, arena *a, const uint32_t *pat, size_t n, long pos, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* A token as the Tokenizer hands it out: None (len 0), "c" (1) or "\\c" (2). */
typedef struct re_token {
    int len;
    uint32_t c;
} re_token;

static inline bool re_token_is(re_token t, uint32_t c)
{
    return t.len == 1 && t.c == c;
}

/* The Tokenizer: `next` is the token after the one last read. */
typedef struct re_lexer {
    arena *a;
    py_err *err;
    const uint32_t *s; /* the text, code points */
    size_t n;
    size_t index;
    int next_len; /* the next token: 0 None, 1 a character, 2 a backslash escape */
    uint32_t next;
} re_lexer;

/* Starts reading s (n code points); -1 with re.error for a trailing backslash. */
int re_lex_init(re_lexer *lx, arena *a, py_err *err, const uint32_t *s, size_t n);

/* Tokenizer.__next: reads the token after `next`. */
int re_lex_next(re_lexer *lx);

/* Tokenizer.next (no advance) */
static inline re_token re_lex_peek(const re_lexer *lx)
{
    return (re_token){lx->next_len, lx->next};
}

/* Tokenizer.tell: where the next token starts. */
static inline long re_lex_tell(const re_lexer *lx)
{
    return (long)lx->index - lx->next_len;
}

/* Tokenizer.get: *t = the next token; advances. */
int re_lex_get(re_lexer *lx, re_token *t);

/* Tokenizer.match(c): 1 matched (and advanced), 0 not, -1 error. */
int re_lex_match(re_lexer *lx, uint32_t c);

/* Tokenizer.seek */
int re_lex_seek(re_lexer *lx, size_t index);

/* Tokenizer.error(msg, offset): re.error at tell() - offset. */
int re_lex_error(re_lexer *lx, long offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A growable code-point string (what the Tokenizer's methods return). */
typedef struct re_u32s {
    uint32_t *p;
    size_t len, cap;
} re_u32s;

void re_u32s_push(arena *a, re_u32s *s, uint32_t c);
/* Appends a token as its text ("c" or "\\c"). */
void re_u32s_push_token(arena *a, re_u32s *s, re_token t);
/* UTF-8 of the string, NUL-terminated, in the arena. */
char *re_u32s_utf8(arena *a, const re_u32s *s);

/* Tokenizer.getwhile(n, charset), appended to *out. */
int re_lex_getwhile(re_lexer *lx, int n, bool (*set)(uint32_t), re_u32s *out);

/* Tokenizer.getuntil(terminator, name) into *out (reset first). */
int re_lex_getuntil(re_lexer *lx, uint32_t term, const char *name, re_u32s *out);

/* Tokenizer.checkgroupname for str patterns (offset: as CPython passes it). */
int re_lex_checkgroupname(re_lexer *lx, const re_u32s *name, long offset);

/* A group name that is not an identifier, read as int() the way
 * _parse and parse_template read it: re.error "bad character in group
 * name" unless it is an int >= 0 (or -0), "invalid group reference" from
 * MAXGROUPS up (both at len(name) + 1 back). */
int re_lex_group_number(re_lexer *lx, const re_u32s *name, uint64_t *v);

/* _parser.ESCAPES: \a \b \f \n \r \t \v \\ -> *v. */
bool re_lex_simple_escape(uint32_t c, uint32_t *v);

static inline bool re_is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}
static inline bool re_is_oct(uint32_t c)
{
    return c >= '0' && c <= '7';
}
static inline bool re_is_hex(uint32_t c)
{
    return re_is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline bool re_is_ascii_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The next token is the single character c (Python's `s.next == c`). */
static inline bool re_lex_next_is(const re_lexer *lx, uint32_t c)
{
    return lx->next_len == 1 && lx->next == c;
}

#endif
