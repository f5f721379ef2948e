/* The reason phrase of an HTTP status code (server/http_reason.c). */
#ifndef PYSTD_HTTP_REASON_H
#define PYSTD_HTTP_REASON_H

const char *http_reason(int status); /* "Unknown" for a code it does not know */

#endif
