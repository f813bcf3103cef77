-- Creates the hash KEYS[1] with the field ARGV[1] = ARGV[2] only when the key does not exist:
-- returns 1 when it created the key, 0 when the key existed (and was left untouched).
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
