/* libFuzzer: robots.txt parsing and the questions asked of it.  The input is
 * the file; its first line doubles as user agent and URL. */
#include <stdint.h>
#include <string.h>

#include "text/utf8.h"
#include "url/url_robots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    char *p = arena_alloc(a, 2 * size + 1);
    size_t k = 0;
    if (utf8_check((const char *)data, size, NULL, NULL, NULL)) {
        memcpy(p, data, size);
        k = size;
    } else {
        for (size_t i = 0; i < size; i++)
            k += (size_t)utf8_put(data[i], p + k);
    }
    p[k] = '\0';
    url_str text = url_str_make(p, k);
    size_t nl = url_str_find(text, '\n', 0);
    url_str first = nl == SIZE_MAX ? text : url_str_sub(text, 0, nl);
    url_robots r;
    url_robots_init(&r);
    py_err e;
    if (url_robots_parse_text(a, &r, text, &e) == 0) {
        bool ok;
        (void)url_robots_can_fetch(a, &r, first, first, &ok, &e);
        (void)url_robots_can_fetch(a, &r, url_str_make("*", 1), url_str_make("/", 1), &ok, &e);
        (void)url_robots_entry_for(&r, first);
    }
    arena_free(a);
    return 0;
}
