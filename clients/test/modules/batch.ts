import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("batch: items answered in order, each as its single call", async () => {
  const r = await client.POST("/v1/batch", {
    body: {
      calls: [
        { op: "/v1/random/random", args: { seed: 1 } },
        { op: "/v1/re/search", args: { pattern: "(", string: "x" } },
        { op: "/v1/jobs", args: {} },
      ],
    },
  });
  assert.equal(r.response.status, 200);
  const results = r.data?.results ?? [];
  assert.equal(results.length, 3);
  assert.deepEqual(results[0], { result: 0.13436424411240122 });
  const single = await client.POST("/v1/re/search", { body: { pattern: "(", string: "x" } });
  assert.deepEqual(results[1], single.error);
  assert.equal((results[2] as { error: { type: string } }).error.type, "BadRequest");

  const bad = await client.POST("/v1/batch", { body: { calls: "no" as unknown as [] } });
  assert.equal(bad.response.status, 400);
});
