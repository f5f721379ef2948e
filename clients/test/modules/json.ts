import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("json: dumps is byte-identical to json.dumps, loads gives JSONDecodeError", async () => {
  const { data } = await client.POST("/v1/json/dumps", {
    body: { obj: { b: 1, a: [1.5, null, "é"] }, sort_keys: true },
  });
  const s: string | undefined = data?.result;
  assert.equal(s, '{"a": [1.5, null, "\\u00e9"], "b": 1}');

  const bad = await client.POST("/v1/json/loads", { body: { s: "[1," } });
  assert.equal(bad.response.status, 422);
  assert.equal(bad.error?.error.type, "json.decoder.JSONDecodeError");
  assert.equal(bad.error?.error.pos, 3);
});
