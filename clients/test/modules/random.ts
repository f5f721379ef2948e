import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("random: seeded sample (POST) and randint (GET form) are CPython's", async () => {
  const { data } = await client.POST("/v1/random/sample", {
    body: { population: [1, 2, 3, 4, 5], k: 3, seed: 42 },
  });
  assert.deepEqual(data?.result, [1, 5, 3]); // random.Random(42).sample([1,2,3,4,5], 3)

  // seed is not a plain scalar (int, str or null): its query value is JSON text
  const get = await client.GET("/v1/random/randint", { params: { query: { a: 1, b: 6, seed: "42" } } });
  assert.equal(get.response.status, 200);
  assert.equal(get.data?.result, 6); // random.Random(42).randint(1, 6)

  const bad = await client.POST("/v1/random/randrange", { body: { start: 10, stop: 5, seed: 1 } });
  assert.equal(bad.response.status, 422);
  assert.equal(bad.error?.error.message, "empty range for randrange() (10, 5, -5)");
});
