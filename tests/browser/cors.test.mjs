// pystd called from pages on other origins, in headless Chromium (Debian's
// chromium, driven by playwright-core): pystd runs with --cors-origins naming
// one of two loopback origins that serve a small page; the page of the allowed
// origin calls pystd with fetch (a JSON POST, so a preflight first, with a
// traceparent) and reads the result and the exposed X-Request-Id; the page of
// the other origin is refused by the browser.  Everything stays on 127.0.0.1.
//
//   npm --prefix clients run test:cors     (after scripts/deps.sh test and a build)
//
// Env: PYSTD_BIN (default build/pystd), CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startPystd } from "../../clients/test/pystd.mjs";

const require = createRequire(join(ROOT, "clients", "package.json"));
const { chromium } = require("playwright-core");

const PAGE = "<!doctype html><meta charset=utf-8><title>an app elsewhere</title><p>app</p>";

// A page server on an ephemeral loopback port: its origin is http://127.0.0.1:<port>.
function pageServer() {
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(PAGE);
    });
    s.listen(0, "127.0.0.1", () => resolve({ s, origin: `http://127.0.0.1:${s.address().port}` }));
  });
}

let srv, allowed, refused, browser, profile;

// OPTIONS answered 204 so far, from pystd's /metrics (Chromium's preflights are
// not shown to Playwright as requests).
async function optionsAnswered() {
  const text = await (await fetch(`${srv.url}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^pystd_http_requests_total\{[^}]*method="OPTIONS",status="204"\} (\d+)$/gm)) n += Number(m[1]);
  return n;
}

before(async () => {
  allowed = await pageServer();
  refused = await pageServer();
  srv = await startPystd({ args: ["--cors-origins", allowed.origin] });
  profile = mkdtempSync(join(tmpdir(), "pystd-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  allowed?.s.close();
  refused?.s.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// Run in the page: POST /v1/re/search with fetch, as a browser app would.
async function callFrom(origin) {
  const page = await browser.newPage();
  try {
    await page.goto(origin + "/", { waitUntil: "load" });
    return await page.evaluate(async (base) => {
      try {
        const r = await fetch(`${base}/v1/re/search`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          },
          body: JSON.stringify({ pattern: "(\\d+) apples", string: "I have 42 apples" }),
        });
        return { ok: true, status: r.status, body: await r.json(), requestId: r.headers.get("X-Request-Id") };
      } catch (e) {
        return { ok: false, error: String(e) };
      }
    }, srv.url);
  } finally {
    await page.close();
  }
}

test("a page on an allowed origin calls pystd (preflight, then the call)", async () => {
  const before = await optionsAnswered();
  const r = await callFrom(allowed.origin);
  assert.ok(r.ok, `fetch failed: ${r.error}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.result.groups, ["42"]);
  assert.match(r.requestId || "", /^[0-9a-f]{32}$/, "X-Request-Id is exposed to the page");
  assert.ok((await optionsAnswered()) > before, "the browser sent a preflight, answered 204");
});

test("an error answer is readable by the allowed page too", async () => {
  const page = await browser.newPage();
  try {
    await page.goto(allowed.origin + "/", { waitUntil: "load" });
    const r = await page.evaluate(async (base) => {
      const resp = await fetch(`${base}/v1/re/search`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ pattern: "(" }),
      });
      return { status: resp.status, body: await resp.json() };
    }, srv.url);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.type, "BadRequest");
  } finally {
    await page.close();
  }
});

test("a page on another origin is refused by the browser", async () => {
  const r = await callFrom(refused.origin);
  assert.equal(r.ok, false, `the call should have been refused, got ${JSON.stringify(r)}`);
  assert.match(r.error, /TypeError/);
});
