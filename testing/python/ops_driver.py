"""The Python side of generator/python/written.redis.test.ts: runs lists of operations on generated keyspaces
(sync ``Keyspace`` or asyncio ``AsyncKeyspace``, each case with its own env) and prints every outcome as JSON.

A case: {"package", "mode": "sync"|"async", "env", "ops": [{"db", "key", "params", "do", "args"}]}; an op calls
``ks.<db>.<key>(*params).<do>(*args)`` (``client.<do>`` calls the database's raw redis-py client on the key;
``scan`` lists ``ks.<db>.scan_<key>()``)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
from typing import Any, Dict, List


def untag(v: Any) -> Any:
    if isinstance(v, dict):
        if "$bytes" in v:
            return bytes.fromhex(v["$bytes"])
        if "$num" in v:
            return float(v["$num"].replace("Infinity", "inf"))
        return {k: untag(x) for k, x in v.items()}
    if isinstance(v, list):
        return [untag(x) for x in v]
    return v


def tag(v: Any) -> Any:
    if isinstance(v, (bytes, bytearray)):
        return {"$bytes": bytes(v).hex()}
    if isinstance(v, float) and v in (float("inf"), float("-inf")):
        return {"$num": "Infinity" if v > 0 else "-Infinity"}
    if isinstance(v, (list, tuple)):
        return [tag(x) for x in v]
    if isinstance(v, dict):
        return {str(k): tag(x) for k, x in v.items()}
    return v


async def settle(x: Any) -> Any:
    return await x if inspect.isawaitable(x) else x


async def run_case(url: str, case: Dict[str, Any]) -> List[Dict[str, Any]]:
    pkg = importlib.import_module(case["package"])
    env = {**case["env"], "REDIS_URL": url}
    ks = pkg.Keyspace(env=env) if case["mode"] == "sync" else pkg.AsyncKeyspace(env=env)
    out: List[Dict[str, Any]] = []
    for op in case["ops"]:
        try:
            if op["do"] == "scan":
                found = getattr(getattr(ks, op["db"]), "scan_" + op["key"])()
                if inspect.isasyncgen(found):
                    out.append({"ok": sorted([k async for k in found]), "key": ""})
                else:
                    out.append({"ok": sorted(found), "key": ""})
                continue
            acc = getattr(getattr(ks, op["db"]), op["key"])(*op["params"])
            args = [untag(a) for a in op.get("args", [])]
            if op["do"].startswith("client."):
                result = await settle(getattr(ks.client(op["db"]), op["do"][7:])(acc.key, *args))
            else:
                result = await settle(getattr(acc, op["do"])(*args))
            out.append({"ok": tag(result), "key": acc.key})
        except Exception as e:  # noqa: BLE001 - the outcome is the data
            out.append({"error": f"{type(e).__name__}: {e}"})
    await settle(ks.close())
    return out


async def main() -> None:
    req = json.load(sys.stdin)
    results = [await run_case(req["url"], case) for case in req["cases"]]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    asyncio.run(main())
