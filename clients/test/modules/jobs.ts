import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("jobs: submit time.sleep, wait for it, read the job", async () => {
  const sub = await client.POST("/v1/jobs", { body: { op: "/v1/time/sleep", args: { secs: 0.2 }, timeout: 10 } });
  assert.equal(sub.response.status, 202);
  const id = sub.data?.id;
  assert.ok(id);
  assert.equal(sub.response.headers.get("location"), `/v1/jobs/${id}`);

  const got = await client.GET("/v1/jobs/{id}", { params: { path: { id }, query: { wait: 10 } } });
  assert.equal(got.response.status, 200);
  const job = got.data;
  assert.ok(job);
  assert.equal(job.state, "done");
  assert.equal(job.done, true);
  assert.equal(job.op, "/v1/time/sleep");
  assert.equal(job.result, null);
  assert.deepEqual(job.progress, { completed: 1, total: 1 });

  const gone = await client.GET("/v1/jobs/{id}", { params: { path: { id: "0".repeat(32) } } });
  assert.equal(gone.response.status, 404);
});
