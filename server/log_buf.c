/* The access log's buffering (log.h): each thread appends its lines to a
 * buffer of its own (LOG_BUF_CAP bytes, allocated on its first line) under
 * a mutex that only the flusher ever takes besides it; a ticker thread
 * writes every buffer out every LOG_FLUSH_NS, and a writer whose buffer
 * is full writes it out itself (one write(2) per LOG_BUF_CAP bytes).  A
 * buffer is written under its own mutex, so a thread's lines keep their
 * order.  log_buf_stop (shutdown) and a thread's exit write what is left. */
#include "log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ticker.h"

#define LOG_BUF_CAP (64 * 1024)
#define LOG_FLUSH_NS (100L * 1000 * 1000)

typedef struct log_tbuf {
    pthread_mutex_t mu;
    size_t len;
    struct log_tbuf *prev, *next; /* the list of every thread's buffer, under list_mu */
    char data[LOG_BUF_CAP];
} log_tbuf;

static pthread_mutex_t list_mu = PTHREAD_MUTEX_INITIALIZER;
static log_tbuf *list_head;
static pthread_key_t tbuf_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static _Thread_local log_tbuf *mine;
static ticker *flusher;
static atomic_bool running; /* between log_buf_start and log_buf_stop */

static void write_all(const char *p, size_t n)
{
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(STDERR_FILENO, p + off, n - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
}

/* With b->mu held. */
static void drain(log_tbuf *b)
{
    if (b->len) {
        write_all(b->data, b->len);
        b->len = 0;
    }
}

static void thread_gone(void *arg)
{
    log_tbuf *b = arg;
    pthread_mutex_lock(&list_mu);
    if (b->prev)
        b->prev->next = b->next;
    else
        list_head = b->next;
    if (b->next)
        b->next->prev = b->prev;
    pthread_mutex_unlock(&list_mu);
    pthread_mutex_lock(&b->mu);
    drain(b);
    pthread_mutex_unlock(&b->mu);
    pthread_mutex_destroy(&b->mu);
    free(b);
}

static void make_key(void)
{
    pthread_key_create(&tbuf_key, thread_gone);
}

/* The calling thread's buffer, or NULL (no memory: the line goes out at once). */
static log_tbuf *own_buffer(void)
{
    if (mine)
        return mine;
    log_tbuf *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    pthread_mutex_init(&b->mu, NULL);
    b->len = 0;
    b->prev = NULL;
    pthread_once(&key_once, make_key);
    pthread_mutex_lock(&list_mu);
    b->next = list_head;
    if (list_head)
        list_head->prev = b;
    list_head = b;
    pthread_mutex_unlock(&list_mu);
    pthread_setspecific(tbuf_key, b);
    mine = b;
    return b;
}

void log_buf_put(const char *line, size_t n)
{
    log_tbuf *b =
        atomic_load_explicit(&running, memory_order_relaxed) && n <= LOG_BUF_CAP ? own_buffer() : NULL;
    if (!b) {
        write_all(line, n);
        return;
    }
    pthread_mutex_lock(&b->mu);
    if (b->len + n > LOG_BUF_CAP)
        drain(b); /* full: out now, in this thread's order */
    memcpy(b->data + b->len, line, n);
    b->len += n;
    pthread_mutex_unlock(&b->mu);
}

void log_buf_flush(void)
{
    pthread_mutex_lock(&list_mu);
    for (log_tbuf *b = list_head; b; b = b->next) {
        pthread_mutex_lock(&b->mu);
        drain(b);
        pthread_mutex_unlock(&b->mu);
    }
    pthread_mutex_unlock(&list_mu);
}

static void tick(void *arg)
{
    (void)arg;
    log_buf_flush();
}

int log_buf_start(void)
{
    flusher = ticker_start(tick, NULL, LOG_FLUSH_NS, "the access log's flusher");
    if (!flusher)
        return -1;
    atomic_store(&running, true);
    return 0;
}

void log_buf_stop(void)
{
    atomic_store(&running, false); /* lines from now on go out at once */
    if (flusher)
        ticker_stop(flusher);
    flusher = NULL;
    log_buf_flush(); /* what the last requests wrote */
}
