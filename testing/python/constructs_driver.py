"""The Python side of generator/python/constructs.redis.test.ts: the language constructs the TypeScript client
supports, through the generated Python packages of testing/fixtures/redis8-app.yaml (field TTLs, logical
types, sharded channels) and testing/fixtures/queue-constructs/queue-app.yaml (encoded scores, stream entry
cases, required fields), sync and asyncio alike. Each step's outcome is printed as JSON; the test judges them.

stdin: {"url", "mode": "sync"|"async", "prefix"} (``prefix`` keeps the keys of the two modes apart). The two specs
declare no connections (their keyspaces would default to localhost:6379), so every keyspace is given its
clients, on ``url``, explicitly."""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
from typing import Any, Awaitable, Callable, Dict, Union

import redis
import redis.asyncio

import queue_app_keyspace as queue
import redis8_app_keyspace as redis8


async def settle(x: Any) -> Any:
    return await x if inspect.isawaitable(x) else x


async def outcome(make: Callable[[], Union[Any, Awaitable[Any]]]) -> Dict[str, Any]:
    try:
        value = await settle(make())
        return {"ok": list(value) if isinstance(value, tuple) else value}
    except Exception as e:  # noqa: BLE001 - the outcome is the data
        return {"error": f"{type(e).__name__}: {e}"}


async def main() -> None:
    req = json.load(sys.stdin)
    url, mode, p = req["url"], req["mode"], req["prefix"]
    if ":6379" in url:
        raise SystemExit("refusing the shared Redis on port 6379")
    raw = redis.Redis.from_url(url)
    raw3 = redis.Redis.from_url(url, db=3)

    def client(db: int) -> Any:
        return redis.Redis.from_url(url, db=db) if mode == "sync" else redis.asyncio.Redis.from_url(url, db=db)

    out: Dict[str, Any] = {}
    main_client = client(0)
    ks: Any = redis8.Keyspace({"main": main_client}) if mode == "sync" else redis8.AsyncKeyspace({"main": main_client})

    hll = ks.main.visitors(p + "mon")
    out["hll_add"] = await outcome(lambda: hll.add("a", "b", "c"))
    out["hll_again"] = await outcome(lambda: hll.add("a"))
    out["hll_count"] = await outcome(lambda: hll.count())
    out["hll_head"] = raw.getrange(hll.key, 0, 3).decode()
    out["hll_ttl"] = raw.ttl(hll.key)

    bits = ks.main.seen(p + "mon")
    out["bit_set7"] = await outcome(lambda: bits.set_bit(7, 1))
    out["bit_set9"] = await outcome(lambda: bits.set_bit(9, 1))
    out["bit_get7"] = await outcome(lambda: bits.get_bit(7))
    out["bit_get8"] = await outcome(lambda: bits.get_bit(8))
    out["bit_count"] = await outcome(lambda: bits.count())
    out["bit_type"] = raw.type(bits.key).decode()
    out["bit_ttl"] = raw.ttl(bits.key)

    geo = ks.main.shops(p + "paris")
    out["geo_add1"] = await outcome(lambda: geo.add("bakery-1", 2.3522, 48.8566))
    out["geo_add2"] = await outcome(lambda: geo.add("bakery-2", 2.2945, 48.8584))
    out["geo_pos"] = await outcome(lambda: geo.position("bakery-1"))
    out["geo_nowhere"] = await outcome(lambda: geo.position("nowhere"))
    out["geo_1km"] = await outcome(lambda: geo.search_radius(2.35, 48.856, 1, "km"))
    out["geo_10km"] = await outcome(lambda: geo.search_radius(2.35, 48.856, 10, "km"))
    out["geo_bad"] = await outcome(lambda: geo.add("Not Valid!", 2, 48))
    out["geo_type"] = raw.type(geo.key).decode()

    profile = ks.main.profile(p + "u1")
    out["module_exists"] = await outcome(lambda: profile.exists())
    out["module_key"] = profile.key

    # A sharded channel: SSUBSCRIBE and SPUBLISH; a plain SUBSCRIBE never sees it.
    sub = await settle(ks.channels.subscribe_room(p + "lobby"))
    plain = raw.pubsub()
    plain.subscribe(f"room:{{{p}lobby}}")
    plain.get_message(timeout=1.0)
    out["shard_numsub"] = [x.decode() if isinstance(x, bytes) else x for x in raw.execute_command("PUBSUB", "SHARDNUMSUB", f"room:{{{p}lobby}}")]
    out["shard_publish"] = await outcome(lambda: ks.channels.room(p + "lobby").publish_say("hello"))
    got = await settle(sub.get(timeout=2.0))
    out["shard_got"] = None if got is None else [got.channel, got.text, got.message.name if got.message else None]
    out["shard_plain"] = plain.get_message(ignore_subscribe_messages=True, timeout=0.3)
    out["shard_pattern"] = await outcome(lambda: ks.channels.room(p + "lobby")._accessor.subscribe({}))
    if "ok" in out["shard_pattern"]:
        out["shard_pattern"] = {"ok": "subscribed"}
    await settle(sub.close())
    plain.reset()

    # Field TTLs: HEXPIRE in the MULTI (Redis 7.4+); a 7.0 server refuses the whole transaction.
    s = ks.main.session(p + "abc")
    out["session_plain"] = await outcome(lambda: s.write({"user": "u1"}))
    out["session_ttl"] = raw.ttl(s.key)
    out["session_csrf"] = await outcome(lambda: s.write({"user": "u2", "csrf": "token"}))
    out["session_csrf_field"] = await outcome(lambda: s.set_csrf("token"))
    out["session_if_absent"] = await outcome(lambda: s.set_field_if_absent("csrf", "token"))
    out["session_otp"] = await outcome(lambda: s.set_otp(1, "123456"))
    out["session_pinned"] = await outcome(lambda: s.set_pinned("yes"))
    out["session_update"] = await outcome(lambda: s.set({"pinned": "no"}))
    out["session_all"] = {k.decode(): v.decode() for k, v in raw.hgetall(s.key).items()}
    # Required: a whole record without `user` is rejected before anything is sent; an update is partial.
    s2 = ks.main.session(p + "new")
    out["session_missing"] = await outcome(lambda: s2.write({"pinned": "yes"}))
    out["session_missing_exists"] = raw.exists(s2.key)
    await settle(ks.close())
    await settle(main_client.close())

    # Encoded scores and stream entry cases.
    jobs_client = client(3)
    qs: Any = queue.Keyspace({"jobs": jobs_client}) if mode == "sync" else queue.AsyncKeyspace({"jobs": jobs_client})
    due = 1_764_000_000_000
    q = "mail" if mode == "sync" else "m4"
    job = qs.jobs.queue_job(q, "1")
    out["job_missing"] = await outcome(lambda: job.write({"data": {"x": 1}}))
    out["job_missing_exists"] = raw3.exists(job.key)
    out["job_set"] = await outcome(lambda: job.write({"name": "send"}))
    delayed = qs.jobs.queue_delayed(q)
    out["delayed_add"] = await outcome(lambda: delayed.add("1", {"due": due, "counter": 4095}))
    zscore = raw3.zscore(delayed.key, "1")
    out["delayed_raw"] = None if zscore is None else str(int(zscore))
    out["delayed_score"] = await outcome(lambda: delayed.score("1"))
    out["delayed_range"] = await outcome(lambda: delayed.range())
    out["delayed_add2"] = await outcome(lambda: delayed.add("2", {"due": due + 5000, "counter": 0}))
    out["delayed_due"] = await outcome(lambda: delayed.range_by_score({"due": 0, "counter": 0}, {"due": due + 1000, "counter": 4095}))
    out["delayed_due_limit"] = await outcome(lambda: delayed.range_by_score({"due": 0, "counter": 0}, {"due": due + 9000, "counter": 0}, 1))
    out["delayed_remove2"] = await outcome(lambda: delayed.remove("2"))
    out["delayed_counter_high"] = await outcome(lambda: delayed.add("1", {"due": due, "counter": 4096}))
    out["delayed_due_negative"] = await outcome(lambda: delayed.add("1", {"due": -1, "counter": 0}))
    out["delayed_not_parts"] = await outcome(lambda: delayed.add("1", 5))
    events = qs.jobs.queue_events(q)
    out["events_completed"] = await outcome(lambda: events.append({"event": "completed", "jobId": "1", "returnvalue": {"ok": True}}))
    out["events_failed"] = await outcome(lambda: events.append({"event": "failed", "jobId": "1", "failedReason": "boom", "attemptsMade": 2}))
    out["events_missing"] = await outcome(lambda: events.append({"jobId": "1"}))
    out["events_bad_attempts"] = await outcome(lambda: events.append({"event": "failed", "jobId": "1", "attemptsMade": "two"}))
    entries = await settle(events.entries())
    out["events_read"] = [fields for _id, fields in entries]
    await settle(qs.close())
    await settle(jobs_client.close())
    raw.close()
    raw3.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    asyncio.run(main())
