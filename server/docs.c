/* GET /docs and GET /docs/<asset>.  With the vendored Swagger UI compiled in
 * (server/docs_assets.c), /docs is Swagger UI on /openapi.json with a search
 * over operations (module, path, operationId, summary) and "try it" enabled
 * against this same origin (the document's first server is "/"); without
 * it, the built-in page (server/docs_builtin.c). */
#include "docs.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

/* @VERSION@ becomes the Swagger UI version (cache busting of the assets). */
static const char SWAGGER_PAGE[] =
    "<!doctype html>\n"
    "<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>pystd API</title>\n"
    "<link rel=\"icon\" type=\"image/png\" href=\"/docs/favicon-32x32.png\">\n"
    "<link rel=\"stylesheet\" href=\"/docs/swagger-ui.css?v=@VERSION@\">\n"
    "<style>\n"
    "body{margin:0;background:#fafbfc}\n"
    ".pystd-bar{position:sticky;top:0;z-index:10;display:flex;align-items:center;gap:20px;padding:10px "
    "28px;background:#15233d;color:#fff;font:15px/1.4 system-ui,-apple-system,\"Segoe "
    "UI\",Roboto,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.25)}\n"
    ".pystd-bar .brand{font-weight:700;font-size:20px;letter-spacing:.3px}\n"
    ".pystd-bar .brand span{color:#ffd43b}\n"
    ".pystd-bar .tag{color:#b9c6dd;font-size:13px;white-space:nowrap}\n"
    ".pystd-bar input{flex:1;max-width:520px;padding:8px "
    "12px;border:0;border-radius:6px;font-size:15px;outline:none}\n"
    ".pystd-bar input:focus{box-shadow:0 0 0 3px #3f7be0}\n"
    ".pystd-bar a{color:#cfe0ff;text-decoration:none;font-size:14px}\n"
    ".pystd-bar a:hover{text-decoration:underline}\n"
    ".pystd-bar .count{color:#b9c6dd;font-size:13px;min-width:120px}\n"
    ".swagger-ui .wrapper{max-width:1280px}\n"
    ".swagger-ui .information-container.wrapper{padding-top:8px}\n"
    ".swagger-ui .info{margin:24px 0 16px}\n"
    ".swagger-ui .info .description table{font-size:13px}\n"
    ".swagger-ui .filter-container{display:none}\n"
    ".swagger-ui .opblock-tag{font-size:22px}\n"
    ".swagger-ui .opblock .opblock-summary-operation-id{font-size:12px;color:#6b7280}\n"
    "#pystd-empty{display:none;max-width:1240px;margin:24px auto;padding:0 20px;font:16px "
    "system-ui,sans-serif;color:#555}\n"
    "</style>\n"
    "</head><body>\n"
    "<header class=\"pystd-bar\">\n"
    "<div class=\"brand\">py<span>std</span></div>\n"
    "<div class=\"tag\">CPython 3.11's standard library over HTTP/JSON</div>\n"
    "<input id=\"pystd-search\" type=\"search\" placeholder=\"Search operations: module, function, path or "
    "summary (e.g. sample, quote, strptime)\" aria-label=\"Search operations\" autocomplete=\"off\">\n"
    "<span class=\"count\" id=\"pystd-count\"></span>\n"
    "<a href=\"/openapi.json\">openapi.json</a>\n"
    "<a href=\"/v1\">/v1</a>\n"
    "</header>\n"
    "<div id=\"swagger-ui\"></div>\n"
    "<p id=\"pystd-empty\">No operation matches.</p>\n"
    "<script src=\"/docs/swagger-ui-bundle.js?v=@VERSION@\"></script>\n"
    "<script>\n"
    "'use strict';\n"
    "// Search: every word must appear in the operation's module (tag), path,\n"
    "// method, operationId, summary or description.\n"
    "function words(q){return String(q||'').toLowerCase().split(/\\s+/).filter(Boolean)}\n"
    "function hits(ws,hay){hay=hay.toLowerCase();return ws.every(function(w){return hay.indexOf(w)>=0})}\n"
    "var SearchPlugin=function(){return{fn:{opsFilter:function(taggedOps,phrase){\n"
    "  var ws=words(phrase);if(!ws.length)return taggedOps;\n"
    "  return taggedOps.map(function(tagObj,tag){\n"
    "    return tagObj.set('operations',tagObj.get('operations').filter(function(op){\n"
    "      var o=op.get('operation');\n"
    "      return "
    "hits(ws,[tag,op.get('path'),op.get('method'),o.get('operationId'),o.get('summary'),o.get('description')]"
    ".join(' '))}))\n"
    "  }).filter(function(tagObj){return tagObj.get('operations').size>0})}}}};\n"
    "window.ui=SwaggerUIBundle({\n"
    "  url:'/openapi.json',dom_id:'#swagger-ui',layout:'BaseLayout',\n"
    "  presets:[SwaggerUIBundle.presets.apis],plugins:[SearchPlugin],\n"
    "  deepLinking:true,docExpansion:'none',defaultModelsExpandDepth:0,defaultModelExpandDepth:3,\n"
    "  displayOperationId:true,displayRequestDuration:true,tryItOutEnabled:true,showCommonExtensions:true,\n"
    "  requestSnippetsEnabled:true,validatorUrl:null,filter:false,\n"
    "  onComplete:function(){count('');document.documentElement.dataset.pystdDocs='ready'}\n"
    "});\n"
    "// Count the matches; open the modules that have some (the sections start\n"
    "// closed: Swagger UI renders every operation of an open section at once).\n"
    "var opened=[];\n"
    "function count(q){\n"
    "  var spec=window.ui.specSelectors.specJson().toJS(),ws=words(q),n=0,all=0,tags={};\n"
    "  Object.keys(spec.paths||{}).forEach(function(p){Object.keys(spec.paths[p]).forEach(function(m){\n"
    "    var o=spec.paths[p][m];if(!o||!o.operationId)return;all++;\n"
    "    if(!ws.length||hits(ws,[(o.tags||[]).join(' "
    "'),p,m,o.operationId,o.summary||'',o.description||''].join(' '))){\n"
    "      n++;(o.tags||[]).forEach(function(t){tags[t]=1})}})});\n"
    "  document.getElementById('pystd-count').textContent=ws.length?n+' of '+all+' operations':all+' "
    "operations';\n"
    "  document.getElementById('pystd-empty').style.display=ws.length&&!n?'block':'none';\n"
    "  opened.forEach(function(t){window.ui.layoutActions.show(['operations-tag',t],false)});\n"
    "  opened=ws.length&&n<=40?Object.keys(tags):[];\n"
    "  opened.forEach(function(t){window.ui.layoutActions.show(['operations-tag',t],true)})}\n"
    "var box=document.getElementById('pystd-search'),timer=null;\n"
    "box.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(function(){\n"
    "  window.ui.layoutActions.updateFilter(box.value.trim());count(box.value);\n"
    "  // bring the matches into view, under the bar\n"
    "  setTimeout(function(){var "
    "s=document.querySelector('.opblock-tag-section');if(s&&words(box.value).length)\n"
    "    window.scrollTo(0,s.getBoundingClientRect().top+window.scrollY-64)},60)},150)});\n"
    "</script>\n"
    "</body></html>\n";

#define MAX_ASSETS 8
static static_doc page_doc, asset_docs[MAX_ASSETS];
static const char *asset_names[MAX_ASSETS];
static size_t nassets;

static void render(void)
{
    const char *v = docs_swagger_ui_version();
    size_t len;
    if (!v) {
        const char *b = docs_builtin_html(&len);
        static_doc_init(&page_doc, b, len, "text/html; charset=utf-8", STATIC_DOC_REVALIDATE);
        return;
    }
    strbuf sb = STRBUF_INIT;
    const char *p = SWAGGER_PAGE, *at;
    while ((at = strstr(p, "@VERSION@")) != NULL) {
        strbuf_append(&sb, p, (size_t)(at - p));
        strbuf_puts(&sb, v);
        p = at + 9;
    }
    strbuf_puts(&sb, p);
    char *page = strbuf_detach(&sb, &len); /* kept for the life of the process */
    static_doc_init(&page_doc, page, len, "text/html; charset=utf-8", STATIC_DOC_REVALIDATE);
}

void docs_init(void)
{
    render();
    const char *name, *ctype, *data;
    size_t size;
    while (nassets < MAX_ASSETS && (data = docs_asset_at(nassets, &name, &size, &ctype)) != NULL) {
        /* the page asks for ?v=<version>: a new version is a new URL */
        static_doc_init(&asset_docs[nassets], data, size, ctype, "public, max-age=86400");
        asset_names[nassets++] = name;
    }
}

static_doc *docs_page(void)
{
    return &page_doc;
}

void docs_resource(request *rq, response *rs)
{
    dispatch_static_docs();
    const char *name = rq->path + 6; /* after "/docs/" */
    size_t n = rq->path_len >= 6 ? rq->path_len - 6 : 0;
    static_doc *d = NULL;
    for (size_t i = 0; rq->path_len > 6 && i < nassets; i++)
        if (strlen(asset_names[i]) == n && memcmp(asset_names[i], name, n) == 0)
            d = &asset_docs[i];
    if (!d) {
        dispatch_not_found(rq, rs);
        return;
    }
    if (strcmp(rq->method, "GET") != 0) {
        dispatch_not_allowed(rq, rs, ALLOW_GET);
        return;
    }
    static_doc_answer(d, rq, rs);
}
