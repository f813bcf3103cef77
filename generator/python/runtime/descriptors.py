"""The descriptor types: the plain data the generated ``descriptors.py`` declares for each key pattern,
channel and connection, and that the accessors of this runtime interpret (codecs, TTL policies)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional, Tuple, Union

JsonSchema = Union[bool, "dict[str, object]"]


@dataclass(frozen=True)
class Placeholder:
    """A typed placeholder of a key, field or message pattern. An enum's regex is derived from its values."""

    name: str
    kind: Literal["integer", "enum", "string"]
    regex: Optional[str] = None
    values: Tuple[str, ...] = ()
    min: Optional[float] = None
    max: Optional[float] = None


Part = Union[str, Placeholder]


@dataclass(frozen=True)
class Ttl:
    """A TTL policy: ``none``, ``any``, ``exact``, ``bounded`` or ``byField`` (with cases and a default)."""

    kind: Literal["none", "any", "exact", "bounded", "byField"]
    seconds: int = 0
    min: int = 0
    max: int = 0
    optional: bool = False
    refresh: Literal["write", "read"] = "write"
    env: Optional[str] = None
    field: Optional[str] = None
    cases: Tuple["TtlCase", ...] = ()
    default: Optional["Ttl"] = None


@dataclass(frozen=True)
class TtlCase:
    values: Tuple[str, ...]
    ttl: Ttl


@dataclass(frozen=True)
class Codec:
    """How a value format is written and read, and what ``keyspec check`` judges of the stored text."""

    kind: Literal["string", "integer", "float", "boolean", "enum", "json", "buffer", "union", "encoded"]
    format: str = ""
    regex: Optional[str] = None
    iso_datetime: bool = False
    template: Optional[Tuple[Part, ...]] = None
    jsonpickle: bool = False
    py_object: Optional[str] = None
    min: Optional[float] = None
    max: Optional[float] = None
    true: str = "true"
    false: str = "false"
    values: Tuple[str, ...] = ()
    schema: Optional[object] = None
    magic: Optional[Literal["pickle", "zlib"]] = None
    of: Tuple["Codec", ...] = ()
    multiplier: int = 0
    """``encoded``: ``high * multiplier + low`` (an encoded zset score); the typed value is a dict of the parts."""
    high: Optional["EncodedPart"] = None
    low: Optional["EncodedPart"] = None


@dataclass(frozen=True)
class EncodedPart:
    """One part of an encoded number: its key in the typed value and the (integer) codec of the part."""

    name: str
    codec: Codec


@dataclass(frozen=True)
class FieldDesc:
    """A hash or stream field: its name pattern and the codec of its values."""

    parts: Tuple[Part, ...]
    codec: Codec
    ttl: Optional[Ttl] = None
    """Hash fields: the field's own TTL, applied with HEXPIRE in the write's MULTI."""


@dataclass(frozen=True)
class KeyDesc:
    id: str
    db: int
    type: Literal["string", "hash", "list", "set", "zset", "stream", "module"]
    parts: Tuple[Part, ...]
    ttl: Ttl
    value: Optional[Codec] = None
    member: Optional[Codec] = None
    score: Optional[Codec] = None
    fields: Tuple[FieldDesc, ...] = ()
    logical: Optional[str] = None
    """The logical type over the Redis type (``hyperloglog``, ``geo``, ``json``, ...), if declared."""
    required: Tuple[str, ...] = ()
    """Literal fields (``required: true``) every whole record carries: ``HashKey.write``, ``StreamKey.add``."""


@dataclass(frozen=True)
class MessageDesc:
    """A message format; ``codec`` checks the text as ``keyspec observe`` judges it (none: any text)."""

    name: str
    kind: Literal["template", "json", "text", "regex"]
    parts: Tuple[Part, ...] = ()
    codec: Optional[Codec] = None
    regex: Optional[str] = None


@dataclass(frozen=True)
class ChannelDesc:
    name: str
    parts: Tuple[Part, ...]
    messages: Tuple[MessageDesc, ...]
    sharded: bool = False
    """Sharded pub/sub (Redis 7.0): SPUBLISH and SSUBSCRIBE."""


@dataclass(frozen=True)
class DbEnv:
    env: Optional[str] = None
    default: Optional[int] = None


@dataclass(frozen=True)
class ConnectionDesc:
    name: str
    url: Tuple[str, ...] = ()
    host: Optional[str] = None
    port: Optional[str] = None
    password_file: Optional[str] = None
    password: Optional[str] = None
    db: Optional[DbEnv] = None


@dataclass(frozen=True)
class DatabaseDesc:
    index: int
    connection: Optional[ConnectionDesc] = None


@dataclass(frozen=True)
class EnvDefault:
    name: str
    default: Optional[str] = None


__all__ = [
    "ChannelDesc",
    "Codec",
    "ConnectionDesc",
    "DatabaseDesc",
    "DbEnv",
    "EncodedPart",
    "EnvDefault",
    "FieldDesc",
    "JsonSchema",
    "KeyDesc",
    "MessageDesc",
    "Part",
    "Placeholder",
    "Ttl",
    "TtlCase",
]
