/* HTTP/1.1 request heads and chunked bodies (http_parse.h). */
#include "http_parse.h"

#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/hexdig.h"

/* tchar of RFC 9110, 5.6.2 */
static const unsigned char TCHAR[256] = {
    ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['*'] = 1, ['+'] = 1, ['-'] = 1,
    ['.'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['|'] = 1, ['~'] = 1,  ['0'] = 1, ['1'] = 1, ['2'] = 1,
    ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,  ['9'] = 1, ['A'] = 1, ['B'] = 1,
    ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,  ['I'] = 1, ['J'] = 1, ['K'] = 1,
    ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,  ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,  ['a'] = 1, ['b'] = 1, ['c'] = 1,
    ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,  ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,  ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static bool is_tchar(unsigned char c)
{
    return TCHAR[c] != 0;
}

/* field-value bytes: HTAB, SP, VCHAR, obs-text */
static bool is_vbyte(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* true when s[0..n) holds a byte that is no field-value byte (a control
 * other than HTAB, or DEL): 16 bytes a step where SSE2 is (every x86-64) */
static bool bad_value(const char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i below = _mm_set1_epi8(0x1f), tab = _mm_set1_epi8('\t'), del = _mm_set1_epi8(0x7f);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, below), v); /* v <= 0x1f, unsigned */
        __m128i bad = _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(v, tab), ctl), _mm_cmpeq_epi8(v, del));
        if (_mm_movemask_epi8(bad))
            return true;
    }
#endif
    for (; i < n; i++)
        if (!is_vbyte((unsigned char)s[i]))
            return true;
    return false;
}

/* a request-target byte: printable, no space */
static bool is_target(unsigned char c)
{
    return c > 0x20 && c != 0x7f;
}

static bool ieq(const char *a, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(a, lit, n) == 0;
}

/* The end of the head (the index just past its empty line), 0 when not
 * there yet, or (size_t)-1 on a bare LF. */
static size_t head_end(const char *buf, size_t start, size_t n, size_t *scan)
{
    size_t i = *scan > start ? *scan : start;
    for (; i < n; i++) {
        const char *nl = memchr(buf + i, '\n', n - i);
        if (!nl)
            break;
        i = (size_t)(nl - buf);
        if (i == 0 || buf[i - 1] != '\r')
            return (size_t)-1;
        if (i >= start + 3 && buf[i - 2] == '\n') /* "\r\n\r\n" */
            return i + 1;
    }
    *scan = n;
    return 0;
}

static http_parse_rc content_length(http_req *r, const char *v, size_t n)
{
    if (n == 0 || n > 19)
        return HP_BAD;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return HP_BAD;
        x = x * 10 + (uint64_t)(v[i] - '0');
    }
    if (r->has_length && r->length != x)
        r->length_conflict = true;
    r->has_length = true;
    r->length = x;
    return HP_OK;
}

/* Connection: a comma-separated list of options. */
static void connection(http_req *r, const char *v, size_t n, bool *keep_alive)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        size_t s = i;
        while (i < n && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
            i++;
        if (ieq(v + s, i - s, "close"))
            r->close = true;
        else if (ieq(v + s, i - s, "keep-alive"))
            *keep_alive = true;
    }
}

static http_parse_rc field(http_req *r, const char *name, size_t nl, const char *v, size_t vl,
                           bool *keep_alive)
{
    switch (nl) {
    case 4:
        if (ieq(name, nl, "Host"))
            r->hosts++;
        break;
    case 6:
        if (ieq(name, nl, "Expect") && ieq(v, vl, "100-continue"))
            r->expect_continue = true;
        break;
    case 10:
        if (ieq(name, nl, "Connection"))
            connection(r, v, vl, keep_alive);
        break;
    case 14:
        if (ieq(name, nl, "Content-Length"))
            return content_length(r, v, vl);
        break;
    case 17:
        if (ieq(name, nl, "Transfer-Encoding")) {
            if (!ieq(v, vl, "chunked"))
                return HP_CODING;
            if (r->chunked)
                return HP_BAD;
            r->chunked = true;
        }
        break;
    default:
        break;
    }
    return HP_OK;
}

/* method SP request-target SP HTTP-version, ending at `end` (its CR) */
static http_parse_rc request_line(char *p, char *end, http_req *r, char **after)
{
    char *s = p;
    while (p < end && is_tchar((unsigned char)*p))
        p++;
    if (p == s || p == end || *p != ' ')
        return HP_BAD;
    *p++ = '\0';
    r->method = s;
    s = p;
    while (p < end && is_target((unsigned char)*p))
        p++;
    if (p == s || p == end || *p != ' ')
        return HP_BAD;
    *p++ = '\0';
    r->target = s;
    if (end - p != 8 || memcmp(p, "HTTP/", 5) != 0 || p[5] < '0' || p[5] > '9' || p[6] != '.' || p[7] < '0' ||
        p[7] > '9')
        return HP_BAD;
    if (p[5] != '1')
        return HP_VERSION;
    r->minor = p[7] == '0' ? 0 : 1;
    *after = end + 2;
    return HP_OK;
}

http_parse_rc http_parse_head(char *buf, size_t n, size_t *scan, size_t *head_len, http_req *r)
{
    size_t start = 0; /* past the empty lines before the request line, at every call */
    while (start + 1 < n && buf[start] == '\r' && buf[start + 1] == '\n')
        start += 2;
    size_t end = head_end(buf, start, n, scan);
    if (end == (size_t)-1)
        return HP_BAD;
    if (end == 0)
        return HP_INCOMPLETE;
    memset(r, 0, sizeof *r);
    char *line_end = memchr(buf + start, '\r', end - start);
    char *p;
    http_parse_rc rc = request_line(buf + start, line_end, r, &p);
    if (rc != HP_OK)
        return rc;
    bool keep_alive = false;
    char *w = p; /* the fields are rewritten from here on */
    r->fields = w;
    char *stop = buf + end - 2; /* the empty line's CR */
    while (p < stop) {
        char *le = memchr(p, '\r', (size_t)(stop - p));
        if (!le || le[1] != '\n')
            return HP_BAD;
        char *name = p;
        while (p < le && is_tchar((unsigned char)*p))
            p++;
        if (p == name || p == le || *p != ':')
            return HP_BAD; /* no name, a space before the colon, a folded line, no colon */
        size_t nl = (size_t)(p - name);
        p++;
        while (p < le && (*p == ' ' || *p == '\t'))
            p++;
        char *v = p, *ve = le;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        size_t vl = (size_t)(ve - v);
        if (bad_value(v, vl))
            return HP_BAD;
        rc = field(r, name, nl, v, vl, &keep_alive);
        if (rc != HP_OK)
            return rc;
        memmove(w, name, nl);
        w[nl] = '\0';
        memmove(w + nl + 1, v, vl);
        w[nl + 1 + vl] = '\0';
        w += nl + vl + 2;
        r->nfields++;
        p = le + 2;
    }
    if (r->has_length && r->chunked)
        r->length_conflict = true;
    if (r->minor == 0) {
        r->expect_continue = false;
        if (!keep_alive)
            r->close = true;
    }
    *head_len = end;
    return HP_OK;
}

const char *http_req_field(const http_req *r, const char *name)
{
    size_t want = strlen(name);
    const char *p = r->fields;
    for (unsigned i = 0; i < r->nfields; i++) {
        size_t nl = strlen(p);
        const char *v = p + nl + 1;
        if (nl == want && strcasecmp(p, name) == 0)
            return v;
        p = v + strlen(v) + 1;
    }
    return NULL;
}

void http_req_fields(const http_req *r, http_field_fn each, void *cls)
{
    const char *p = r->fields;
    for (unsigned i = 0; i < r->nfields; i++) {
        size_t nl = strlen(p);
        const char *v = p + nl + 1;
        size_t vl = strlen(v);
        if (!each(cls, p, nl, v, vl))
            return;
        p = v + vl + 1;
    }
}

/* ------------------------------------------------------------ chunked bodies */

enum { C_SIZE, C_EXT, C_SIZE_LF, C_DATA, C_DATA_CR, C_DATA_LF, C_TRAILER, C_TRAILER_LF, C_DONE };

#define CHUNK_LINE_MAX 4096
#define TRAILER_MAX (16 * 1024)

long http_chunked_decode(http_chunked *c, char *buf, size_t n, size_t *out_len, bool *done)
{
    size_t i = 0, o = 0;
    *done = c->state == C_DONE;
    while (i < n && c->state != C_DONE) {
        unsigned char ch = (unsigned char)buf[i];
        switch (c->state) {
        case C_SIZE: {
            int h = hexdig_value((unsigned char)ch);
            if (h >= 0) {
                if (++c->digits > 15)
                    return -1;
                c->left = c->left * 16 + (uint64_t)h;
            } else if (c->digits == 0) {
                return -1;
            } else if (ch == ';' || ch == ' ' || ch == '\t') {
                c->state = C_EXT;
            } else if (ch == '\r') {
                c->state = C_SIZE_LF;
            } else {
                return -1;
            }
            i++;
            break;
        }
        case C_EXT:
            if (ch == '\r')
                c->state = C_SIZE_LF;
            else if (ch == '\n' || (ch < 0x20 && ch != '\t') || ch == 0x7f)
                return -1;
            i++;
            break;
        case C_SIZE_LF:
            if (ch != '\n')
                return -1;
            i++;
            c->state = c->left ? C_DATA : C_TRAILER;
            c->digits = 0;
            c->line = 0;
            continue;
        case C_DATA: {
            size_t k = n - i;
            if (k > c->left)
                k = (size_t)c->left;
            memmove(buf + o, buf + i, k);
            o += k;
            i += k;
            c->left -= k;
            if (!c->left)
                c->state = C_DATA_CR;
            continue;
        }
        case C_DATA_CR:
            if (ch != '\r')
                return -1;
            c->state = C_DATA_LF;
            i++;
            continue;
        case C_DATA_LF:
            if (ch != '\n')
                return -1;
            c->state = C_SIZE;
            i++;
            continue;
        case C_TRAILER: /* trailer lines, then an empty one; each byte counted */
            if (++c->trailer > TRAILER_MAX)
                return -1;
            if (ch == '\r')
                c->state = C_TRAILER_LF;
            else if (ch == '\n' || ch == 0)
                return -1;
            else
                c->line++;
            i++;
            continue;
        case C_TRAILER_LF:
            if (ch != '\n')
                return -1;
            i++;
            if (c->line == 0)
                c->state = C_DONE;
            else
                c->state = C_TRAILER, c->line = 0;
            continue;
        default:
            break;
        }
        if (++c->line > CHUNK_LINE_MAX)
            return -1;
    }
    *out_len = o;
    *done = c->state == C_DONE;
    return (long)i;
}
