import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("os.path: join, splitext and normpath are posixpath's", async () => {
  const j = await client.POST("/v1/os/path/join", { body: { a: "/usr", paths: ["lib", "/opt", "x"] } });
  assert.equal(j.data?.result, "/opt/x");
  const s = await client.POST("/v1/os/path/splitext", { body: { path: "/a/b.tar.gz" } });
  assert.deepEqual(s.data?.result, ["/a/b.tar", ".gz"]);
  const n = await client.GET("/v1/os/path/normpath", { params: { query: { path: "/a//./b/../c" } } });
  assert.equal(n.data?.result, "/a/c");
});
