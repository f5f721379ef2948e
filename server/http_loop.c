/* The HTTP workers (http_conn.h): one epoll loop per thread, each owning
 * the connections handed to it from accept to close; the limits on open
 * connections (--max-conns, --max-conns-per-ip); wake-ups from other
 * threads (hconn_resume) through an eventfd and a locked inbox. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "base/config.h"
#include "http_conn_int.h"
#include "log.h"

#define EVENTS 128

struct hworker {
    int ep, wake;
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    hconn *inbox;   /* new connections (guarded by mu) */
    hconn *resumes; /* resumed ones, by next_resume (guarded by mu) */
    bool stopping;  /* guarded by mu */
    hconn *conns;   /* this thread's, by next/prev */
};

static hworker *workers;
static unsigned nworkers;
static _Atomic unsigned turn;
static atomic_long open_conns;

/* ------------------------------------------------------------ per-address counts */

typedef struct ip_slot {
    unsigned char addr[16];
    unsigned count; /* 0: free */
    bool used;      /* ever: probes go on past it */
} ip_slot;

static size_t ip_slots;

static pthread_mutex_t ip_mu = PTHREAD_MUTEX_INITIALIZER;
static ip_slot *ips;

static void ip_key(const struct sockaddr *sa, unsigned char out[16])
{
    memset(out, 0, 16);
    if (sa->sa_family == AF_INET) {
        out[10] = out[11] = 0xff; /* as an IPv4-mapped IPv6 address */
        memcpy(out + 12, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
        memcpy(out, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
    }
}

static size_t ip_hash(const unsigned char k[16])
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 16; i++)
        h = (h ^ k[i]) * 1099511628211ull;
    return (size_t)(h % ip_slots);
}

/* Counts one more connection of sa's address; false (and nothing counted)
 * when it has --max-conns-per-ip already or the table is full. */
static bool ip_take(const struct sockaddr *sa)
{
    if (!config.max_conns_per_ip)
        return true;
    unsigned char k[16];
    ip_key(sa, k);
    bool ok = false;
    pthread_mutex_lock(&ip_mu);
    size_t h = ip_hash(k);
    ip_slot *free_slot = NULL;
    for (size_t i = 0; i < ip_slots; i++) {
        ip_slot *s = &ips[(h + i) % ip_slots];
        if (s->count && memcmp(s->addr, k, 16) == 0) {
            if (s->count < (unsigned)config.max_conns_per_ip) {
                s->count++;
                ok = true;
            }
            free_slot = NULL;
            break;
        }
        if (!s->count && !free_slot)
            free_slot = s;
        if (!s->used)
            break; /* never used: the address is not further on */
    }
    if (free_slot) {
        memcpy(free_slot->addr, k, 16);
        free_slot->count = 1;
        free_slot->used = true;
        ok = true;
    }
    pthread_mutex_unlock(&ip_mu);
    return ok;
}

static void ip_give(const struct sockaddr *sa)
{
    if (!config.max_conns_per_ip)
        return;
    unsigned char k[16];
    ip_key(sa, k);
    pthread_mutex_lock(&ip_mu);
    size_t h = ip_hash(k);
    for (size_t i = 0; i < ip_slots; i++) {
        ip_slot *s = &ips[(h + i) % ip_slots];
        if (s->count && memcmp(s->addr, k, 16) == 0) {
            s->count--; /* its address stays: later probes pass over it */
            break;
        }
    }
    pthread_mutex_unlock(&ip_mu);
}

/* ------------------------------------------------------------ the workers */

static void wake(hworker *w)
{
    uint64_t one = 1;
    ssize_t r = write(w->wake, &one, sizeof one);
    (void)r;
}

void loop_forget(hconn *c)
{
    hworker *w = c->w;
    if (c->prev)
        c->prev->next = c->next;
    else if (w->conns == c)
        w->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    ip_give((const struct sockaddr *)&c->peer);
    atomic_fetch_sub(&open_conns, 1);
}

void hconn_resume(hconn *c)
{
    hworker *w = c->w;
    pthread_mutex_lock(&w->mu);
    if (!c->resume_queued) {
        c->resume_queued = true;
        c->next_resume = w->resumes;
        w->resumes = c;
    }
    pthread_mutex_unlock(&w->mu);
    wake(w);
}

static void adopt(hworker *w, hconn *c)
{
    c->w = w;
    c->prev = NULL;
    c->next = w->conns;
    if (w->conns)
        w->conns->prev = c;
    w->conns = c;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c};
    if (epoll_ctl(w->ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        conn_free(c);
        return;
    }
    c->writable = true;
}

/* Runs c; on the retry list when it has more to do at once.  Each
 * connection runs at most once a round, so one freed in a round is never
 * met again in it: the round's events first (the retry list's own are
 * left to the list), then the inbox, then the list. */
static void run_one(hconn **retry, hconn *c)
{
    if (conn_run(c) && c->retry && !c->suspended) {
        c->in_retry = true;
        c->next_resume = *retry;
        *retry = c;
    }
}

/* The inbox: new connections and resumed ones.  false once stopping. */
static bool take_inbox(hworker *w, hconn **retry)
{
    uint64_t n;
    ssize_t r = read(w->wake, &n, sizeof n);
    (void)r;
    pthread_mutex_lock(&w->mu);
    hconn *fresh = w->inbox, *res = w->resumes;
    bool stopping = w->stopping;
    w->inbox = w->resumes = NULL;
    for (hconn *c = res; c; c = c->next_resume)
        c->resume_queued = false;
    pthread_mutex_unlock(&w->mu);
    while (fresh) {
        hconn *c = fresh;
        fresh = c->next;
        adopt(w, c);
    }
    while (res) {
        hconn *c = res;
        res = c->next_resume;
        c->suspended = false;
        c->kick = true;
        if (!c->in_retry)
            run_one(retry, c);
    }
    return !stopping;
}

static void *worker_main(void *arg)
{
    hworker *w = arg;
    struct epoll_event ev[EVENTS];
    hconn *retry = NULL;
    for (;;) {
        int n = epoll_wait(w->ep, ev, EVENTS, retry ? 0 : -1);
        if (n < 0 && errno != EINTR)
            break;
        hconn *again = retry;
        retry = NULL;
        bool inbox = false, go_on = true;
        for (int i = 0; i < n; i++) {
            hconn *c = ev[i].data.ptr;
            if (!c) {
                inbox = true;
                continue;
            }
            uint32_t e = ev[i].events;
            if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
                c->readable = true;
            if (e & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
                c->peer_done = true;
            if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR))
                c->writable = true;
            if (!c->suspended && !c->in_retry)
                run_one(&retry, c);
        }
        if (inbox)
            go_on = take_inbox(w, &retry);
        while (again) {
            hconn *c = again;
            again = c->next_resume;
            c->in_retry = false;
            if (!c->suspended)
                run_one(&retry, c);
        }
        if (!go_on)
            break;
    }
    while (w->conns) /* stopping: every connection closes, suspended ones included */
        conn_free(w->conns);
    return NULL;
}

/* ------------------------------------------------------------ start, add, stop */

int hconn_start(unsigned threads, const http_handlers *h)
{
    conn_handlers = h;
    nworkers = threads ? threads : 1;
    ip_slots = 2 * (size_t)(config.max_conns > 32 ? config.max_conns : 32);
    ips = calloc(ip_slots, sizeof *ips);
    workers = calloc(nworkers, sizeof *workers);
    if (!ips || !workers)
        return -1;
    for (unsigned i = 0; i < nworkers; i++) {
        hworker *w = &workers[i];
        pthread_mutex_init(&w->mu, NULL);
        w->ep = epoll_create1(EPOLL_CLOEXEC);
        w->wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
        if (w->ep < 0 || w->wake < 0 || epoll_ctl(w->ep, EPOLL_CTL_ADD, w->wake, &ev) < 0)
            return -1;
        w->started = pthread_create(&w->thread, NULL, worker_main, w) == 0;
        if (!w->started)
            return -1;
    }
    return 0;
}

void hconn_add(int fd, const struct sockaddr *peer, socklen_t len)
{
    if (atomic_fetch_add(&open_conns, 1) >= (long)config.max_conns) {
        atomic_fetch_sub(&open_conns, 1);
        close(fd);
        return;
    }
    if (!ip_take(peer)) {
        atomic_fetch_sub(&open_conns, 1);
        close(fd);
        return;
    }
    hconn *c = conn_new(fd, peer, len);
    if (!c) {
        ip_give(peer);
        atomic_fetch_sub(&open_conns, 1);
        close(fd);
        return;
    }
    hworker *w = &workers[atomic_fetch_add(&turn, 1) % nworkers];
    c->w = w;
    pthread_mutex_lock(&w->mu);
    c->next = w->inbox;
    w->inbox = c;
    pthread_mutex_unlock(&w->mu);
    wake(w);
}

void hconn_stop(void)
{
    if (!workers)
        return;
    for (unsigned i = 0; i < nworkers; i++) {
        hworker *w = &workers[i];
        if (!w->started)
            continue;
        pthread_mutex_lock(&w->mu);
        w->stopping = true;
        pthread_mutex_unlock(&w->mu);
        wake(w);
    }
    for (unsigned i = 0; i < nworkers; i++) {
        hworker *w = &workers[i];
        if (w->started)
            pthread_join(w->thread, NULL);
        /* connections handed over but never adopted */
        for (hconn *c = w->inbox; c;) {
            hconn *next = c->next;
            conn_free(c);
            c = next;
        }
        if (w->ep >= 0)
            close(w->ep);
        if (w->wake >= 0)
            close(w->wake);
        pthread_mutex_destroy(&w->mu);
    }
    free(workers);
    workers = NULL;
    free(ips);
    ips = NULL;
}
