import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("urllib.parse: urlparse answers a ParseResult with its properties", async () => {
  const { data } = await client.POST("/v1/urllib/parse/urlparse", {
    body: { urlstring: "http://u:p@Example.com:8080/a;b?q=1#f" },
  });
  const r = data?.result;
  assert.ok(r);
  assert.equal(r.scheme, "http");
  assert.equal(r.netloc, "u:p@Example.com:8080");
  assert.equal(r.params, "b");
  assert.equal(r.hostname, "example.com");
  assert.equal(r.port, 8080);

  const q = await client.GET("/v1/urllib/parse/quote", { params: { query: { string: "a b/é" } } });
  assert.equal(q.data?.result, "a%20b/%C3%A9");
});
