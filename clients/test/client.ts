// The generated client: types from openapi-typescript (generated/pystd.d.ts,
// made from a live /openapi.json by test/run.mjs), calls through openapi-fetch.
import createClient from "openapi-fetch";
import type { paths } from "../generated/pystd.js";

export const baseUrl = process.env.PYSTD_URL ?? "http://127.0.0.1:8080";
// A pystd with --auth-file wants `Authorization: Bearer <token>` (test/run.mjs starts one).
const token = process.env.PYSTD_TOKEN;
export const client = createClient<paths>({ baseUrl, headers: token ? { Authorization: `Bearer ${token}` } : {} });
