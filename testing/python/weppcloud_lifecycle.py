"""A WEPPcloud run lifecycle through the generated ``weppcloud_keyspace`` package (sync and asyncio): the
RedisPrep run hash (timestamps, RQ job ids, lock flags), NoDb locks and cache writes, the working-directory
cache, the README editor lock and clients, a log level, and status messages on a run's channel. The server
comes from REDIS_URL, resolved through the spec's connections. Prints a JSON report on stdout."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
import uuid
from datetime import datetime, timezone
from typing import Dict, List

from weppcloud_keyspace import (
    AsyncKeyspace,
    Keyspace,
    KeyspecValueError,
    RedisDB,
    Task,
    parse_key,
)
from weppcloud_keyspace import keys

RUNID = "busy-beaver"
CONFIG = "disturbed9002"
WD = "/wc1/runs/bu/busy-beaver"
TASKS: List[Task] = ["project_init", "abstract_watershed", "build_soils", "build_climate", "run_wepp_watershed"]


def iso_now() -> str:
    return datetime.now(timezone.utc).isoformat()


def nodb_roundtrip(ks: Keyspace, relpath: str, cls: str) -> Dict[str, object]:
    """``with nodb.locked(): ... dump_and_unlock()``: the lock, its mirror flag and the cache entry."""
    lock = ks.lock.nodb_lock(RUNID, relpath)
    prep = ks.lock.run(RUNID)
    now = int(time.time())
    ttl = 21600
    token = uuid.uuid4().hex
    got = lock.set_if_absent(
        {"token": token, "owner": f"{socket.gethostname().split('.')[0] or 'host'}:{os.getpid()}", "acquired_at": now, "expires_at": now + ttl, "ttl": ttl}
    )
    again = lock.set_if_absent({"token": uuid.uuid4().hex, "owner": "other:1", "acquired_at": now, "expires_at": now + ttl, "ttl": ttl})
    prep.set_locked(relpath, True)
    held = lock.get()
    ks.nodb_cache.nodb(f"{WD}/{relpath}").set(json.dumps({"py/object": cls, "wd": WD, "_relpath": relpath}))
    prep.set({"last_modified": int(time.time())})
    released = held is not None and held["token"] == token and lock.delete()
    prep.set_locked(relpath, False)
    return {"acquired": got, "second_acquire": again, "released": released, "lock_ttl_ms": ks.lock.nodb_lock(RUNID, relpath).pttl()}


def readme_editor(ks: Keyspace) -> Dict[str, object]:
    """Two editor tabs: the first takes the lock, the second takes it over, the first's save is refused."""
    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    lock = ks.readme.editor_lock(RUNID, CONFIG)
    lock.set(first)
    now = iso_now()
    ks.readme.editor_client(RUNID, CONFIG, first).write(
        {"status": "active", "runid": RUNID, "config": CONFIG, "uuid": first, "ron_name": "", "ron_scenario": "", "created_at": now, "updated_at": now}
    )
    lock.set(second)
    ks.readme.editor_client(RUNID, CONFIG, first).set({"status": "stale", "stale_at": iso_now()})
    ks.readme.editor_client(RUNID, CONFIG, second).write(
        {"status": "active", "runid": RUNID, "config": CONFIG, "uuid": second, "ron_name": "Busy Beaver", "ron_scenario": "", "created_at": now, "updated_at": now}
    )
    if lock.get() != first:
        ks.readme.editor_client(RUNID, CONFIG, first).set({"status": "invalidated", "invalidated_at": iso_now()})
    return {
        "lock": lock.get() == second,
        "first": ks.readme.editor_client(RUNID, CONFIG, first).get_status(),
        "first_ttl_ms": ks.readme.editor_client(RUNID, CONFIG, first).pttl(),
        "second_ttl_ms": ks.readme.editor_client(RUNID, CONFIG, second).pttl(),
    }


def status_messages(ks: Keyspace, job_id: str) -> Dict[str, object]:
    """A job's lifecycle lines on ``<runid>:wepp``, received back parsed by a subscriber."""
    channel = ks.channels.status(RUNID, "wepp")
    sub = channel.subscribe()
    receivers = [
        channel.publish_started(job_id=job_id, func="run_wepp_rq", args=RUNID),
        channel.publish_status_line(job_id=job_id, text="building hillslope inputs"),
        channel.publish_progress("Building soils for 112 hillslopes"),
        channel.publish_trigger(job_id=job_id, controller="wepp", event="WEPP_RUN_TASK_COMPLETED"),
        channel.publish_completed(job_id=job_id, func="run_wepp_rq", args=RUNID),
    ]
    received: List[str] = []
    deadline = time.time() + 5
    while len(received) < len(receivers) and time.time() < deadline:
        m = sub.get(timeout=0.5)
        if m is not None and m.message is not None:
            received.append(m.message.name)
    sub.close()
    return {"receivers": receivers, "received": received}


async def preflight(runid: str) -> Dict[str, object]:
    """The preflight service's view (asyncio): keyspace notifications on the run hash while an RQ worker
    (asyncio too) sets a task timestamp."""
    ks = AsyncKeyspace(client_name="preflight")
    worker = AsyncKeyspace(client_name="rq-worker")
    sub = await ks.notifications.preflight_run_hash(runid)
    await asyncio.sleep(0.1)
    await worker.lock.run(runid).set_timestamps("build_landuse", int(time.time()))
    events: List[str] = []
    deadline = time.time() + 5
    while not events and time.time() < deadline:
        e = await sub.get(timeout=0.5)
        if e is not None:
            events.append(f"{e.event} {e.params['runid']}")
    await sub.close()
    fields = await ks.lock.run(runid).get_all()
    await worker.close()
    await ks.close()
    return {"events": events, "loaded": fields.get("attrs:loaded")}


def main() -> None:
    ks = Keyspace(client_name="weppcloud")
    report: Dict[str, object] = {}
    prep = ks.lock.run(RUNID)
    prep.set({"attrs:loaded": True, "attrs:sbs_required": False, "attrs:has_sbs": False})
    ks.session.wd(RUNID).set(WD)
    job_id = str(uuid.uuid4())
    prep.set_rq("run_wepp_rq", job_id)
    for task in TASKS:
        prep.set_timestamps(task, int(time.time()))
    report["nodb"] = [nodb_roundtrip(ks, r, c) for r, c in (("wepp.nodb", "wepppy.nodb.core.wepp.Wepp"), ("climate.nodb", "wepppy.nodb.core.climate.Climate"))]
    report["readme"] = readme_editor(ks)
    ks.log_level.loglevel(RUNID).set("10")
    report["log_level"] = ks.log_level.loglevel(RUNID).get()
    report["status"] = status_messages(ks, job_id)
    report["timestamps"] = {t: prep.get_timestamps(t) is not None for t in TASKS}
    report["wd"] = ks.session.wd(RUNID).get()
    report["wd_ttl_ms"] = ks.session.wd(RUNID).pttl()
    report["parsed"] = [
        (p.id, p.params) if p is not None else None
        for p in (parse_key(RedisDB.LOCK, keys.nodb_lock_key(RUNID, "wepp.nodb")), parse_key(RedisDB.WD_CACHE, RUNID))
    ]
    rejected: List[str] = []
    for bad in ("Busy Beaver", "a:b", ""):
        try:
            keys.run_key(bad)
        except KeyspecValueError:
            rejected.append(bad)
    report["rejected_runids"] = rejected
    report["preflight"] = asyncio.run(preflight(RUNID))
    ks.close()
    print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
