// The generated-client test: start pystd, generate the TypeScript types from
// its live /openapi.json with openapi-typescript, type-check the tests (one
// per module, calling through openapi-fetch) with tsc, run them with node's
// test runner against the same pystd.  Nothing generated is committed.
//
//   node test/run.mjs            (from clients/, after npm ci; pystd built in ../build)
//
// A module the service does not offer (yet) is skipped, and said so; with
// PYSTD_CLIENT_REQUIRE_ALL=1 that is a failure.
//
// The pystd runs with --auth-file (one token, every scope, none for requests
// without one): the generated client carries the token (PYSTD_TOKEN, read by
// test/client.ts), and a call without it is checked to be refused.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPystd } from "./pystd.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const CLIENTS = join(HERE, "..");
// test file -> what the service must offer for it (a module of GET /v1, or a path)
const TESTS = {
  re: "re", random: "random", json: "json", codecs: "codecs", urllib_parse: "urllib/parse",
  time: "time", os_path: "os/path", functools: "functools", jobs: "/v1/jobs", batch: "/v1/batch",
};

function run(cmd, args, env = {}) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: CLIENTS, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

const TOKEN = randomBytes(24).toString("hex");
const tokDir = mkdtempSync(join(tmpdir(), "pystd-client-tokens-"));
writeFileSync(join(tokDir, "tokens"), `client:*:${createHash("sha256").update(TOKEN).digest("hex")}\n`);
const srv = await startPystd({ args: ["--auth-file", join(tokDir, "tokens")] });
let ok = false;
try {
  const anon = await fetch(`${srv.url}/v1/random/random`, { method: "POST", body: "{}" });
  if (anon.status !== 401 || !(anon.headers.get("www-authenticate") ?? "").startsWith("Bearer"))
    throw new Error(`a call without the token answered ${anon.status}, not 401 with WWW-Authenticate: Bearer`);
  console.log("no token: 401 Unauthorized, WWW-Authenticate: Bearer");
  const index = await (await fetch(`${srv.url}/v1`)).json();
  const doc = await (await fetch(`${srv.url}/openapi.json`)).json();
  const offered = (need) => (need.startsWith("/") ? need in doc.paths : need in index.modules);
  const chosen = Object.keys(TESTS).filter((t) => offered(TESTS[t]));
  const skipped = Object.keys(TESTS).filter((t) => !offered(TESTS[t]));
  for (const t of skipped) console.log(`SKIP ${t}: ${TESTS[t]} is not offered by this pystd`);

  rmSync(join(CLIENTS, "generated"), { recursive: true, force: true });
  rmSync(join(CLIENTS, "dist"), { recursive: true, force: true });
  mkdirSync(join(CLIENTS, "generated"));
  mkdirSync(join(CLIENTS, "dist"));
  const gen = join(CLIENTS, "node_modules", "openapi-typescript", "bin", "cli.js");
  const tsc = join(CLIENTS, "node_modules", "typescript", "bin", "tsc");
  if (!run(process.execPath, [gen, `${srv.url}/openapi.json`, "--output", "generated/pystd.d.ts"]))
    throw new Error("openapi-typescript failed");
  // type-check (and compile) only the tests of the modules this pystd offers
  writeFileSync(join(CLIENTS, "dist", "tsconfig.run.json"), JSON.stringify({
    extends: "../tsconfig.json",
    compilerOptions: { outDir: ".", rootDir: ".." },
    include: [],
    files: ["../generated/pystd.d.ts", "../test/client.ts", ...chosen.map((t) => `../test/modules/${t}.ts`)],
  }, null, 1));
  if (!run(process.execPath, [tsc, "-p", "dist/tsconfig.run.json"])) throw new Error("tsc: the tests do not type-check");
  console.log(`tsc: the generated client and ${chosen.length} module tests type-check`);
  ok = chosen.length === 0 || run(process.execPath, ["--test", "--test-reporter=spec",
    ...chosen.map((t) => `dist/test/modules/${t}.js`)], { PYSTD_URL: srv.url, PYSTD_TOKEN: TOKEN });
  if (skipped.length && process.env.PYSTD_CLIENT_REQUIRE_ALL === "1") {
    console.log(`FAIL: not offered: ${skipped.join(", ")}`);
    ok = false;
  }
  console.log(`client: ${chosen.length} module tests ${ok ? "passed" : "FAILED"}, ${skipped.length} skipped`);
} finally {
  await srv.stop();
  rmSync(tokDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
