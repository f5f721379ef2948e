/* Command line and environment: every setting has a --flag and a PYSTD_*
 * variable (the flag wins).  Fills config. */
#ifndef PYSTD_CLI_H
#define PYSTD_CLI_H

#include <stdbool.h>

typedef struct cli_extra {
    const char *port_file;       /* write the bound port here (tests use --port 0) */
    bool print_openapi;          /* print the OpenAPI document and exit */
    bool check_health;           /* GET /healthz on the configured port; exit 0 if it answers 200 */
    bool check_ready;            /* the same with /readyz (a container's readiness check) */
} cli_extra;

/* 0 to run, 1 to exit successfully (--help, --version), -1 on a bad option. */
int cli_parse(int argc, char **argv, cli_extra *extra);

#endif
