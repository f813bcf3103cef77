-- One SCAN page and TYPE + PTTL of its keys, within a time budget. Read-only (EVAL_RO).
-- ARGV[1] cursor, ARGV[2] COUNT, ARGV[3] budget in microseconds, then (prefix, field) pairs, longest
-- prefix first: a hash whose name starts with a prefix also gets that field read (HGET).
-- Returns {next cursor, keys, probes, fields, others, used}:
--   probes  one integer per probed key, (PTTL + 2) * 8 + type code (0 none, 1 string, 2 list, 3 set,
--           4 zset, 5 hash, 6 stream, 7 another type, named in `others`); fewer than #keys when the
--           budget ran out: the caller probes the rest of the page itself (probe-keys.lua)
--   fields  {key index, field value or false, pair index} per HGET
--   others  {key index, type name} per key of a type without a code (a module type)
--   used    microseconds the call took, by the server's clock
local call = redis.call
local t0 = call('TIME')
local page = call('SCAN', ARGV[1], 'COUNT', ARGV[2])
local keys = page[2]
local budget = tonumber(ARGV[3])
local code = {none = 0, string = 1, list = 2, set = 3, zset = 4, hash = 5, stream = 6}
local np = #ARGV
local probes = {}
local fields = {}
local others = {}
local nf = 0
local no = 0
local function used()
  local t = call('TIME')
  return (t[1] - t0[1]) * 1000000 + (t[2] - t0[2])
end
for i = 1, #keys do
  if i % 32 == 0 and used() > budget then break end
  local k = keys[i]
  local t = call('TYPE', k)['ok']
  local c = code[t]
  if c == nil then
    c = 7
    others[no + 1] = i
    others[no + 2] = t
    no = no + 2
  end
  probes[i] = (call('PTTL', k) + 2) * 8 + c
  if c == 5 and np > 3 then
    for j = 4, np, 2 do
      local p = ARGV[j]
      if p == '' or string.sub(k, 1, #p) == p then
        fields[nf + 1] = i
        fields[nf + 2] = call('HGET', k, ARGV[j + 1]) or false
        fields[nf + 3] = (j - 2) / 2
        nf = nf + 3
        break
      end
    end
  end
end
return {page[1], keys, probes, fields, others, used()}
