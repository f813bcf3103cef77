"""The Python side of the parity tests (generator/python/parity.redis.test.ts): one process reads every case
from stdin as JSON (descriptors in the TypeScript runtime's shape, values tagged where JSON cannot carry
them), runs it through the generated package's runtime and prints the outcomes as JSON."""

from __future__ import annotations

import dataclasses
import importlib
import json
import sys
from typing import Dict, List, Optional, Tuple, cast

from weppcloud_keyspace import descriptors as weppcloud_descriptors
from weppcloud_keyspace._runtime.codecs import decode_value, encode_value, stored_value_error
from weppcloud_keyspace._runtime.connection import resolve_connection
from weppcloud_keyspace._runtime.descriptors import (
    ChannelDesc,
    Codec,
    ConnectionDesc,
    DbEnv,
    EncodedPart,
    EnvDefault,
    FieldDesc,
    KeyDesc,
    MessageDesc,
    Part,
    Placeholder,
    Ttl,
    TtlCase,
)
from weppcloud_keyspace._runtime.errors import KeyspecConnectionError, KeyspecValueError
from weppcloud_keyspace._runtime.names import build_name, parse_name
from weppcloud_keyspace._runtime.ttl import env_ttl_seconds, resolve_ttl, ttl_action_of

Json = Dict[str, object]


def obj(v: object) -> Json:
    return cast(Json, v)


def placeholder(d: Json) -> Placeholder:
    kind = cast(str, d["kind"])
    assert kind in ("integer", "enum", "string")
    return Placeholder(
        name=cast(str, d["name"]),
        kind=kind,
        regex=cast(Optional[str], d.get("regex")),
        values=tuple(cast(List[str], d.get("values", []))),
        min=cast(Optional[float], d.get("min")),
        max=cast(Optional[float], d.get("max")),
    )


def parts(ps: object) -> Tuple[Part, ...]:
    return tuple(p if isinstance(p, str) else placeholder(obj(p)) for p in cast(List[object], ps))


def codec(d: Json) -> Codec:
    jp = d.get("jsonpickle")
    return Codec(
        kind=d["kind"],
        format=cast(str, d.get("format", "")),
        regex=cast(Optional[str], d.get("regex")),
        iso_datetime=bool(d.get("isoDatetime")),
        template=parts(d["template"]) if "template" in d else None,
        jsonpickle=jp is not None,
        py_object=cast(Optional[str], obj(jp).get("pyObject")) if jp is not None else None,
        min=cast(Optional[float], d.get("min")),
        max=cast(Optional[float], d.get("max")),
        true=cast(str, d.get("true", "true")),
        false=cast(str, d.get("false", "false")),
        values=tuple(cast(List[str], d.get("values", []))),
        schema=d.get("schema"),
        magic=d.get("magic"),
        of=tuple(codec(obj(x)) for x in cast(List[object], d.get("of", []))),
        multiplier=cast(int, d.get("multiplier", 0)),
        high=encoded_part(obj(d["high"])) if "high" in d else None,
        low=encoded_part(obj(d["low"])) if "low" in d else None,
    )


def encoded_part(d: Json) -> EncodedPart:
    return EncodedPart(name=cast(str, d["name"]), codec=codec(obj(d["codec"])))


def ttl(d: Json) -> Ttl:
    return Ttl(
        kind=d["kind"],
        seconds=cast(int, d.get("seconds", 0)),
        min=cast(int, d.get("min", 0)),
        max=cast(int, d.get("max", 0)),
        optional=bool(d.get("optional", False)),
        refresh=cast(str, d.get("refresh", "write")),
        env=cast(Optional[str], d.get("env")),
        field=cast(Optional[str], d.get("field")),
        cases=tuple(TtlCase(tuple(cast(List[str], obj(c)["values"])), ttl(obj(obj(c)["ttl"]))) for c in cast(List[object], d.get("cases", []))),
        default=ttl(obj(d["default"])) if "default" in d else None,
    )


def key_desc(d: Json) -> KeyDesc:
    return KeyDesc(
        id=cast(str, d["id"]),
        db=cast(int, d["db"]),
        type=d["type"],
        parts=parts(d["parts"]),
        ttl=ttl(obj(d["ttl"])),
        value=codec(obj(d["value"])) if "value" in d else None,
        member=codec(obj(d["member"])) if "member" in d else None,
        score=codec(obj(d["score"])) if "score" in d else None,
        fields=tuple(field_desc(obj(f)) for f in cast(List[object], d.get("fields", []))),
        logical=cast(Optional[str], d.get("logical")),
        required=tuple(cast(List[str], d.get("required", []))),
    )


def field_desc(d: Json) -> FieldDesc:
    return FieldDesc(parts(d["parts"]), codec(obj(d["codec"])), ttl(obj(d["ttl"])) if "ttl" in d else None)


def channel_desc(d: Json) -> ChannelDesc:
    messages = []
    for m in cast(List[Json], d["messages"]):
        messages.append(
            MessageDesc(
                name=cast(str, m["name"]),
                kind=m["kind"],
                parts=parts(m["parts"]) if "parts" in m else (),
                codec=codec(obj(m["codec"])) if "codec" in m else None,
                regex=cast(Optional[str], m.get("regex")),
            )
        )
    return ChannelDesc(name=cast(str, d["name"]), parts=parts(d["parts"]), messages=tuple(messages), sharded=d.get("sharded") is True)


def connection(d: Optional[Json]) -> Optional[ConnectionDesc]:
    if d is None:
        return None
    db = cast(Optional[Json], d.get("db"))
    return ConnectionDesc(
        name=cast(str, d["name"]),
        url=tuple(cast(List[str], d.get("url", []))),
        host=cast(Optional[str], d.get("host")),
        port=cast(Optional[str], d.get("port")),
        password_file=cast(Optional[str], d.get("passwordFile")),
        password=cast(Optional[str], d.get("password")),
        db=DbEnv(env=cast(Optional[str], db.get("env")), default=cast(Optional[int], db.get("default"))) if db is not None else None,
    )


def untag(v: object) -> object:
    if isinstance(v, dict):
        d = obj(v)
        if "$bytes" in d:
            return bytes.fromhex(cast(str, d["$bytes"]))
        if "$num" in d:
            return float(cast(str, d["$num"]).replace("Infinity", "inf"))
        if "$opaque" in d:
            return object()
        return {k: untag(x) for k, x in d.items()}
    if isinstance(v, list):
        return [untag(x) for x in cast(List[object], v)]
    return v


def as_bytes(e: object) -> bytes:
    return e.encode("utf-8") if isinstance(e, str) else cast(bytes, e)


def outcome_of_encode(c: Codec, value: object) -> Json:
    try:
        return {"ok": as_bytes(encode_value(c, value, "parity")).hex()}
    except KeyspecValueError as e:
        return {"error": str(e)}


def run_codecs(cases: List[Json]) -> List[Json]:
    out: List[Json] = []
    for case in cases:
        c = codec(obj(case["codec"]))
        stored = [bytes.fromhex(h) for h in cast(List[str], case["stored"])]
        accepted = [stored_value_error(c, b) is None for b in stored]
        roundtrip: List[Optional[Json]] = []
        for b, ok in zip(stored, accepted):
            if not ok:
                roundtrip.append(None)
                continue
            try:
                roundtrip.append(outcome_of_encode(c, decode_value(c, b, "parity")))
            except KeyspecValueError as e:
                roundtrip.append({"error": f"decode: {e}"})
        typed = [outcome_of_encode(c, untag(v)) for v in cast(List[object], case["typed"])]
        out.append({"stored": accepted, "typed": typed, "roundtrip": roundtrip})
    return out


def run_names(cases: List[Json]) -> List[Json]:
    out: List[Json] = []
    for case in cases:
        ps = parts(case["parts"])
        built: List[Json] = []
        for params in cast(List[Json], case["builds"]):
            try:
                built.append({"ok": build_name(ps, obj(untag(params)), "parity")})
            except KeyspecValueError:
                built.append({"error": True})
        parsed = [parse_name(ps, n) for n in cast(List[str], case["parses"])]
        out.append({"built": built, "parsed": parsed})
    return out


def run_ttls(cases: List[Json]) -> List[Json]:
    out: List[Json] = []
    for case in cases:
        declared = ttl(obj(case["ttl"]))
        results: List[Json] = []
        for run in cast(List[Json], case["runs"]):
            env = cast(Dict[str, str], run["env"])
            value = cast(Optional[str], run.get("value"))
            try:
                results.append({"ok": ttl_action_of(declared, resolve_ttl(declared, value), None, env)})
            except KeyspecValueError as e:
                results.append({"error": str(e)})
        out.append({"results": results})
    return out


def run_env_ttl(raws: List[Optional[str]]) -> List[Json]:
    out: List[Json] = []
    for raw in raws:
        try:
            out.append({"ok": env_ttl_seconds("X", raw)})
        except KeyspecValueError as e:
            out.append({"error": str(e)})
    return out


def run_connections(cases: List[Json], password_file: str, password_text: str) -> List[Json]:
    def read_file(path: str) -> str:
        if path == password_file:
            return password_text
        raise OSError(2, "No such file or directory")

    defaults_cache: Dict[str, Tuple[EnvDefault, ...]] = {}
    out: List[Json] = []
    for case in cases:
        key = json.dumps(case["defaults"])
        defaults = defaults_cache.setdefault(key, tuple(EnvDefault(cast(str, obj(d)["name"]), cast(Optional[str], obj(d).get("default"))) for d in cast(List[object], case["defaults"])))
        try:
            r = resolve_connection(connection(cast(Optional[Json], case.get("conn"))), cast(int, case["db"]), cast(Dict[str, str], case["env"]), defaults, read_file)
            res: Json = {"url": r.url, "host": r.host, "port": r.port, "tls": r.tls, "db": r.db, "source": r.source}
            if r.username is not None:
                res["username"] = r.username
            if r.password is not None:
                res["password"] = r.password
            out.append({"ok": res})
        except KeyspecConnectionError as e:
            out.append({"error": str(e)})
    return out


def same(generated: object, expected: object) -> bool:
    return generated is not None and dataclasses.is_dataclass(generated) and dataclasses.asdict(generated) == dataclasses.asdict(expected)  # type: ignore[arg-type]


def run_descriptors(expected: Json) -> Json:
    """A generated descriptors.py (``package``, WEPPcloud's by default) against the TypeScript client's
    descriptors.ts of the same spec (converted)."""
    generated = importlib.import_module(f"{expected['package']}.descriptors") if "package" in expected else weppcloud_descriptors
    # Another package's runtime has its own (equal) classes: compared by class name and as plain data.
    by_id = {cast(KeyDesc, v).id: v for v in vars(generated).values() if type(v).__name__ == "KeyDesc"}
    keys = {k: same(by_id.get(k), key_desc(obj(d))) for k, d in obj(expected["keys"]).items()}
    channels_by_name = {cast(ChannelDesc, v).name: v for v in vars(generated).values() if type(v).__name__ == "ChannelDesc"}
    channels = {k: same(channels_by_name.get(k), channel_desc(obj(d))) for k, d in obj(expected["channels"]).items()}
    dbs = {
        name: name in generated.DATABASES
        and generated.DATABASES[name].index == obj(d)["index"]
        and generated.DATABASES[name].connection == connection(cast(Optional[Json], obj(d).get("connection")))
        for name, d in obj(expected.get("databases", {})).items()
    }
    env = [{"name": e.name, **({"default": e.default} if e.default is not None else {})} for e in generated.ENV_DEFAULTS]
    return {"keys": keys, "channels": channels, "databases": dbs, "env": env, "generatedKeys": sorted(by_id)}


def main() -> None:
    req = obj(json.load(sys.stdin))
    result = {
        "codecs": run_codecs(cast(List[Json], req["codecs"])),
        "names": run_names(cast(List[Json], req["names"])),
        "ttls": run_ttls(cast(List[Json], req["ttls"])),
        "envTtl": run_env_ttl(cast(List[Optional[str]], req["envTtl"])),
        "connections": run_connections(cast(List[Json], req["connections"]), cast(str, req["passwordFile"]), cast(str, req["passwordText"])),
        "descriptors": run_descriptors(obj(req["descriptors"])),
        "constructDescriptors": [run_descriptors(obj(d)) for d in cast(List[object], req.get("constructDescriptors", []))],
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
