"""The Lua scripts: each decision that several workers race for is one atomic step.

Times are Redis's own (``TIME``, in ms), so the workers' clocks never need to
agree. The scripts name keys from the bot's prefix, so they need one Redis server
(or a primary with replicas), not a Redis Cluster of several primaries.
"""

from __future__ import annotations

__all__ = ["ACQUIRE_RATE", "BLOCK_RATE", "IDENTIFY", "RELEASE", "SETTLE_RATE", "TICK",
           "WRITE_SESSIONS"]

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# ARGV: prefix, worker id, lease ms, worker ttl ms, shard count, settle ms, how many
# to claim, max_concurrency, this worker's host, pid and start (ms), then the shards
# this worker runs. Writes again what a Redis that lost its data lost (the cluster's
# meta, the worker's own record). Renews (or, when Redis lost it, takes
# again) each held lease; claims free ones only once Redis has held our leases for
# ``settle`` ms (a Redis that lost its data may have lost leases that are still run).
# Returns {now, live workers, kept, lost, claimed, sessions of the claimed}.
TICK = _NOW + """
local p, me = ARGV[1], ARGV[2]
local ttl, wttl = tonumber(ARGV[3]), tonumber(ARGV[4])
local count, settle, want = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local epoch = tonumber(redis.call('GET', p .. ':epoch'))
if not epoch then
  epoch = now
  redis.call('SET', p .. ':epoch', now)
end
redis.call('HSETNX', p .. ':meta', 'shard_count', count)
redis.call('HSETNX', p .. ':meta', 'max_concurrency', ARGV[8])
redis.call('HSETNX', p .. ':meta', 'lease_ms', ttl)
redis.call('ZADD', p .. ':workers', now + wttl, me)
redis.call('ZREMRANGEBYSCORE', p .. ':workers', '-inf', now)
redis.call('HSET', p .. ':worker:' .. me, 'host', ARGV[9], 'pid', ARGV[10], 'started', ARGV[11])
redis.call('PEXPIRE', p .. ':worker:' .. me, wttl)
local workers = redis.call('ZCARD', p .. ':workers')
local kept, lost, claimed, sessions = {}, {}, {}, {}
for i = 12, #ARGV do
  local key = p .. ':lease:' .. ARGV[i]
  local holder = redis.call('GET', key)
  if holder == me then
    redis.call('PEXPIRE', key, ttl)
    table.insert(kept, ARGV[i])
  elseif not holder then
    redis.call('SET', key, me, 'PX', ttl)
    table.insert(kept, ARGV[i])
  else
    table.insert(lost, ARGV[i])
  end
end
if want > 0 and now - epoch >= settle then
  for s = 0, count - 1 do
    if #claimed >= want then break end
    if redis.call('SET', p .. ':lease:' .. s, me, 'NX', 'PX', ttl) then
      table.insert(claimed, tostring(s))
      redis.call('HSET', p .. ':since', s, now)
      local rec = redis.call('HMGET', p .. ':session:' .. s, 'session_id', 'resume_url', 'seq')
      table.insert(sessions, {rec[1] or '', rec[2] or '', rec[3] or ''})
    end
  end
end
return {now, workers, kept, lost, claimed, sessions}
"""

# ARGV: prefix, worker id, session ttl ms, then groups of five: shard, session id,
# resume url, seq, state. Written only for shards whose lease this worker holds, so
# a worker cut off from the others can never overwrite its successor's session.
WRITE_SESSIONS = _NOW + """
local p, me, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
local written = 0
for i = 4, #ARGV, 5 do
  local shard = ARGV[i]
  if redis.call('GET', p .. ':lease:' .. shard) == me then
    local key = p .. ':session:' .. shard
    if ARGV[i + 1] == '' then
      redis.call('HDEL', key, 'session_id', 'resume_url', 'seq')
    else
      redis.call('HSET', key, 'session_id', ARGV[i + 1], 'resume_url', ARGV[i + 2],
                 'seq', ARGV[i + 3])
    end
    redis.call('HSET', key, 'state', ARGV[i + 4], 'worker', me, 'at', now)
    redis.call('PEXPIRE', key, ttl)
    written = written + 1
  end
end
return written
"""

# ARGV: prefix, worker id, shard. Gives a lease up (only if it is still ours).
RELEASE = """
local key = ARGV[1] .. ':lease:' .. ARGV[3]
if redis.call('GET', key) == ARGV[2] then
  redis.call('DEL', key)
  redis.call('HDEL', ARGV[1] .. ':since', ARGV[3])
  return 1
end
return 0
"""

# KEYS: the bucket's lock, identifies left. ARGV: worker id, how long the lock holds (ms).
# Returns {0, left} (go: the lock is ours), {1, ms} (the bucket is busy), {2, 0}
# (identifies left unknown: ask Discord), {3, ms} (none left until the reset).
IDENTIFY = """
local busy = redis.call('PTTL', KEYS[1])
if busy > 0 then return {1, busy} end
local left = redis.call('GET', KEYS[2])
if not left then return {2, 0} end
left = tonumber(left)
if left <= 0 then return {3, redis.call('PTTL', KEYS[2])} end
redis.call('DECR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {0, left - 1}
"""

# KEYS: a bucket's identify lock. ARGV: this worker's id, the hold in ms. The IDENTIFY
# went out: if the lock is still ours, it holds a whole window (and margin) from now.
IDENTIFY_SENT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""

# KEYS: global window zset, global block, then one bucket hash per call. ARGV: global
# rate, window ms, probe patience ms, a unique id prefix, then one exempt flag (0/1)
# per call. For each queued call, in order: room in its bucket and (unless exempt)
# the global window, taken together, or neither. Returns two numbers per call: the
# wait in ms (0: go) and what it waits for (0: its bucket, 1: the global window).
ACQUIRE_RATE = _NOW + """
local rate, window, patience = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
local global_wait = 0
if blocked > now then
  global_wait = blocked - now
end
local out = {}
for i = 1, #ARGV - 4 do
  local b, exempt = KEYS[i + 2], ARGV[i + 4] == '1'
  local wait, scope, probe = 0, 0, false
  local f = redis.call('HMGET', b, 'known', 'limit', 'remaining', 'reset_at', 'inflight',
                       'probe_at')
  local inflight = tonumber(f[5]) or 0
  if f[1] == '1' then
    local limit, remaining, reset_at = tonumber(f[2]), tonumber(f[3]), tonumber(f[4])
    if reset_at > 0 and now >= reset_at then
      remaining = limit
      redis.call('HSET', b, 'remaining', remaining, 'reset_at', 0)
      reset_at = 0
    end
    if remaining <= 0 then
      wait = reset_at > 0 and reset_at - now or 50
    end
  else
    local probe_at = tonumber(f[6]) or 0
    if inflight > 0 and now - probe_at < patience then
      wait = probe_at + patience - now
    end
    probe = true
  end
  if wait == 0 and not exempt then
    if global_wait > 0 then
      wait, scope = global_wait, 1
    elseif used >= rate then
      local oldest = redis.call('ZRANGE', KEYS[1], used - rate, used - rate, 'WITHSCORES')
      wait, scope = math.max(tonumber(oldest[2]) + window - now, 1), 1
    else
      used = used + 1
      redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i)
    end
  end
  if wait == 0 then
    if not probe then redis.call('HINCRBY', b, 'remaining', -1) end
    redis.call('HSET', b, 'inflight', inflight + 1, 'probe_at', now)
    redis.call('PEXPIRE', b, 600000)
  end
  table.insert(out, wait)
  table.insert(out, scope)
end
redis.call('PEXPIRE', KEYS[1], window * 2)
return out
"""

# KEYS: bucket hash. ARGV: released (0/1), then limit, remaining, reset after (ms),
# or nothing. What a response said, and that its call is done: the counterpart of
# Bucket.update and Bucket.release for the shared state.
SETTLE_RATE = _NOW + """
local b = KEYS[1]
local f = redis.call('HMGET', b, 'known', 'remaining', 'reset_at', 'inflight')
local inflight = tonumber(f[4]) or 0
if ARGV[2] then
  local limit, told, after = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
  local reset_at = tonumber(f[3]) or 0
  local fresh = now + after
  local remaining
  if f[1] ~= '1' or reset_at == 0 or fresh > reset_at + after / 2 then
    remaining = math.max(0, told - math.max(0, inflight - 1))
  else
    remaining = math.min(tonumber(f[2]) or told, told)
  end
  if f[1] == '1' then fresh = math.max(reset_at, fresh) end
  redis.call('HSET', b, 'known', 1, 'limit', limit, 'remaining', remaining, 'reset_at', fresh)
end
if ARGV[1] == '1' and inflight > 0 then
  redis.call('HSET', b, 'inflight', inflight - 1)
end
redis.call('PEXPIRE', b, 600000)
return 1
"""

# KEYS: bucket hash, global block. ARGV: retry after ms, global (0/1). A 429.
BLOCK_RATE = _NOW + """
local until_ms = now + tonumber(ARGV[1])
if ARGV[2] == '1' then
  local old = tonumber(redis.call('GET', KEYS[2]) or '0')
  redis.call('SET', KEYS[2], math.max(old, until_ms), 'PX', tonumber(ARGV[1]) + 1000)
else
  local old = tonumber(redis.call('HGET', KEYS[1], 'reset_at') or '0')
  redis.call('HSET', KEYS[1], 'remaining', 0, 'reset_at', math.max(old, until_ms), 'known', 1)
  redis.call('HSETNX', KEYS[1], 'limit', 1)
  redis.call('PEXPIRE', KEYS[1], 600000)
end
return 1
"""
