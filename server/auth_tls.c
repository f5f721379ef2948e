/* HTTPS (--tls-cert, --tls-key): GnuTLS sessions for the connections of
 * http_conn.c, TLS 1.2 and 1.3 with AEAD ciphers and forward secrecy only;
 * plain HTTP on the port fails its handshake.  The certificate is handed to GnuTLS per handshake by a
 * callback, so SIGHUP can load a renewed one (auth_tls_reload) while
 * connections go on.  A replaced certificate is kept until exit: a
 * handshake may still be using it (a few KiB per reload).
 *
 * And the client side of --check-health when HTTPS is on. */
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "base/config.h"
#include "log.h"

#define MAX_CHAIN 8

/* No CBC, no RSA key exchange, no TLS 1.1 or older. */
static const char PRIORITIES[] = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-CIPHER-ALL:+AES-256-GCM:"
                                 "+AES-128-GCM:+CHACHA20-POLY1305:-MAC-ALL:+AEAD:-KX-ALL:+ECDHE-ECDSA:"
                                 "+ECDHE-RSA:%SERVER_PRECEDENCE";

typedef struct tls_cred {
    gnutls_pcert_st pcert[MAX_CHAIN];
    unsigned n;
    gnutls_privkey_t key;
    struct tls_cred *older; /* replaced ones, freed at exit */
} tls_cred;

static _Atomic(tls_cred *) current;
static gnutls_certificate_credentials_t server_cred; /* hands `current` to each handshake */
static gnutls_priority_t server_prio;
static pthread_mutex_t reload_mu = PTHREAD_MUTEX_INITIALIZER;

bool auth_tls_enabled(void)
{
    return config.tls_cert && config.tls_cert[0] && config.tls_key && config.tls_key[0];
}

static void cred_free(tls_cred *c)
{
    while (c) {
        tls_cred *next = c->older;
        for (unsigned i = 0; i < c->n; i++)
            gnutls_pcert_deinit(&c->pcert[i]);
        if (c->key)
            gnutls_privkey_deinit(c->key);
        free(c);
        c = next;
    }
}

static tls_cred *load(void)
{
    gnutls_datum_t cert = {NULL, 0}, key = {NULL, 0};
    tls_cred *c = calloc(1, sizeof *c);
    const char *what = "out of memory";
    int rc = c ? 0 : -1;
    if (rc == 0 && (rc = gnutls_load_file(config.tls_cert, &cert)) < 0)
        what = "cannot read --tls-cert";
    else if (rc == 0 && (rc = gnutls_load_file(config.tls_key, &key)) < 0)
        what = "cannot read --tls-key";
    if (rc == 0) {
        c->n = MAX_CHAIN;
        rc = gnutls_pcert_list_import_x509_raw(c->pcert, &c->n, &cert, GNUTLS_X509_FMT_PEM, 0);
        if (rc < 0) {
            c->n = 0;
            what = "--tls-cert is not a PEM certificate (chain of at most 8)";
        }
    }
    if (rc == 0 && ((rc = gnutls_privkey_init(&c->key)) < 0 ||
                    (rc = gnutls_privkey_import_x509_raw(c->key, &key, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0))
        what = "--tls-key is not a PEM private key (unencrypted)";
    if (rc == 0) { /* the key must be the certificate's: sign, and verify with the certificate */
        gnutls_datum_t data = {(unsigned char *)"pystd", 5}, sig = {NULL, 0};
        rc = gnutls_privkey_sign_data(c->key, GNUTLS_DIG_SHA256, 0, &data, &sig);
        if (rc == 0) {
            gnutls_sign_algorithm_t algo =
                gnutls_pk_to_sign(gnutls_privkey_get_pk_algorithm(c->key, NULL), GNUTLS_DIG_SHA256);
            rc = gnutls_pubkey_verify_data2(c->pcert[0].pubkey, algo, 0, &data, &sig);
        }
        gnutls_free(sig.data);
        if (rc < 0)
            what = "--tls-key is not the key of --tls-cert";
    }
    if (key.data) {
        memset(key.data, 0, key.size);
        gnutls_free(key.data);
    }
    gnutls_free(cert.data);
    if (rc < 0) {
        log_msg(LOG_ERROR, "%s (%s, %s): %s", what, config.tls_cert, config.tls_key,
                rc == -1 ? "" : gnutls_strerror(rc));
        cred_free(c);
        return NULL;
    }
    return c;
}

static int retrieve(gnutls_session_t s, const gnutls_datum_t *req_ca_dn, int nreqs,
                    const gnutls_pk_algorithm_t *pk_algos, int npk, gnutls_pcert_st **pcert, unsigned *n,
                    gnutls_privkey_t *key)
{
    (void)s, (void)req_ca_dn, (void)nreqs, (void)pk_algos, (void)npk;
    tls_cred *c = atomic_load(&current);
    if (!c)
        return -1;
    *pcert = c->pcert;
    *n = c->n;
    *key = c->key;
    return 0;
}

int auth_tls_init(void)
{
    if ((config.tls_cert && config.tls_cert[0]) != (config.tls_key && config.tls_key[0])) {
        log_msg(LOG_ERROR, "--tls-cert and --tls-key go together");
        return -1;
    }
    if (!auth_tls_enabled())
        return 0;
    if (gnutls_certificate_allocate_credentials(&server_cred) < 0) {
        log_msg(LOG_ERROR, "GnuTLS: cannot allocate credentials");
        return -1;
    }
    gnutls_certificate_set_retrieve_function2(server_cred, retrieve);
    if (gnutls_priority_init(&server_prio, PRIORITIES, NULL) < 0) {
        log_msg(LOG_ERROR, "GnuTLS: the cipher priorities are refused");
        return -1;
    }
    tls_cred *c = load();
    if (!c)
        return -1;
    atomic_store(&current, c);
    return 0;
}

int auth_tls_reload(void)
{
    if (!auth_tls_enabled())
        return 0;
    tls_cred *c = load();
    if (!c) {
        log_msg(LOG_ERROR, "SIGHUP: the certificate was not reloaded, the previous one stays");
        return -1;
    }
    pthread_mutex_lock(&reload_mu);
    c->older = atomic_load(&current);
    atomic_store(&current, c);
    pthread_mutex_unlock(&reload_mu);
    log_msg(LOG_WARN, "SIGHUP: --tls-cert %s reloaded", config.tls_cert);
    return 0;
}

void auth_tls_fini(void)
{
    cred_free(atomic_exchange(&current, NULL));
    if (server_cred)
        gnutls_certificate_free_credentials(server_cred);
    if (server_prio)
        gnutls_priority_deinit(server_prio);
    server_cred = NULL;
    server_prio = NULL;
}

int auth_tls_session(gnutls_session_t *out, int fd)
{
    gnutls_session_t s;
    if (gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL) < 0)
        return -1;
    if (gnutls_priority_set(s, server_prio) < 0 ||
        gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, server_cred) < 0) {
        gnutls_deinit(s);
        return -1;
    }
    gnutls_certificate_server_set_request(s, GNUTLS_CERT_IGNORE);
    gnutls_transport_set_int(s, fd);
    *out = s;
    return 0;
}

/* --check-health over TLS: this process's own server on loopback, so the
 * certificate is not verified (the probe asks "is it up", not "is it who"). */
long auth_tls_exchange(int fd, const char *req, size_t len, char *buf, size_t cap)
{
    gnutls_certificate_credentials_t cred = NULL;
    gnutls_session_t s = NULL;
    long got = -1;
    if (gnutls_certificate_allocate_credentials(&cred) < 0 || gnutls_init(&s, GNUTLS_CLIENT) < 0)
        goto out;
    if (gnutls_priority_set_direct(s, PRIORITIES, NULL) < 0 ||
        gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred) < 0)
        goto out;
    gnutls_transport_set_int(s, fd);
    gnutls_handshake_set_timeout(s, 3000);
    int rc;
    do
        rc = gnutls_handshake(s);
    while (rc < 0 && !gnutls_error_is_fatal(rc));
    if (rc < 0 || gnutls_record_send(s, req, len) != (ssize_t)len)
        goto out;
    ssize_t n = gnutls_record_recv(s, buf, cap);
    got = n > 0 ? (long)n : -1;
    gnutls_bye(s, GNUTLS_SHUT_WR);
out:
    if (s)
        gnutls_deinit(s);
    if (cred)
        gnutls_certificate_free_credentials(cred);
    return got;
}
