/* libcurl, loaded on first use.  Linking it directly maps libcurl and its
 * dependency tree (OpenSSL, Kerberos, LDAP, libssh2, ...) into every pystd
 * process and costs ~5 MB of resident memory before a single URL is
 * fetched; most deployments never call urlopen.  net_fetch.c includes this
 * instead of calling libcurl directly: the names below resolve to pointers
 * filled by net_curl_load(). */
#ifndef PYSTD_NET_CURL_H
#define PYSTD_NET_CURL_H

#define CURL_DISABLE_TYPECHECK 1 /* the type-checking macros would hide our pointers */
#include <curl/curl.h>

typedef struct net_curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *h);
    void (*easy_reset)(CURL *h);
    CURLcode (*easy_setopt)(CURL *h, CURLoption o, ...);
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO i, ...);
    const char *(*easy_strerror)(CURLcode c);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *m);
    CURLMcode (*multi_add_handle)(CURLM *m, CURL *h);
    CURLMcode (*multi_remove_handle)(CURLM *m, CURL *h);
    CURLMcode (*multi_perform)(CURLM *m, int *running);
    CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd *fds, unsigned n, int timeout_ms, int *numfds);
    CURLMsg *(*multi_info_read)(CURLM *m, int *left);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
} net_curl_api;

extern net_curl_api net_curl;

/* dlopen libcurl and resolve every function (once; thread-safe).
 * 0, or -1 with a reason in msg. */
int net_curl_load(char *msg, size_t msglen);

/* curl.h defines these two as macros of themselves (to count arguments). */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init net_curl.global_init
#define curl_easy_init net_curl.easy_init
#define curl_easy_cleanup net_curl.easy_cleanup
#define curl_easy_reset net_curl.easy_reset
#define curl_easy_setopt net_curl.easy_setopt
#define curl_easy_getinfo net_curl.easy_getinfo
#define curl_easy_strerror net_curl.easy_strerror
#define curl_multi_init net_curl.multi_init
#define curl_multi_cleanup net_curl.multi_cleanup
#define curl_multi_add_handle net_curl.multi_add_handle
#define curl_multi_remove_handle net_curl.multi_remove_handle
#define curl_multi_perform net_curl.multi_perform
#define curl_multi_poll net_curl.multi_poll
#define curl_multi_info_read net_curl.multi_info_read
#define curl_slist_append net_curl.slist_append
#define curl_slist_free_all net_curl.slist_free_all

#endif
