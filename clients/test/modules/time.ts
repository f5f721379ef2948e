import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("time: strptime answers a struct_time, gmtime(0) is the Epoch", async () => {
  const { data } = await client.POST("/v1/time/strptime", {
    body: { string: "2024-02-29 12:30", format: "%Y-%m-%d %H:%M" },
  });
  const t = data?.result;
  assert.ok(t);
  assert.equal(t.tm_year, 2024);
  assert.equal(t.tm_yday, 60);
  assert.equal(t.tm_wday, 3);
  assert.equal(t.tm_isdst, -1);

  const g = await client.GET("/v1/time/gmtime", { params: { query: { secs: 0 } } });
  assert.equal(g.data?.result.tm_year, 1970);
  assert.equal(g.data?.result.tm_zone, "GMT");
});
