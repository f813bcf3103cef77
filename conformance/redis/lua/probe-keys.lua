-- TYPE and PTTL of every key in KEYS, then for each (index, field) pair in ARGV the field's value
-- when that key is a hash (false otherwise), in ARGV order. Read-only (EVAL_RO).
local call = redis.call
local n = #KEYS
local want = {}
for j = 1, #ARGV, 2 do want[tonumber(ARGV[j])] = j end
local out = {}
local fields = {}
for i = 1, n do
  local k = KEYS[i]
  local t = call('TYPE', k)['ok']
  out[2 * i - 1] = t
  out[2 * i] = call('PTTL', k)
  local j = want[i]
  if j then
    local v = false
    if t == 'hash' then v = call('HGET', k, ARGV[j + 1]) end
    fields[(j + 1) / 2] = v
  end
end
for j = 1, #ARGV, 2 do
  if fields[(j + 1) / 2] == nil then
    local i = tonumber(ARGV[j])
    local v = false
    if out[2 * i - 1] == 'hash' then v = call('HGET', KEYS[i], ARGV[j + 1]) end
    fields[(j + 1) / 2] = v
  end
end
out[2 * n + 1] = fields
return out
