/* libcurl loaded at run time (net_curl.h): dlopen once, every function
 * pystd calls looked up into net_curl, or the reason it could not be. */
#include "net/net_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

net_curl_api net_curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[200];

/* The symbol names, in the order of net_curl_api's members. */
static const char *const NAMES[] = {
    "curl_global_init",   "curl_easy_init",        "curl_easy_cleanup",        "curl_easy_reset",
    "curl_easy_setopt",   "curl_easy_getinfo",     "curl_easy_strerror",       "curl_multi_init",
    "curl_multi_cleanup", "curl_multi_add_handle", "curl_multi_remove_handle", "curl_multi_perform",
    "curl_multi_poll",    "curl_multi_info_read",  "curl_slist_append",        "curl_slist_free_all",
};

static void load(void)
{
    /* libcurl4-openssl-dev's soname; the handle stays open for the process. */
    void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(load_error, sizeof load_error, "cannot load libcurl: %s", dlerror());
        return;
    }
    void **slots = (void **)(void *)&net_curl;
    _Static_assert(sizeof net_curl == sizeof NAMES / sizeof NAMES[0] * sizeof(void *),
                   "net_curl_api and NAMES must list the same functions");
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        void *f = dlsym(h, NAMES[i]);
        if (!f) {
            snprintf(load_error, sizeof load_error, "libcurl lacks %s", NAMES[i]);
            memset(&net_curl, 0, sizeof net_curl);
            return;
        }
        memcpy(&slots[i], &f, sizeof f);
    }
}

int net_curl_load(char *msg, size_t msglen)
{
    pthread_once(&once, load);
    if (net_curl.slist_free_all)
        return 0;
    if (msg && msglen)
        snprintf(msg, msglen, "%s", load_error);
    return -1;
}
