/* Base64 as Python's base64.b64encode / b64decode(validate=True). */
#ifndef PYSTD_BASE64_H
#define PYSTD_BASE64_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"

void base64_encode(strbuf *out, const void *data, size_t n);
/* Appends the decoded bytes to out; false (and out unchanged in length)
 * when s is not valid base64 in the strict sense of validate=True. */
bool base64_decode(strbuf *out, const char *s, size_t n);

#endif
