-- One SCAN page (ARGV[1] cursor, ARGV[2] COUNT) and TYPE, PTTL of its keys; for a hash whose name starts
-- with a prefix of the (prefix, field) pairs in ARGV[3..], that field (HGET). Read-only (EVAL_RO).
local call = redis.call
local page = call('SCAN', ARGV[1], 'COUNT', ARGV[2])
local keys = page[2]
local code = {none = 0, string = 1, list = 2, set = 3, zset = 4, hash = 5, stream = 6}
local np = #ARGV
local out = {}
local fields = {}
local nf = 0
for i = 1, #keys do
  local k = keys[i]
  local t = call('TYPE', k)['ok']
  out[2 * i - 1] = code[t] or t
  out[2 * i] = call('PTTL', k)
  if np > 2 and t == 'hash' then
    for j = 3, np, 2 do
      local p = ARGV[j]
      if p == '' or string.sub(k, 1, #p) == p then
        fields[nf + 1] = i
        fields[nf + 2] = call('HGET', k, ARGV[j + 1]) or false
        fields[nf + 3] = (j - 1) / 2
        nf = nf + 3
        break
      end
    end
  end
end
return {page[1], keys, out, fields}
