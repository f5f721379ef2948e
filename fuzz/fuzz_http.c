/* libFuzzer: the parsers of request headers the HTTP conventions read
 * (server/): traceparent / tracestate, Accept-Encoding, Content-Encoding,
 * If-None-Match, X-Forwarded-For behind trusted proxies, on arbitrary text;
 * and the capped inflating of a request
 * body, gzip and deflate, on arbitrary bytes (1 MiB at most out). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "http_codec.h"
#include "http_proxy.h"
#include "net/net_policy.h"
#include "static_doc.h"
#include "trace.h"

static int count(void *ctx, const char *p, size_t n)
{
    (void)p;
    *(size_t *)ctx += n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0'; /* a header value ends at its first NUL */
    const char *nul = memchr(s, '\0', size);
    const char *second = nul && nul < s + size ? nul + 1 : "";
    trace_ctx t;
    trace_parse(&t, s, second);
    if (t.valid) {
        char out[56];
        trace_child(&t, out);
        if (!trace_parent_valid(out))
            abort();
    }
    (void)trace_state_valid(s);
    (void)codec_accepts_gzip(s);
    (void)codec_content_coding(s);
    (void)static_doc_none_match(s, "\"abc\"");
    static int proxies = 0;
    if (!proxies) {
        config.trusted_proxies = "127.0.0.0/8, 10.0.0.0/8, fd00::/8";
        proxies = http_proxy_init() == 0 ? 1 : -1;
    }
    char client[64] = "127.0.0.1";
    net_addr ca;
    http_proxy_client(s, client, sizeof client);
    if (proxies < 0 || !net_addr_parse(client, &ca)) /* always an address, never the header's text */
        abort();
    size_t got = 0;
    if (codec_inflate(CODING_GZIP, (const char *)data, size, 1 << 20, count, &got) == CODEC_OK &&
        got > (1 << 20))
        abort();
    got = 0;
    if (codec_inflate(CODING_DEFLATE, (const char *)data, size, 1 << 20, count, &got) == CODEC_OK &&
        got > (1 << 20))
        abort();
    free(s);
    return 0;
}
