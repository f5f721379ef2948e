// /docs in headless Chromium (Debian's chromium, driven by playwright-core):
// the page loads from pystd alone, every module has its section, the search
// narrows the operations, and one "try it" call returns 200.  Screenshots go
// to tests/artifacts/ (docs-top.png, docs-try-it.png, docs-search.png).
//
//   npm --prefix clients run test:docs     (after scripts/deps.sh test and a build)
//
// Env: PYSTD_BIN (default build/pystd), CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, startPystd } from "../../clients/test/pystd.mjs";

const require = createRequire(join(ROOT, "clients", "package.json"));
const { chromium } = require("playwright-core");
const ARTIFACTS = process.env.PYSTD_ARTIFACTS || join(ROOT, "tests", "artifacts");

let srv, browser, page, profile, index, doc;
const offsite = []; // any request that leaves the service's origin (a CDN) is a failure

before(async () => {
  srv = await startPystd();
  index = await (await fetch(`${srv.url}/v1`)).json();
  doc = await (await fetch(`${srv.url}/openapi.json`)).json();
  profile = mkdtempSync(join(tmpdir(), "pystd-chromium-"));
  mkdirSync(ARTIFACTS, { recursive: true });
  // a fresh profile: Playwright's persistent context owns --user-data-dir
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1440, height: 1000 },
    deviceScaleFactor: 1,
  });
  page = browser.pages()[0] || (await browser.newPage());
  page.on("request", (r) => { if (!r.url().startsWith(srv.url) && !r.url().startsWith("data:")) offsite.push(r.url()); });
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  await page.goto(`${srv.url}/docs`, { waitUntil: "load" });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const swagger = () => page.locator("#swagger-ui").count().then((n) => n > 0);

function tagsOf(d) {
  const tags = new Set();
  for (const item of Object.values(d.paths)) for (const op of Object.values(item)) for (const t of op.tags || []) tags.add(t);
  return [...tags];
}

test("/docs renders a section for every module", async () => {
  const modules = Object.keys(index.modules).map((m) => m.replaceAll("/", "."));
  const expected = [...new Set([...modules, ...tagsOf(doc)])];
  if (await swagger()) {
    await page.waitForSelector("html[data-pystd-docs=ready]", { timeout: 60000 });
    await page.waitForSelector("h3.opblock-tag", { timeout: 60000 });
    const shown = await page.$$eval("h3.opblock-tag", (hs) => hs.map((h) => h.getAttribute("data-tag")));
    for (const t of expected) assert.ok(shown.includes(t), `no section for ${t} (sections: ${shown.join(", ")})`);
    const title = await page.textContent(".info .title");
    assert.match(title, /pystd/);
  } else { // the built-in page (a build without the vendored Swagger UI)
    await page.waitForSelector("section.mod", { timeout: 30000 });
    const shown = await page.$$eval("section.mod", (ss) => ss.map((s) => s.dataset.tag));
    for (const t of expected) assert.ok(shown.includes(t), `no section for ${t}`);
  }
  await page.screenshot({ path: join(ARTIFACTS, "docs-top.png"), fullPage: true });
});

test("the search finds operations (and opens their modules)", async () => {
  if (!(await swagger())) return;
  const word = "/v1/random/sample" in doc.paths ? "sample" : "healthz";
  await page.fill("#pystd-search", word);
  await page.waitForSelector(".opblock", { timeout: 20000 });
  const paths = await page.$$eval(".opblock .opblock-summary-path", (ps) => ps.map((p) => p.getAttribute("data-path")));
  assert.ok(paths.length > 0 && paths.every((p) => p.includes(word)), `search '${word}' shows ${paths.join(", ")}`);
  assert.match(await page.textContent("#pystd-count"), /^\d+ of \d+ operations$/);
  await page.screenshot({ path: join(ARTIFACTS, "docs-search.png") });
  await page.fill("#pystd-search", "");
  await page.waitForFunction(() => document.querySelectorAll(".opblock").length === 0, null, { timeout: 20000 });
});

test("try it: one call returns 200 from the same origin", async () => {
  // a seeded random call when the service has it, else GET /healthz
  const [path, method] = "/v1/random/randint" in doc.paths ? ["/v1/random/randint", "post"] : ["/healthz", "get"];
  const opId = doc.paths[path][method].operationId;
  if (await swagger()) {
    const tag = doc.paths[path][method].tags[0];
    await page.click(`h3.opblock-tag[data-tag="${tag}"]`); // open the module's section
    const op = page.locator(`#operations-${tag.replaceAll(".", "\\.")}-${opId}`);
    await op.locator(".opblock-summary").first().click({ timeout: 20000 });
    const exec = op.locator("button.execute");
    await exec.waitFor({ timeout: 10000 });
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(srv.url + path), { timeout: 10000 }),
      exec.click(),
    ]);
    assert.equal(resp.status(), 200);
    const status = op.locator(".live-responses-table .response .response-col_status").first();
    await status.waitFor({ timeout: 10000 });
    assert.equal((await status.textContent()).trim(), "200");
    const body = await op.locator(".live-responses-table .response-col_description pre").first().textContent();
    assert.ok(body.includes(path === "/healthz" ? '"status"' : '"result"'), body);
    // the request (curl, URL) and the live response in view
    await page.evaluate((sel) => {
      const el = document.querySelector(sel + " .live-responses-table");
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 470);
    }, `#operations-${tag.replaceAll(".", "\\.")}-${opId}`);
    await page.screenshot({ path: join(ARTIFACTS, "docs-try-it.png") });
  } else {
    const d = page.locator(`details.op:has(.path:text-is("${path}"))`).first();
    await d.locator("summary").click();
    await d.locator("button").click();
    await page.waitForFunction((p) => [...document.querySelectorAll("details.op")].some((x) =>
      x.querySelector(".path")?.textContent === p && x.querySelector("pre.out")?.dataset.status), path);
    const st = await d.locator("pre.out").getAttribute("data-status");
    assert.equal(st, "200");
    await page.screenshot({ path: join(ARTIFACTS, "docs-try-it.png") });
  }
});

test("nothing was fetched from anywhere but pystd (no CDN)", () => {
  assert.deepEqual(offsite, []);
});
