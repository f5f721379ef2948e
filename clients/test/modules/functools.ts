import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("functools: reduce with operator.mul, and a partial", async () => {
  const { data } = await client.POST("/v1/functools/reduce", {
    body: { function: "operator.mul", iterable: [1, 2, 3, 4, 5] },
  });
  assert.equal(data?.result, 120);
  const p = await client.POST("/v1/functools/reduce", {
    body: { function: { partial: "builtins.max" }, iterable: [3, 9, 4], initializer: 5 },
  });
  assert.equal(p.data?.result, 9);

  const bad = await client.POST("/v1/functools/reduce", { body: { function: "operator.add", iterable: [] } });
  assert.equal(bad.response.status, 422);
  assert.equal(bad.error?.error.message, "reduce() of empty iterable with no initial value");
});
