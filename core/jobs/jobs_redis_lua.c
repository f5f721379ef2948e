/* The Lua scripts of the redis job store (jobs_redis_int.h says what each
 * does).  Each runs atomically in Redis: a job's state moves, the shared
 * counters (pending jobs for the 429 bound, kept jobs and bytes for the keep
 * limits) and the events published to every replica change together.
 *
 * Keys, under the prefix P (ARGV[1]):
 *   P job:<id>   hash: op map rex timeout rerun args total completed state
 *                created started finished exc attempt owner sid rbytes ver
 *                idem reruns; expires --job-keep after the job finished
 *   P res:<id>   list: one "1<json result>" / "0<json error>" per item done
 *   P queue      stream of {id}: the queue, read by the group "workers"
 *   P all        zset: every kept job by submission order (P seq)
 *   P fin        zset: finished jobs by finishing time (forgetting order)
 *   P fininfo    hash: id -> "state bytes" of each finished job
 *   P stats      hash: pending running done failed cancelled kept_bytes
 *   P idem:<d>   "<body digest> <id>": an Idempotency-Key (expires with its job)
 *   P events     channel: "<id> <state> <completed>" after every change
 * Key names are built in the scripts: one Redis, not a cluster. */
#include "jobs/jobs_redis_int.h"

#define COMMON                                                                                               \
    "local P = ARGV[1]\n"                                                                                    \
    "local function jk(id) return P .. 'job:' .. id end\n"                                                   \
    "local function rk(id) return P .. 'res:' .. id end\n"                                                   \
    "local function final(st) return st == 'done' or st == 'failed' or st == 'cancelled' end\n"              \
    "local function bump(id)\n"                                                                              \
    "  local v = redis.call('HMGET', jk(id), 'state', 'completed')\n"                                        \
    "  redis.call('HINCRBY', jk(id), 'ver', 1)\n"                                                            \
    "  redis.call('PUBLISH', P .. 'events', id .. ' ' .. v[1] .. ' ' .. v[2])\n"                             \
    "end\n"                                                                                                  \
    "local function drop(id)\n"                                                                              \
    "  local info = redis.call('HGET', P .. 'fininfo', id)\n"                                                \
    "  if info then\n"                                                                                       \
    "    local sp = string.find(info, ' ', 1, true)\n"                                                       \
    "    redis.call('HINCRBY', P .. 'stats', string.sub(info, 1, sp - 1), -1)\n"                             \
    "    redis.call('HINCRBY', P .. 'stats', 'kept_bytes', -tonumber(string.sub(info, sp + 1)))\n"           \
    "    redis.call('HDEL', P .. 'fininfo', id)\n"                                                           \
    "  end\n"                                                                                                \
    "  local idem = redis.call('HGET', jk(id), 'idem')\n"                                                    \
    "  if idem and idem ~= '' then\n"                                                                        \
    "    local v = redis.call('GET', idem)\n"                                                                \
    "    if v and string.sub(v, 66) == id then redis.call('DEL', idem) end\n"                                \
    "  end\n"                                                                                                \
    "  redis.call('DEL', jk(id), rk(id))\n"                                                                  \
    "  redis.call('ZREM', P .. 'all', id)\n"                                                                 \
    "  redis.call('ZREM', P .. 'fin', id)\n"                                                                 \
    "end\n"                                                                                                  \
    "local function prune(now, keep, max_kept, max_bytes)\n"                                                 \
    "  local fin = P .. 'fin'\n"                                                                             \
    "  for _, id in ipairs(redis.call('ZRANGEBYSCORE', fin, '-inf', now - keep, 'LIMIT', 0, 200)) do\n"      \
    "    drop(id)\n"                                                                                         \
    "  end\n"                                                                                                \
    "  for _ = 1, 200 do\n"                                                                                  \
    "    local n = redis.call('ZCARD', fin)\n"                                                               \
    "    local bytes = tonumber(redis.call('HGET', P .. 'stats', 'kept_bytes') or '0')\n"                    \
    "    if n == 0 or (n <= max_kept and (max_bytes <= 0 or bytes <= max_bytes or n <= 1)) then break end\n" \
    "    drop(redis.call('ZRANGE', fin, 0, 0)[1])\n"                                                         \
    "  end\n"                                                                                                \
    "end\n"                                                                                                  \
    "local function finish(id, old, st, exc, now, keep)\n"                                                   \
    "  local k = jk(id)\n"                                                                                   \
    "  redis.call('HSET', k, 'state', st, 'finished', string.format('%.6f', now))\n"                         \
    "  if exc ~= '' then redis.call('HSET', k, 'exc', exc) end\n"                                            \
    "  redis.call('HDEL', k, 'args')\n"                                                                      \
    "  redis.call('HINCRBY', P .. 'stats', old, -1)\n"                                                       \
    "  redis.call('HINCRBY', P .. 'stats', st, 1)\n"                                                         \
    "  local bytes = 256 + tonumber(redis.call('HGET', k, 'rbytes') or '0') + #exc\n"                        \
    "  redis.call('HINCRBY', P .. 'stats', 'kept_bytes', bytes)\n"                                           \
    "  redis.call('HSET', P .. 'fininfo', id, st .. ' ' .. bytes)\n"                                         \
    "  redis.call('ZADD', P .. 'fin', now, id)\n"                                                            \
    "  local ms = math.max(1, math.floor(keep * 1000))\n"                                                    \
    "  redis.call('PEXPIRE', k, ms)\n"                                                                       \
    "  redis.call('PEXPIRE', rk(id), ms)\n"                                                                  \
    "  local idem = redis.call('HGET', k, 'idem')\n"                                                         \
    "  if idem and idem ~= '' then redis.call('PEXPIRE', idem, ms) end\n"                                    \
    "  bump(id)\n"                                                                                           \
    "end\n"

const char jr_queue[] = JR_PREFIX "queue";

/* ARGV: P id now keep max_kept max_bytes max_pending op map rex timeout rerun
 *       args total idem body trace  ->  {ok} {busy} {exists, id} {conflict, id} */
redis_script jr_submit = REDIS_SCRIPT(
    COMMON "local id, now = ARGV[2], tonumber(ARGV[3])\n"
           "prune(now, tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))\n"
           "if redis.call('EXISTS', jk(id)) == 1 then return {'ok'} end\n" /* a retry of this submission */
           "local idem, body = ARGV[15], ARGV[16]\n"
           "if idem ~= '' then\n"
           "  local v = redis.call('GET', idem)\n"
           "  if v and redis.call('EXISTS', jk(string.sub(v, 66))) == 1 then\n"
           "    if string.sub(v, 1, 64) == body then return {'exists', string.sub(v, 66)} end\n"
           "    return {'conflict', string.sub(v, 66)}\n"
           "  end\n"
           "end\n"
           "local maxp = tonumber(ARGV[7])\n"
           "if maxp > 0 and tonumber(redis.call('HGET', P .. 'stats', 'pending') or '0') >= maxp then\n"
           "  return {'busy'}\n"
           "end\n"
           "local sid = redis.call('XADD', P .. 'queue', '*', 'id', id)\n"
           "redis.call('HSET', jk(id), 'op', ARGV[8], 'map', ARGV[9], 'rex', ARGV[10], 'timeout', ARGV[11],\n"
           "  'rerun', ARGV[12], 'args', ARGV[13], 'total', ARGV[14], 'completed', 0, 'state', 'pending',\n"
           "  'created', ARGV[3], 'started', 0, 'finished', 0, 'attempt', 0, 'ver', 1, 'sid', sid,\n"
           "  'rbytes', 0, 'idem', idem, 'trace', ARGV[17] or '')\n"
           "redis.call('ZADD', P .. 'all', redis.call('INCR', P .. 'seq'), id)\n"
           "redis.call('HINCRBY', P .. 'stats', 'pending', 1)\n"
           "if idem ~= '' then redis.call('SET', idem, body .. ' ' .. id) end\n"
           "return {'ok'}\n");

/* A worker got stream entry sid for job id.
 * ARGV: P id sid consumer now keep max_kept max_bytes lost_json
 * -> {run, attempt, op, map, rex, timeout, args, total, completed, started, trace}
 *    {skip} (gone, cancelled, or a stale entry) {lost} (reclaimed, not rerunnable: failed) */
redis_script jr_start = REDIS_SCRIPT(
    COMMON "local id, k = ARGV[2], jk(ARGV[2])\n"
           "local v = redis.call('HMGET', k, 'state', 'sid', 'owner', 'rerun', 'started')\n"
           "if not v[1] or v[2] ~= ARGV[3] then return {'skip'} end\n"
           "if v[1] == 'running' and v[3] == ARGV[4] then\n" /* our own retry */
           "elseif v[1] == 'pending' then\n"
           "  redis.call('HINCRBY', P .. 'stats', 'pending', -1)\n"
           "  redis.call('HINCRBY', P .. 'stats', 'running', 1)\n"
           "  redis.call('HSET', k, 'state', 'running', 'owner', ARGV[4])\n"
           "  if v[5] == '0' then redis.call('HSET', k, 'started', ARGV[5]) end\n"
           "  redis.call('HINCRBY', k, 'attempt', 1)\n"
           "  bump(id)\n"
           "elseif v[1] == 'running' then\n" /* its worker died: reclaimed */
           "  if v[4] ~= '1' then\n"
           "    finish(id, 'running', 'failed', ARGV[9], tonumber(ARGV[5]), tonumber(ARGV[6]))\n"
           "    prune(tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]))\n"
           "    return {'lost'}\n"
           "  end\n"
           "  redis.call('HSET', k, 'owner', ARGV[4])\n"
           "  redis.call('HINCRBY', k, 'attempt', 1)\n"
           "  redis.call('HINCRBY', k, 'reruns', 1)\n"
           "  bump(id)\n"
           "else return {'skip'} end\n"
           "local r = redis.call('HMGET', k, 'attempt', 'op', 'map', 'rex', 'timeout', 'args', 'total',\n"
           "  'completed', 'started', 'trace')\n"
           "return {'run', r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10] or ''}\n");

/* Item `index` of job id is done (ok 1/0, its JSON).
 * ARGV: P id attempt index ok json now keep max_kept max_bytes
 * -> {ok} (go on) {final, state} (its stream entry acknowledged) {stale, state} (cancelled,
 *    timed out, taken over) */
redis_script jr_item = REDIS_SCRIPT(
    COMMON "local id, k = ARGV[2], jk(ARGV[2])\n"
           "local v = redis.call('HMGET', k, 'state', 'attempt', 'completed', 'total', 'map', 'rex')\n"
           "if v[1] ~= 'running' or v[2] ~= ARGV[3] then return {'stale', v[1] or 'gone'} end\n"
           "if tonumber(v[3]) ~= tonumber(ARGV[4]) then return {'ok'} end\n" /* recorded already (a retry) */
           "redis.call('RPUSH', rk(id), ARGV[5] .. ARGV[6])\n"
           "redis.call('HINCRBY', k, 'rbytes', #ARGV[6])\n"
           "local c = redis.call('HINCRBY', k, 'completed', 1)\n"
           "local now, keep = tonumber(ARGV[7]), tonumber(ARGV[8])\n"
           "if ARGV[5] == '0' and not (v[5] == '1' and v[6] == '1') then\n"
           "  finish(id, 'running', 'failed', ARGV[6], now, keep)\n"
           "elseif c >= tonumber(v[4]) then\n"
           "  finish(id, 'running', 'done', '', now, keep)\n"
           "else\n"
           "  bump(id)\n"
           "  return {'ok'}\n"
           "end\n"
           "local sid = redis.call('HGET', k, 'sid')\n" /* the entry is done too: one round trip less */
           "redis.call('XACK', P .. 'queue', 'workers', sid)\n"
           "redis.call('XDEL', P .. 'queue', sid)\n"
           "prune(now, keep, tonumber(ARGV[9]), tonumber(ARGV[10]))\n"
           "return {'final', redis.call('HGET', k, 'state')}\n");

/* Move a job to a final state: cancel (attempt ''), a timeout or an
 * empty map's end (attempt: only the worker running it).
 * ARGV: P id attempt state exc now keep max_kept max_bytes
 * -> {ok, old state} {final, state} {stale, state} {gone} */
redis_script jr_finish = REDIS_SCRIPT(
    COMMON "local id, k = ARGV[2], jk(ARGV[2])\n"
           "local v = redis.call('HMGET', k, 'state', 'attempt')\n"
           "if not v[1] then return {'gone'} end\n"
           "if final(v[1]) then return {'final', v[1]} end\n"
           "if ARGV[3] ~= '' and (v[1] ~= 'running' or v[2] ~= ARGV[3]) then return {'stale', v[1]} end\n"
           "local now, keep = tonumber(ARGV[6]), tonumber(ARGV[7])\n"
           "finish(id, v[1], ARGV[4], ARGV[5], now, keep)\n"
           "prune(now, keep, tonumber(ARGV[8]), tonumber(ARGV[9]))\n"
           "return {'ok', v[1]}\n");

/* A replica shutting down hands a running job back: pending again (a new
 * stream entry; it goes on from the items done) -- or, when its op has side
 * effects, failed with the lost_json error.
 * ARGV: P id attempt now keep max_kept max_bytes lost_json -> {ok} {lost} {stale} */
redis_script jr_requeue =
    REDIS_SCRIPT(COMMON "local id, k = ARGV[2], jk(ARGV[2])\n"
                        "local v = redis.call('HMGET', k, 'state', 'attempt', 'rerun')\n"
                        "if v[1] ~= 'running' or v[2] ~= ARGV[3] then return {'stale'} end\n"
                        "local now, keep = tonumber(ARGV[4]), tonumber(ARGV[5])\n"
                        "if v[3] ~= '1' then\n"
                        "  finish(id, 'running', 'failed', ARGV[8], now, keep)\n"
                        "  prune(now, keep, tonumber(ARGV[6]), tonumber(ARGV[7]))\n"
                        "  return {'lost'}\n"
                        "end\n"
                        "local sid = redis.call('XADD', P .. 'queue', '*', 'id', id)\n"
                        "redis.call('HSET', k, 'state', 'pending', 'sid', sid, 'owner', '')\n"
                        "redis.call('HINCRBY', P .. 'stats', 'running', -1)\n"
                        "redis.call('HINCRBY', P .. 'stats', 'pending', 1)\n"
                        "bump(id)\n"
                        "return {'ok'}\n");

/* A worker got an entry after its replica began shutting down: the job,
 * still pending, gets a new entry for another replica (the old one is then
 * acknowledged).  ARGV: P id sid -> {ok} {skip} {keep} (leave the entry pending) */
redis_script jr_release = REDIS_SCRIPT(
    COMMON "local id, k = ARGV[2], jk(ARGV[2])\n"
           "local v = redis.call('HMGET', k, 'state', 'sid')\n"
           "if v[1] == 'running' and v[2] == ARGV[3] then return {'keep'} end\n" /* a dead worker's: not ours
                                                                                    to end */
           "if v[1] ~= 'pending' or v[2] ~= ARGV[3] then return {'skip'} end\n"
           "redis.call('HSET', k, 'sid', redis.call('XADD', P .. 'queue', '*', 'id', id))\n"
           "return {'ok'}\n");

/* Forget what is past the keep limits; the shared counters.
 * ARGV: P now keep max_kept max_bytes -> HGETALL P stats */
redis_script jr_prune =
    REDIS_SCRIPT(COMMON "prune(tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]))\n"
                        "return redis.call('HGETALL', P .. 'stats')\n");
