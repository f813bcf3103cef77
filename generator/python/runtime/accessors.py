"""Key, channel and keyspace-notification accessors over redis.asyncio: every write applies the key's TTL
policy (SET EX, or the write and EXPIRE in one MULTI; a field-dependent TTL resolves on the value written to
its field; a sliding TTL is refreshed on read; a hash field's own TTL is HEXPIRE in that MULTI), and every value
goes through the spec's codecs. Logical types (bitmaps, HyperLogLogs, GEO sets, module types) have their own
accessors; sharded channels SPUBLISH and SSUBSCRIBE.
The synchronous variant (``sync.py``) is made from this file by dropping ``async``/``await``."""

from __future__ import annotations

import importlib
import json
import os
import time
from dataclasses import dataclass, field
from typing import AsyncIterator, Callable, Dict, Generic, List, Literal, Mapping, Optional, Sequence, Tuple, TypeVar, cast

from .codecs import Encoded, decode_value, encode_value, stored_value_error
from .connection import resolve_connection
from .descriptors import ChannelDesc, Codec, DatabaseDesc, EnvDefault, FieldDesc, KeyDesc, Part
from .errors import KeyspecConnectionError, KeyspecValueError
from .names import ParamValue, build_name, glob_of, js_number, parse_name
from .protocols import AsyncPipeline, AsyncPubSub, AsyncRedis, AsyncRedisFactory
from .regex import whole
from .ttl import KEEP, PERSIST, TtlAction, resolve_ttl, sliding_seconds, ttl_action_of

V = TypeVar("V")
M = TypeVar("M")
S = TypeVar("S")
T = TypeVar("T")


class KeyContext:
    """What every accessor of a keyspace shares: the env the TTL overrides are read from, per-key overrides."""

    def __init__(self, env: Mapping[str, str], overrides: Mapping[str, int]) -> None:
        self.env = env
        self.overrides = overrides

    def ttl(self, desc: KeyDesc, field_value: Optional[str] = None) -> TtlAction:
        """What a write does to the key's TTL (an invalid env override fails the write)."""
        policy = desc.ttl
        if policy.kind in ("none", "any"):
            return KEEP
        return ttl_action_of(policy, resolve_ttl(policy, field_value), self.overrides.get(desc.id), self.env)

    def sliding(self, desc: KeyDesc) -> Optional[int]:
        return sliding_seconds(desc.ttl, self.overrides.get(desc.id), self.env)


def field_desc(desc: KeyDesc, name: str) -> FieldDesc:
    """The declaration a field name falls under (the first that parses it), or a KeyspecValueError."""
    for f in desc.fields:
        if parse_name(f.parts, name) is not None:
            return f
    raise KeyspecValueError(f"{desc.id}: field {json.dumps(name)} is not declared")


def missing_required(required: Sequence[str], record: Mapping[str, object]) -> Optional[str]:
    """The first required field a record lacks (None counts as absent), if any."""
    for name in required:
        if record.get(name) is None:
            return name
    return None


def _apply(pipe: AsyncPipeline, key: str, action: TtlAction) -> None:
    if action == PERSIST:
        pipe.persist(key)
    elif isinstance(action, int):
        pipe.expire(key, action)


class BaseKey:
    """The concrete key of a pattern, and the commands that work on a key of any type."""

    def __init__(self, redis: AsyncRedis, desc: KeyDesc, key: str, ctx: KeyContext) -> None:
        self.redis = redis
        self.desc = desc
        self.key = key
        self.ctx = ctx

    def ttl_action(self, field_value: Optional[str] = None) -> TtlAction:
        """What a write does to the TTL: seconds to expire after, ``'persist'`` or ``'keep'``."""
        return self.ctx.ttl(self.desc, field_value)

    async def _write(self, build: Callable[[AsyncPipeline], object], field_value: Optional[str] = None) -> object:
        """One write command, with the TTL applied in the same MULTI (alone in a pipeline without a TTL)."""
        action = self.ttl_action(field_value)
        pipe = self.redis.pipeline(transaction=action != KEEP)
        build(pipe)
        _apply(pipe, self.key, action)
        return (await pipe.execute())[0]

    async def pttl(self) -> int:
        """Remaining TTL in milliseconds (-1: none, -2: no such key)."""
        return await self.redis.pttl(self.key)

    async def exists(self) -> bool:
        return await self.redis.exists(self.key) == 1

    async def delete(self) -> bool:
        return await self.redis.delete(self.key) == 1


class StringKey(BaseKey, Generic[V]):
    """A string key: GET (refreshing a sliding TTL) and SET / SET NX with the declared TTL."""

    @property
    def _codec(self) -> Codec:
        assert self.desc.value is not None
        return self.desc.value

    async def get(self) -> Optional[V]:
        """The value, or None when the key does not exist. Refreshes a sliding TTL."""
        sliding = self.ctx.sliding(self.desc)
        raw = await (self.redis.getex(self.key, ex=sliding) if sliding is not None else self.redis.get(self.key))
        return None if raw is None else self._decode(raw)

    def _decode(self, raw: Encoded) -> V:
        return cast(V, decode_value(self._codec, raw, self.desc.id))

    async def set(self, value: V) -> None:
        """SET with the declared TTL (``SET key value EX ttl``)."""
        encoded = encode_value(self._codec, value, self.desc.id)
        action = self.ttl_action()
        if isinstance(action, int):
            await self.redis.set(self.key, encoded, ex=action)
        else:
            await self.redis.set(self.key, encoded)

    async def set_if_absent(self, value: V) -> bool:
        """SET NX with the declared TTL; True when this call created the key."""
        encoded = encode_value(self._codec, value, self.desc.id)
        action = self.ttl_action()
        ex = action if isinstance(action, int) else None
        return bool(await self.redis.set(self.key, encoded, ex=ex, nx=True))


class HashKey(BaseKey):
    """A hash key: fields typed by literal name and by field pattern, each write applying the declared TTL.
    A field with its own TTL (hash-field expiration, Redis 7.4 / Valkey 9.0) gets ``HEXPIRE key <s> FIELDS n f...``
    after the HSET in the same MULTI (a server without HEXPIRE refuses the whole MULTI: nothing is written)."""

    def _field_seconds(self, f: FieldDesc) -> Optional[int]:
        """Seconds a write sets on this field's own TTL (its ``ttl:``, env override applied), if any."""
        if f.ttl is None:
            return None
        action = ttl_action_of(f.ttl, f.ttl, None, self.ctx.env)
        return action if isinstance(action, int) else None

    def _ttl_field_value(self, name: str, encoded: Encoded) -> Optional[str]:
        if self.desc.ttl.kind == "byField" and self.desc.ttl.field == name:
            return encoded if isinstance(encoded, str) else encoded.decode("utf-8", errors="replace")
        return None

    async def get_field(self, name: str) -> object:
        """HGET one field, decoded (None when absent). Refreshes a sliding TTL."""
        f = field_desc(self.desc, name)
        sliding = self.ctx.sliding(self.desc)
        raw: Optional[bytes]
        if sliding is not None:
            pipe = self.redis.pipeline(transaction=True)
            pipe.hget(self.key, name)
            pipe.expire(self.key, sliding)
            reply = (await pipe.execute())[0]
            raw = reply if isinstance(reply, bytes) else None
        else:
            raw = await self.redis.hget(self.key, name)
        return None if raw is None else decode_value(f.codec, raw, f"{self.desc.id} {name}")

    async def get_fields(self) -> Dict[str, object]:
        """HGETALL, decoded (undeclared fields are reported by ``keyspec check``, and skipped here)."""
        sliding = self.ctx.sliding(self.desc)
        raw: Dict[bytes, bytes]
        if sliding is not None:
            pipe = self.redis.pipeline(transaction=True)
            pipe.hgetall(self.key)
            pipe.expire(self.key, sliding)
            reply = (await pipe.execute())[0]
            raw = cast(Dict[bytes, bytes], reply) if isinstance(reply, dict) else {}
        else:
            raw = await self.redis.hgetall(self.key)
        out: Dict[str, object] = {}
        for k, v in raw.items():
            name = k.decode("utf-8", errors="replace")
            try:
                f = field_desc(self.desc, name)
            except KeyspecValueError:
                continue
            out[name] = decode_value(f.codec, v, f"{self.desc.id} {name}")
        return out

    async def set_field(self, name: str, value: object) -> None:
        """HSET one field, TTL applied in the same MULTI."""
        await self.set_fields({name: value})

    async def write_record(self, record: Mapping[str, object]) -> None:
        """HSET a whole record: a record missing a required field is rejected before anything is sent; fields
        not given are left as they are (``set_fields`` updates some fields of a record). The generated classes'
        typed ``write`` calls it."""
        missing = missing_required(self.desc.required, record)
        if missing is not None:
            raise KeyspecValueError(f"{self.desc.id}: a whole record needs field '{missing}' (required)")
        await self.set_fields(record)

    async def set_fields(self, fields: Mapping[str, object]) -> None:
        """HSET the given fields (None values are left out), HEXPIRE those with their own TTL, and apply the
        key's TTL, in the same MULTI."""
        mapping: Dict[str, Encoded] = {}
        field_value: Optional[str] = None
        expiring: Dict[int, List[str]] = {}
        for name, value in fields.items():
            if value is None:
                continue
            f = field_desc(self.desc, name)
            encoded = encode_value(f.codec, value, self.desc.id)
            mapping[name] = encoded
            field_value = field_value or self._ttl_field_value(name, encoded)
            seconds = self._field_seconds(f)
            if seconds is not None:
                expiring.setdefault(seconds, []).append(name)
        if not mapping:
            return
        action = self.ttl_action(field_value)
        pipe = self.redis.pipeline(transaction=action != KEEP or bool(expiring))
        pipe.hset(self.key, mapping=mapping)
        for seconds, names in expiring.items():
            pipe.execute_command("HEXPIRE", self.key, seconds, "FIELDS", len(names), *names)
        _apply(pipe, self.key, action)
        await pipe.execute()

    async def set_field_if_absent(self, name: str, value: object) -> bool:
        """HSETNX one field (TTL applied in the same MULTI); True when the field was created."""
        f = field_desc(self.desc, name)
        encoded = encode_value(f.codec, value, f"{self.desc.id} {name}")
        seconds = self._field_seconds(f)
        action = self.ttl_action(self._ttl_field_value(name, encoded))
        pipe = self.redis.pipeline(transaction=True)
        pipe.hsetnx(self.key, name, encoded)
        # HEXPIRE NX: a new field gets its TTL; a field that already has one (HSETNX did nothing) keeps it.
        if seconds is not None:
            pipe.execute_command("HEXPIRE", self.key, seconds, "NX", "FIELDS", 1, name)
        _apply(pipe, self.key, action)
        reply = (await pipe.execute())[0]
        return reply == 1 or reply is True

    async def delete_fields(self, *names: str) -> int:
        """HDEL fields (the TTL is re-applied in the same MULTI); how many were removed."""
        reply = await self._write(lambda pipe: pipe.hdel(self.key, *names))
        return reply if isinstance(reply, int) else 0


class _CollectionKey(BaseKey, Generic[M]):
    @property
    def _codec(self) -> Codec:
        assert self.desc.member is not None
        return self.desc.member

    def _enc(self, member: M) -> Encoded:
        return encode_value(self._codec, member, self.desc.id)

    def _dec(self, raw: bytes) -> M:
        return cast(M, decode_value(self._codec, raw, self.desc.id))

    async def _count(self, build: Callable[[AsyncPipeline], object]) -> int:
        reply = await self._write(build)
        return reply if isinstance(reply, int) else 0


class ListKey(_CollectionKey[M]):
    """A list: typed members, every write applying the declared TTL."""

    async def push(self, *members: M) -> int:
        """RPUSH, TTL applied in the same MULTI; the new length."""
        values = [self._enc(m) for m in members]
        return await self._count(lambda pipe: pipe.rpush(self.key, *values))

    async def push_front(self, *members: M) -> int:
        """LPUSH, TTL applied in the same MULTI; the new length."""
        values = [self._enc(m) for m in members]
        return await self._count(lambda pipe: pipe.lpush(self.key, *values))

    async def remove(self, member: M, count: int = 0) -> int:
        """LREM count member, TTL re-applied; how many were removed."""
        value = self._enc(member)
        return await self._count(lambda pipe: pipe.lrem(self.key, count, value))

    async def range(self, start: int = 0, stop: int = -1) -> List[M]:
        return [self._dec(b) for b in await self.redis.lrange(self.key, start, stop)]

    async def length(self) -> int:
        return await self.redis.llen(self.key)


class SetKey(_CollectionKey[M]):
    """A set: typed members, every write applying the declared TTL."""

    async def add(self, *members: M) -> int:
        """SADD, TTL applied in the same MULTI; how many were added."""
        values = [self._enc(m) for m in members]
        return await self._count(lambda pipe: pipe.sadd(self.key, *values))

    async def remove(self, *members: M) -> int:
        """SREM, TTL re-applied; how many were removed."""
        values = [self._enc(m) for m in members]
        return await self._count(lambda pipe: pipe.srem(self.key, *values))

    async def has(self, member: M) -> bool:
        return bool(await self.redis.sismember(self.key, self._enc(member)))

    async def members(self) -> List[M]:
        return sorted((self._dec(b) for b in await self.redis.smembers(self.key)), key=repr)

    async def size(self) -> int:
        return await self.redis.scard(self.key)


class ZSetKey(_CollectionKey[M], Generic[M, S]):
    """A sorted set: typed members and scores, every write applying the declared TTL."""

    @property
    def _score_codec(self) -> Codec:
        assert self.desc.score is not None
        return self.desc.score

    def _dec_score(self, score: float) -> S:
        # redis-py hands scores over as floats: back to the text Redis stores (``inf`` for infinities).
        text = "inf" if score == float("inf") else "-inf" if score == float("-inf") else js_number(score)
        return cast(S, decode_value(self._score_codec, text, f"{self.desc.id} score"))

    async def add(self, member: M, score: S) -> int:
        """ZADD member with score, TTL applied in the same MULTI; how many were added."""
        value = self._enc(member)
        encoded = encode_value(self._score_codec, score, f"{self.desc.id} score")
        return await self._count(lambda pipe: pipe.zadd(self.key, {value: encoded}))

    async def remove(self, *members: M) -> int:
        """ZREM, TTL re-applied."""
        values = [self._enc(m) for m in members]
        return await self._count(lambda pipe: pipe.zrem(self.key, *values))

    async def score(self, member: M) -> Optional[S]:
        s = await self.redis.zscore(self.key, self._enc(member))
        return None if s is None else self._dec_score(s)

    async def range(self, start: int = 0, stop: int = -1) -> List[Tuple[M, S]]:
        return [(self._dec(m), self._dec_score(s)) for m, s in await self.redis.zrange(self.key, start, stop, withscores=True)]

    async def range_by_score(self, min: S, max: S, limit: Optional[int] = None) -> List[Tuple[M, S]]:
        """ZRANGEBYSCORE from ``min`` to ``max`` (inclusive, typed scores: an encoded score's parts), at most
        ``limit`` members, with their scores."""
        lo = encode_value(self._score_codec, min, f"{self.desc.id} score")
        hi = encode_value(self._score_codec, max, f"{self.desc.id} score")
        found = await self.redis.zrangebyscore(self.key, lo, hi, start=None if limit is None else 0, num=limit, withscores=True)
        return [(self._dec(m), self._dec_score(s)) for m, s in found]

    async def size(self) -> int:
        return await self.redis.zcard(self.key)


class StreamKey(BaseKey):
    """A stream: entries whose fields are typed like a hash's, XADD applying the declared TTL."""

    async def add(self, fields: Mapping[str, object]) -> str:
        """XADD an entry (id ``*``), a whole record (an entry missing a required field is rejected before anything
        is sent), TTL applied in the same MULTI; the new entry's id."""
        missing = missing_required(self.desc.required, fields)
        if missing is not None:
            raise KeyspecValueError(f"{self.desc.id}: an entry needs field '{missing}' (required)")
        mapping = {k: encode_value(field_desc(self.desc, k).codec, v, f"{self.desc.id} {k}") for k, v in fields.items() if v is not None}
        reply = await self._write(lambda pipe: pipe.xadd(self.key, mapping))
        return reply.decode() if isinstance(reply, bytes) else str(reply)

    async def entries(self, count: Optional[int] = None) -> List[Tuple[str, Dict[str, object]]]:
        out: List[Tuple[str, Dict[str, object]]] = []
        for entry_id, raw in await self.redis.xrange(self.key, count=count):
            fields: Dict[str, object] = {}
            for k, v in raw.items():
                name = k.decode("utf-8", errors="replace")
                try:
                    fields[name] = decode_value(field_desc(self.desc, name).codec, v, f"{self.desc.id} {name}")
                except KeyspecValueError:
                    continue  # an undeclared or undecodable entry field: skipped (``keyspec check`` reports it)
            out.append((entry_id.decode(), fields))
        return out


class BitmapKey(BaseKey):
    """A bitmap (a string): SETBIT with the declared TTL, GETBIT, BITCOUNT."""

    async def set_bit(self, offset: int, bit: Literal[0, 1]) -> Literal[0, 1]:
        """SETBIT, TTL applied in the same MULTI; the bit's previous value."""
        reply = await self._write(lambda pipe: pipe.execute_command("SETBIT", self.key, offset, bit))
        return 1 if reply == 1 else 0

    async def get_bit(self, offset: int) -> Literal[0, 1]:
        return 1 if await self.redis.getbit(self.key, offset) == 1 else 0

    async def count(self) -> int:
        """BITCOUNT: the number of bits set."""
        return await self.redis.bitcount(self.key)


class HyperLogLogKey(BaseKey):
    """A HyperLogLog (a string starting ``HYLL``): PFADD with the declared TTL, PFCOUNT."""

    async def add(self, *elements: str) -> bool:
        """PFADD, TTL applied in the same MULTI; True when the estimate changed."""
        reply = await self._write(lambda pipe: pipe.execute_command("PFADD", self.key, *elements))
        return reply == 1 or reply is True

    async def count(self) -> int:
        """PFCOUNT: the estimated number of distinct elements."""
        return await self.redis.pfcount(self.key)


GeoUnit = Literal["m", "km", "mi", "ft"]


class GeoKey(_CollectionKey[M]):
    """A GEO set (a zset of geohash scores): GEOADD with the declared TTL, GEOPOS, GEOSEARCH by radius."""

    async def add(self, member: M, longitude: float, latitude: float) -> int:
        """GEOADD one member at longitude/latitude, TTL applied in the same MULTI; how many were added."""
        value = self._enc(member)
        return await self._count(lambda pipe: pipe.execute_command("GEOADD", self.key, longitude, latitude, value))

    async def position(self, member: M) -> Optional[Tuple[float, float]]:
        """GEOPOS: (longitude, latitude), or None when the member is absent."""
        found = await self.redis.geopos(self.key, self._enc(member))
        p = found[0] if found else None
        return None if p is None else (float(p[0]), float(p[1]))

    async def search_radius(self, lon: float, lat: float, radius: float, unit: GeoUnit = "m", count: Optional[int] = None) -> List[M]:
        """GEOSEARCH FROMLONLAT BYRADIUS, nearest first."""
        reply = await self.redis.geosearch(self.key, longitude=lon, latitude=lat, radius=radius, unit=unit, sort="ASC", count=count)
        return [self._dec(b) for b in reply]


class ModuleKey(BaseKey):
    """A key of a module type (JSON, time series, ...): the commands every key has; use the client for the module's."""


async def scan_keys(redis: AsyncRedis, parts: Sequence[Part], params: Optional[Mapping[str, object]] = None, count: int = 1000) -> AsyncIterator[str]:
    """SCAN MATCH the glob of a pattern; yields the keys that parse with it (never KEYS)."""
    async for raw in redis.scan_iter(match=glob_of(parts, params), count=count):
        key = raw.decode("utf-8", errors="replace")
        if parse_name(parts, key) is not None:
            yield key


def _no_params() -> Dict[str, ParamValue]:
    return {}


@dataclass(frozen=True)
class ParsedMessage:
    """A message parsed with its channel's declared formats: the format's name and params."""

    name: str
    text: str
    params: Dict[str, ParamValue] = field(default_factory=_no_params)
    json: object = None


@dataclass(frozen=True)
class ChannelMessage:
    """A message received on a channel: the channel, its params and the parsed message (None: fits no format)."""

    channel: str
    channel_params: Dict[str, ParamValue]
    text: str
    message: Optional[ParsedMessage]


@dataclass(frozen=True)
class KeyspaceEvent:
    """A keyspace notification: the Redis event (``hset``, ``expired``, ...), the key and its params."""

    event: str
    key: str
    params: Dict[str, ParamValue]


def parse_message(desc: ChannelDesc, text: str) -> Optional[ParsedMessage]:
    """Parses a message with the channel's declared formats, in declaration order; None when none fits."""
    for m in desc.messages:
        if m.kind == "template":
            params = parse_name(m.parts, text)
            if params is not None:
                return ParsedMessage(m.name, text, params)
        elif m.kind == "json":
            try:
                return ParsedMessage(m.name, text, {}, json.loads(text))
            except ValueError:
                continue
        elif m.kind == "regex":
            if m.regex is not None and whole(m.regex).match(text):
                return ParsedMessage(m.name, text)
        else:
            return ParsedMessage(m.name, text)
    return None


def build_message(desc: ChannelDesc, name: str, value: object) -> str:
    """A message text from a declared format and its params (template) or value (json, text)."""
    m = next((x for x in desc.messages if x.name == name), None)
    if m is None:
        raise KeyspecValueError(f"channel {desc.name}: no message format '{name}'")
    what = f"channel {desc.name}.{name}"
    if m.kind == "template":
        return build_name(m.parts, cast(Mapping[str, object], value) if isinstance(value, Mapping) else {}, what)
    if m.kind == "json":
        encoded = encode_value(m.codec or Codec(kind="json"), value, what)
        return encoded if isinstance(encoded, str) else encoded.decode()
    if not isinstance(value, str):
        raise KeyspecValueError(f"{what}: expected text")
    if m.kind == "regex" and m.regex is not None and not whole(m.regex).match(value):
        raise KeyspecValueError(f"{what}: text does not match /{m.regex}/")
    reason = stored_value_error(m.codec, value) if m.kind == "text" and m.codec is not None else None
    if reason is not None:
        raise KeyspecValueError(f"{what}: {reason}")
    return value


def _text(v: object) -> str:
    return v.decode("utf-8", errors="replace") if isinstance(v, bytes) else str(v)


class Subscription(Generic[T]):
    """A SUBSCRIBE or PSUBSCRIBE on a dedicated connection: ``get`` the next message, ``close`` when done."""

    def __init__(self, pubsub: AsyncPubSub, deliver: Callable[[str, str], Optional[T]], sharded: bool = False) -> None:
        self.pubsub = pubsub
        self._deliver = deliver
        self._sharded = sharded

    async def get(self, timeout: float = 1.0) -> Optional[T]:
        """The next message of the subscription within ``timeout`` seconds, or None."""
        if self._sharded:
            # SSUBSCRIBE was sent as a raw command (redis-py 4 has no sharded pub/sub): read the raw replies,
            # skipping the subscription confirmations, until a message or the timeout.
            deadline = time.monotonic() + timeout
            while True:
                reply = await self.pubsub.parse_response(block=False, timeout=max(0.0, deadline - time.monotonic()))
                items = cast(List[object], reply) if isinstance(reply, list) else []
                if len(items) >= 3 and _text(items[0]) == "smessage":
                    return self._deliver(_text(items[1]), _text(items[2]))
                if reply is None or time.monotonic() >= deadline:
                    return None
        msg = await self.pubsub.get_message(ignore_subscribe_messages=True, timeout=timeout)
        if msg is None or msg.get("type") not in ("message", "pmessage"):
            return None
        return self._deliver(_text(msg.get("channel")), _text(msg.get("data")))

    async def close(self) -> None:
        """Unsubscribes and releases the connection."""
        await self.pubsub.reset()


class ChannelAccessor:
    """A pub/sub channel: messages built from and parsed with its declared formats, PUBLISH and SUBSCRIBE."""

    def __init__(self, redis: AsyncRedis, desc: ChannelDesc) -> None:
        self.redis = redis
        self.desc = desc

    def name(self, params: Mapping[str, object]) -> str:
        """The concrete channel name."""
        return build_name(self.desc.parts, params, f"channel {self.desc.name}")

    async def publish_message(self, params: Mapping[str, object], message: str, value: object) -> int:
        """PUBLISH (SPUBLISH: a sharded channel) a message built from a declared format; the number of receivers."""
        channel = self.name(params)
        text = build_message(self.desc, message, value)
        if self.desc.sharded:
            reply = await self.redis.execute_command("SPUBLISH", channel, text)
            return reply if isinstance(reply, int) else 0
        return await self.redis.publish(channel, text)

    async def subscribe(self, params: Optional[Mapping[str, object]] = None) -> Subscription[ChannelMessage]:
        """SUBSCRIBE with every param given, else PSUBSCRIBE to the matching glob, on a dedicated connection. A
        sharded channel SSUBSCRIBEs, which needs every param (sharded pub/sub has no patterns)."""
        given = params or {}
        exact = all(isinstance(p, str) or given.get(p.name) is not None for p in self.desc.parts)
        if self.desc.sharded and not exact:
            raise KeyspecValueError(f"channel {self.desc.name} is sharded: SSUBSCRIBE has no patterns, give every param")
        pubsub = self.redis.pubsub()
        if self.desc.sharded:
            await pubsub.execute_command("SSUBSCRIBE", self.name(given))
        elif exact:
            await pubsub.subscribe(self.name(given))
        else:
            await pubsub.psubscribe(glob_of(self.desc.parts, given))

        def deliver(channel: str, data: str) -> Optional[ChannelMessage]:
            cp = parse_name(self.desc.parts, channel)
            return None if cp is None else ChannelMessage(channel, cp, data, parse_message(self.desc, data))

        return Subscription(pubsub, deliver, self.desc.sharded)


class NotificationAccessor:
    """Keyspace notifications on the keys of one pattern (``__keyspace@<db>__:<glob>``), parsed into params."""

    def __init__(self, redis: AsyncRedis, db: int, parts: Optional[Tuple[Part, ...]], channel: str) -> None:
        self.redis = redis
        self.db = db
        self.parts = parts
        self.channel = channel

    async def subscribe(self, params: Optional[Mapping[str, object]] = None) -> Subscription[KeyspaceEvent]:
        prefix = f"__{self.channel}@{self.db}__:"
        keyspace = self.channel == "keyspace"
        glob = prefix + (glob_of(self.parts, params) if keyspace and self.parts is not None else "*")
        pubsub = self.redis.pubsub()
        await pubsub.psubscribe(glob)

        def deliver(channel: str, data: str) -> Optional[KeyspaceEvent]:
            key = channel[len(prefix) :] if keyspace else data
            event = data if keyspace else channel[len(prefix) :]
            parsed = parse_name(self.parts, key) if self.parts is not None else {}
            return None if parsed is None else KeyspaceEvent(event, key, parsed)

        return Subscription(pubsub, deliver)


def redis_factory(url: str, client_name: Optional[str] = None) -> AsyncRedis:
    """``redis.asyncio.Redis.from_url(url, decode_responses=False)``: replies stay bytes, the codecs decode them."""
    module = importlib.import_module("redis.asyncio")
    factory = cast(AsyncRedisFactory, module.Redis)
    return factory.from_url(url, decode_responses=False, client_name=client_name)


def checked_client(name: str, client: AsyncRedis) -> AsyncRedis:
    """A client given by the caller, refused when it decodes responses (pickles and bytes would not survive)."""
    if client.get_connection_kwargs().get("decode_responses"):
        raise KeyspecConnectionError(
            f"the client for database {name} was created with decode_responses=True; the keyspace needs bytes replies "
            "(create it with decode_responses=False: the codecs decode every value)"
        )
    return client


class ClientPool:
    """One client per server URL, resolved from the spec's connections and the env (or given per database)."""

    def __init__(
        self,
        databases: Mapping[str, DatabaseDesc],
        defaults: Sequence[EnvDefault],
        clients: Optional[Mapping[str, AsyncRedis]] = None,
        env: Optional[Mapping[str, str]] = None,
        factory: Callable[[str, Optional[str]], AsyncRedis] = redis_factory,
        client_name: Optional[str] = None,
    ) -> None:
        self.databases = databases
        self.defaults = defaults
        self.env: Mapping[str, str] = dict(os.environ) if env is None else env
        self._given = {name: checked_client(name, c) for name, c in (clients or {}).items()}
        self._factory = factory
        self._client_name = client_name
        self._by_url: Dict[str, AsyncRedis] = {}

    def url(self, db_name: str) -> str:
        """The URL database ``db_name`` resolves to (password included: never print it)."""
        desc = self.databases[db_name]
        return resolve_connection(desc.connection, desc.index, self.env, self.defaults).url

    async def close(self) -> None:
        """Closes the clients this pool created (the ones given in ``clients`` are the caller's)."""
        clients = list(self._by_url.values())
        self._by_url.clear()
        for client in clients:
            await client.close()

    def client(self, db_name: str) -> AsyncRedis:
        given = self._given.get(db_name)
        if given is not None:
            return given
        url = self.url(db_name)
        client = self._by_url.get(url)
        if client is None:
            client = self._factory(url, self._client_name)
            self._by_url[url] = client
        return client
