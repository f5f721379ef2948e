import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("re: search returns a typed Match, re.error is a typed 422", async () => {
  const { data, response } = await client.POST("/v1/re/search", {
    body: { pattern: "(?P<word>\\w+) (\\d+)", string: "say hello 42 times", flags: ["I"] },
  });
  assert.equal(response.status, 200);
  const m = data?.result;
  assert.ok(m, "a match");
  assert.equal(m.group, "hello 42");
  assert.deepEqual(m.span, [4, 12]);
  assert.deepEqual(m.groups, ["hello", "42"]);
  assert.deepEqual(m.groupdict, { word: "hello" });
  assert.equal(m.lastindex, 2);

  const bad = await client.POST("/v1/re/search", { body: { pattern: "(", string: "x" } });
  assert.equal(bad.response.status, 422);
  assert.equal(bad.error?.error.type, "re.error");
  assert.equal(bad.error?.error.message, "missing ), unterminated subpattern at position 0");
});
