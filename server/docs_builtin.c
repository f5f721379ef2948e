/* The built-in /docs page, for a build without the vendored Swagger UI (a
 * plain cmake build, the Dockerfile): it renders /openapi.json itself, one
 * section per module (OpenAPI tag), a search box that filters operations,
 * and a "try it" form per operation that sends the request to this same
 * origin (with the bearer token typed in the header's token box, if any:
 * kept in the page only, never stored).  Self-contained: no CDN, nothing else fetched. */
#include "docs.h"

#include <string.h>

static const char PAGE[] =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>pystd API</title>\n<style>\n"
    ":root{--fg:#1d2330;--muted:#5b6475;--bg:#f7f8fa;--card:#fff;--line:#e2e5ea;--acc:#2f6fdb;--ok:#1a7f37;--err:#c62828}\n"
    "*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg)}\n"
    "header{position:sticky;top:0;z-index:2;background:#15233d;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:center}\n"
    "header h1{font-size:20px;margin:0}header input{flex:1;max-width:480px;padding:8px 12px;border-radius:6px;border:0;font-size:15px}\n"
    "header a{color:#cfe0ff}main{display:flex}nav{width:230px;flex:none;padding:16px;position:sticky;top:56px;height:calc(100vh - 56px);overflow:auto;border-right:1px solid var(--line)}\n"
    "nav a{display:block;color:var(--fg);text-decoration:none;padding:2px 0}nav a:hover{color:var(--acc)}\n"
    "#content{flex:1;padding:16px 32px;max-width:1100px}section.mod h2{border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:32px}\n"
    ".op{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:12px 0;padding:12px 16px}\n"
    ".op summary{cursor:pointer;list-style:none;display:flex;gap:12px;align-items:baseline}.op summary::-webkit-details-marker{display:none}\n"
    ".m{font:600 12px monospace;padding:2px 6px;border-radius:4px;color:#fff;background:var(--acc)}.m.get{background:var(--ok)}\n"
    "code,pre,textarea{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}.path{font-weight:600}.sum{color:var(--muted)}\n"
    "table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}\n"
    "textarea{width:100%;min-height:80px;padding:8px;border:1px solid var(--line);border-radius:6px}\n"
    "button{background:var(--acc);color:#fff;border:0;border-radius:6px;padding:6px 14px;cursor:pointer;margin:6px 0}\n"
    "pre.out{background:#0f1725;color:#e6edf3;padding:10px;border-radius:6px;overflow:auto;max-height:400px}.st.ok{color:var(--ok)}.st.err{color:var(--err)}\n"
    "</style></head><body>\n"
    "<header><h1>pystd API</h1><input id=\"q\" type=\"search\" placeholder=\"Search operations (e.g. sample, quote, strptime)\" aria-label=\"search\">"
    "<input id=\"tok\" type=\"password\" autocomplete=\"off\" placeholder=\"Bearer token (with --auth-file)\" "
    "aria-label=\"bearer token\" style=\"max-width:240px\">"
    "<a href=\"/openapi.json\">openapi.json</a></header>\n"
    "<main><nav id=\"nav\"></nav><div id=\"content\"><p>Loading <code>/openapi.json</code>&hellip;</p></div></main>\n"
    "<script>\n"
    "'use strict';\n"
    "const esc=s=>String(s).replace(/[&<>\"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','\"':'&quot;',\"'\":'&#39;'}[c]));\n"
    "function typeOf(s){if(!s)return'';if(s.$ref)return s.$ref.split('/').pop();let t=s.type||'any';if(Array.isArray(t))t=t.join(' | ');"
    "if(s.contentEncoding)t+=' ('+s.contentEncoding+')';if(s.enum)t+=' ∈ '+JSON.stringify(s.enum);return t}\n"
    "function example(op){const c=op.requestBody&&op.requestBody.content['application/json'];if(c&&c.example!==undefined)return c.example;"
    "const o={};const p=(c&&c.schema.properties)||{};for(const r of (c&&c.schema.required)||[]){o[r]=p[r].type==='integer'?1:p[r].type==='number'?1.5:"
    "p[r].type==='array'?[]:p[r].type==='object'?{}:p[r].type==='boolean'?false:''}return o}\n"
    "async function tryIt(path,ta,out){out.textContent='…';const t0=performance.now();try{const h={'Content-Type':'application/json'};"
    "const tok=document.getElementById('tok').value.trim();if(tok)h.Authorization='Bearer '+tok;const r=await fetch(path,{method:'POST',"
    "headers:h,body:ta.value});const txt=await r.text();let shown=txt;try{shown=JSON.stringify(JSON.parse(txt),null,2)}catch(e){}"
    "out.innerHTML='<span class=\"st '+(r.ok?'ok':'err')+'\">HTTP '+r.status+'</span> in '+(performance.now()-t0).toFixed(1)+' ms\\n'+esc(shown);"
    "out.dataset.status=r.status}catch(e){out.textContent=String(e)}}\n"
    "function render(doc){const byTag={};for(const [path,item] of Object.entries(doc.paths)){for(const [m,op] of Object.entries(item)){"
    "if(m==='parameters')continue;const tag=(op.tags&&op.tags[0])||'other';(byTag[tag]=byTag[tag]||[]).push({path,m,op})}}\n"
    "const tags=(doc.tags||[]).map(t=>t.name).filter(t=>byTag[t]);for(const t of Object.keys(byTag))if(!tags.includes(t))tags.push(t);\n"
    "const nav=document.getElementById('nav'),content=document.getElementById('content');content.innerHTML='<p>'+esc(doc.info.description||'')+'</p>';"
    "nav.innerHTML='<strong>Modules</strong>';\n"
    "for(const tag of tags){const id='tag-'+tag.replace(/[^a-z0-9]/gi,'-');nav.insertAdjacentHTML('beforeend','<a href=\"#'+id+'\">'+esc(tag)+'</a>');"
    "const sec=document.createElement('section');sec.className='mod';sec.id=id;sec.dataset.tag=tag;"
    "const desc=((doc.tags||[]).find(t=>t.name===tag)||{}).description||'';sec.innerHTML='<h2>'+esc(tag)+'</h2><p class=\"sum\">'+esc(desc)+'</p>';\n"
    "for(const {path,m,op} of byTag[tag]){if(m==='get'&&doc.paths[path].post)continue;const d=document.createElement('details');d.className='op';"
    "d.dataset.search=(path+' '+(op.summary||'')+' '+tag).toLowerCase();const methods=Object.keys(doc.paths[path]).filter(x=>x!=='parameters');\n"
    "let h='<summary>'+methods.map(x=>'<span class=\"m '+x+'\">'+x.toUpperCase()+'</span>').join(' ')+'<span class=\"path\">'+esc(path)+'</span><span class=\"sum\">'+esc(op.summary||'')+'</span></summary>';\n"
    "const c=op.requestBody&&op.requestBody.content['application/json'];if(c){const req=new Set(c.schema.required||[]);h+='<table><tr><th>argument</th><th>type</th><th>default</th><th>description</th></tr>';"
    "for(const [n,s] of Object.entries(c.schema.properties||{}))h+='<tr><td><code>'+esc(n)+'</code>'+(req.has(n)?' <b>*</b>':'')+'</td><td>'+esc(typeOf(s))+'</td><td><code>'+"
    "(s.default!==undefined?esc(JSON.stringify(s.default)):'')+'</code></td><td>'+esc(s.description||'')+'</td></tr>';h+='</table>'}\n"
    "const okr=op.responses&&op.responses['200'];if(okr&&okr.content){const sch=(okr.content['application/json']||{}).schema;if(sch&&sch.properties&&sch.properties.result)"
    "h+='<p>result: <code>'+esc(typeOf(sch.properties.result)||'any')+'</code></p>'}\n"
    "if(m==='post'){h+='<div class=\"try\"><textarea spellcheck=\"false\"></textarea><button type=\"button\">Try it</button><pre class=\"out\"></pre></div>'}"
    "else{h+='<p><a href=\"'+esc(path)+'\">'+esc(path)+'</a></p>'}\n"
    "d.innerHTML=h;if(m==='post'){const ta=d.querySelector('textarea'),out=d.querySelector('pre.out');ta.value=JSON.stringify(example(op),null,1);"
    "d.querySelector('button').addEventListener('click',()=>tryIt(path,ta,out))}sec.appendChild(d)}content.appendChild(sec)}}\n"
    "document.getElementById('q').addEventListener('input',e=>{const q=e.target.value.trim().toLowerCase();for(const d of document.querySelectorAll('details.op'))"
    "d.style.display=!q||d.dataset.search.includes(q)?'':'none';for(const s of document.querySelectorAll('section.mod'))"
    "s.style.display=[...s.querySelectorAll('details.op')].some(d=>d.style.display!=='none')?'':'none'});\n"
    "fetch('/openapi.json').then(r=>r.json()).then(render).catch(e=>{document.getElementById('content').textContent='could not load /openapi.json: '+e});\n"
    "</script></body></html>\n";

const char *docs_builtin_html(size_t *len)
{
    *len = sizeof PAGE - 1;
    return PAGE;
}
