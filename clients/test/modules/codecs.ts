import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../client.js";

test("codecs: encode gives base64 bytes, decode reads them back", async () => {
  const enc = await client.POST("/v1/codecs/encode", { body: { obj: "héllo", encoding: "latin-1" } });
  assert.equal(enc.response.status, 200);
  assert.equal(enc.data?.result, Buffer.from("héllo", "latin1").toString("base64"));

  const dec = await client.POST("/v1/codecs/decode", { body: { obj: "aMOpbGxv", encoding: "utf-8" } });
  assert.equal(dec.data?.result, "héllo");
});
