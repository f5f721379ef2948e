// Start a pystd binary on an ephemeral loopback port (as tests/integration/harness.py
// does): TZ=UTC, a fresh empty --data-dir, --port-file to learn the port.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export async function startPystd({ bin = process.env.PYSTD_BIN || join(ROOT, "build", "pystd"), args = [] } = {}) {
  if (!existsSync(bin)) throw new Error(`${bin} not found: build pystd first (or set PYSTD_BIN)`);
  const tmp = mkdtempSync(join(tmpdir(), "pystd-node-"));
  const dataDir = join(tmp, "data");
  const portFile = join(tmp, "port");
  const log = openSync(join(tmp, "server.log"), "w");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(dataDir);
  const proc = spawn(bin, ["--bind", "127.0.0.1", "--port", "0", "--port-file", portFile,
    "--data-dir", dataDir, "--log-level", "warn", ...args],
  { env: { ...process.env, TZ: "UTC" }, stdio: ["ignore", log, log] });
  let exited = null;
  proc.on("exit", (code) => { exited = code; });
  const end = Date.now() + 20000;
  let port = null;
  while (Date.now() < end && port === null) {
    if (exited !== null) throw new Error(`pystd exited with ${exited}: ${readFileSync(join(tmp, "server.log"), "utf8")}`);
    if (existsSync(portFile)) {
      const txt = readFileSync(portFile, "utf8").trim();
      if (txt) port = Number(txt);
    }
    if (port === null) await new Promise((r) => setTimeout(r, 20));
  }
  if (port === null) { proc.kill("SIGKILL"); throw new Error("pystd did not start within 20 s"); }
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      if (exited === null) {
        const done = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        const t = setTimeout(() => proc.kill("SIGKILL"), 15000);
        await done;
        clearTimeout(t);
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
