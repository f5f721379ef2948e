/* The vendored /docs assets (Swagger UI from npm), compiled in with the
 * assembler's .incbin when the build found them (server/docs_assets.cmake
 * defines PYSTD_SWAGGER_UI_DIR); otherwise there are none and /docs is the
 * built-in page. */
#include "docs.h"

#ifdef PYSTD_SWAGGER_UI_DIR

/* sym[] .. sym_end[]: the file's bytes in .rodata (sym and file are a
 * declarator and string pieces: no parentheses) */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define INCBIN(sym, file)                                                                                     \
    __asm__(".pushsection .rodata\n.balign 16\n.globl " #sym "\n.hidden " #sym "\n" #sym ":\n.incbin \""       \
            PYSTD_SWAGGER_UI_DIR "/" file "\"\n.globl " #sym "_end\n.hidden " #sym "_end\n" #sym "_end:\n"       \
            ".byte 0\n.popsection\n");                                                                          \
    extern const char sym[], sym##_end[]
/* NOLINTEND(bugprone-macro-parentheses) */

INCBIN(pystd_sui_js, "swagger-ui-bundle.js");
INCBIN(pystd_sui_css, "swagger-ui.css");
INCBIN(pystd_sui_icon, "favicon-32x32.png");
INCBIN(pystd_sui_license, "LICENSE");
INCBIN(pystd_sui_js_license, "swagger-ui-bundle.js.LICENSE.txt");

static const struct {
    const char *name, *ctype;
    const char *start, *end;
} ASSETS[] = {
    {"swagger-ui-bundle.js", "text/javascript; charset=utf-8", pystd_sui_js, pystd_sui_js_end},
    {"swagger-ui.css", "text/css; charset=utf-8", pystd_sui_css, pystd_sui_css_end},
    {"favicon-32x32.png", "image/png", pystd_sui_icon, pystd_sui_icon_end},
    {"LICENSE", "text/plain; charset=utf-8", pystd_sui_license, pystd_sui_license_end},
    {"swagger-ui-bundle.js.LICENSE.txt", "text/plain; charset=utf-8", pystd_sui_js_license,
     pystd_sui_js_license_end},
};

const char *docs_swagger_ui_version(void) { return PYSTD_SWAGGER_UI_VERSION; }

const char *docs_asset_at(size_t i, const char **name, size_t *size, const char **ctype)
{
    if (i >= sizeof ASSETS / sizeof ASSETS[0])
        return NULL;
    *name = ASSETS[i].name;
    *size = (size_t)(ASSETS[i].end - ASSETS[i].start);
    *ctype = ASSETS[i].ctype;
    return ASSETS[i].start;
}

#else

const char *docs_swagger_ui_version(void) { return NULL; }

const char *docs_asset_at(size_t i, const char **name, size_t *size, const char **ctype)
{
    (void)i;
    (void)name;
    (void)size;
    (void)ctype;
    return NULL;
}

#endif
