"""Value codecs: a declared value format between the typed value of the client and the bytes Redis stores.
Encoding validates: the typed value first, then the encoded text with ``stored_value_error``, the runtime's copy
of what ``keyspec check`` judges, so the client writes exactly what ``keyspec check`` accepts."""

from __future__ import annotations

import json
import re
from typing import List, Optional, Tuple, Union

from .descriptors import Codec, KeyDesc
from .errors import KeyspecValueError
from .json_schema import as_list, as_object, schema_error
from .names import js_number, parse_name, show
from .regex import whole

Encoded = Union[str, bytes]

_INTEGER = "-?[0-9]+"
# The texts JavaScript's Number() reads as a finite number (decimal, hex, octal, binary), around white space.
_JS_NUMBER = re.compile(
    r"[\s\ufeff]*(?:[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)[\s\ufeff]*\Z"
)
_ISO = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?\Z"
)


def _reject_constant(name: str) -> object:
    raise ValueError(name)


def parse_json(text: str) -> object:
    """JSON.parse: strict JSON (no NaN or Infinity literals)."""
    return json.loads(text, parse_constant=_reject_constant)


def _js_number_value(s: str) -> Optional[float]:
    """What JavaScript's Number(s) gives, when it is a finite number."""
    if not _JS_NUMBER.match(s):
        return None
    t = s.strip().strip("\ufeff")
    try:
        if t[:2].lower() in ("0x", "0o", "0b"):
            return float(int(t, 0))
        v = float(t)
    except ValueError:
        return None
    return v if v not in (float("inf"), float("-inf")) else None


def _iso_date_ok(s: str) -> bool:
    """Date.parse of an ISO-8601 text (as V8 reads it) is a date."""
    m = _ISO.match(s.replace(" ", "T", 1))
    if m is None:
        return False
    month, day, hour, minute = int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5))
    second = int(m.group(6) or "0")
    if not (1 <= month <= 12 and 1 <= day <= 31 and minute <= 59 and second <= 59):
        return False
    if hour > 24 or (hour == 24 and (minute or second)):
        return False
    zone = m.group(7)
    if zone and zone != "Z":
        digits = zone[1:].replace(":", "")
        if int(digits[:2]) > 23 or int(digits[2:]) > 59:
            return False
    return True


def _clip(s: str) -> str:
    return json.dumps(s[:57] + "..." if len(s) > 60 else s)


def _text_of(raw: Encoded) -> str:
    return raw if isinstance(raw, str) else raw.decode("utf-8", errors="replace")


def stored_value_error(c: Codec, raw: Encoded) -> Optional[str]:
    """Why stored bytes do not fit a codec's format (as ``keyspec check`` judges them), or None."""
    if c.kind == "union":
        errors = [stored_value_error(x, raw) for x in c.of]
        return None if any(e is None for e in errors) else "; and ".join(str(e) for e in errors)
    if c.kind == "buffer":
        b = raw.encode("utf-8") if isinstance(raw, str) else raw
        if c.magic == "zlib" and (len(b) < 2 or b[0] != 0x78 or ((b[0] << 8) | b[1]) % 31 != 0):
            return "not zlib-compressed data"
        if c.magic == "pickle" and (len(b) < 2 or b[0] != 0x80 or b[-1] != 0x2E):
            return "not a Python pickle (protocol 2+)"
        return None
    s = _text_of(raw)
    if c.kind == "encoded":
        parts = _split_encoded(c, s)
        if isinstance(parts, str):
            return parts
        assert c.high is not None and c.low is not None
        hi = stored_value_error(c.high.codec, str(parts[0]))
        if hi is not None:
            return f"{c.high.name} ({parts[0]}): {hi}"
        lo = stored_value_error(c.low.codec, str(parts[1]))
        return None if lo is None else f"{c.low.name} ({parts[1]}): {lo}"
    if c.kind == "string":
        if c.regex is not None and not whole(c.regex).match(s):
            return f"{_clip(s)} is not {c.format}"
        return _string_text_error(c, s)
    if c.kind == "integer":
        if not whole(_INTEGER).match(s) or (c.regex is not None and not whole(c.regex).match(s)):
            return f"not an integer: {_clip(s)}"
        n = int(s)
        if c.min is not None and n < c.min:
            return f"{n} is below {js_number(c.min)}"
        if c.max is not None and n > c.max:
            return f"{n} is above {js_number(c.max)}"
        return None
    if c.kind == "float":
        if c.regex is not None:
            return None if whole(c.regex).match(s) else f"not {c.format}: {_clip(s)}"
        if re.fullmatch(r"[+-]?inf", s, re.IGNORECASE):
            return None
        return f"not a number: {_clip(s)}" if s.strip() == "" or _js_number_value(s) is None else None
    if c.kind == "boolean":
        return None if s in (c.true, c.false) else f"expected '{c.true}' or '{c.false}', got {_clip(s)}"
    if c.kind == "enum":
        return None if s in c.values else f"{_clip(s)} is not one of {', '.join(c.values)}"
    if c.kind == "json":
        try:
            parsed = parse_json(s)
        except ValueError:
            return f"not valid JSON: {_clip(s)}"
        if c.schema is None:
            return None
        e = schema_error(c.schema, parsed)
        return None if e is None else f"JSON does not match its schema: {e}"
    return None


_SAFE = 2**53 - 1


def _split_encoded(c: Codec, s: str) -> Union[Tuple[int, int], str]:
    """The (high, low) parts of an encoded number's text, or why it is none (as ``keyspec check`` splits it)."""
    if not re.fullmatch(r"-?[0-9]+", s) or abs(int(s)) > _SAFE:
        return f"not an integer below 2^53: {_clip(s)}"
    n = int(s)
    high = n // c.multiplier
    return high, n - high * c.multiplier


def _encode_parts(c: Codec, value: object, what: str) -> str:
    """An encoded number from its typed parts: each checked by its codec, ``0 <= low < multiplier``, below 2^53."""
    assert c.high is not None and c.low is not None
    obj = as_object(value)
    if obj is None:
        raise KeyspecValueError(f"{what}: expected {{ {c.high.name}, {c.low.name} }} ({c.format}), got {show(value)}")
    high = _part_number(encode_value(c.high.codec, obj.get(c.high.name), f"{what} {c.high.name}"))
    low = _part_number(encode_value(c.low.codec, obj.get(c.low.name), f"{what} {c.low.name}"))
    if low < 0 or low >= c.multiplier:
        raise KeyspecValueError(f"{what}: {c.low.name} {js_number(low)} is not in 0..{c.multiplier - 1}")
    n = high * c.multiplier + low
    if not float(n).is_integer() or abs(n) > _SAFE:
        raise KeyspecValueError(f"{what}: {js_number(high)} * {c.multiplier} + {js_number(low)} is not below 2^53")
    return str(int(n))


def _part_number(encoded: Encoded) -> Union[int, float]:
    """Number() of a part's encoded text."""
    t = _text_of(encoded)
    if re.fullmatch(r"-?[0-9]+", t):
        return int(t)
    v = _js_number_value(t)
    return float("nan") if v is None else v


def _string_text_error(c: Codec, s: str) -> Optional[str]:
    if c.iso_datetime and not _iso_date_ok(s):
        return f"{_clip(s)} is not {c.format}"
    if c.template is not None and parse_name(c.template, s) is None:
        return f"{_clip(s)} does not match {c.format}"
    if c.jsonpickle:
        try:
            parsed = parse_json(s)
        except ValueError:
            return f"not valid JSON: {_clip(s)}"
        if c.py_object is not None:
            obj = as_object(parsed)
            cls = obj.get("py/object") if obj is not None else None
            if not isinstance(cls, str) or not cls.startswith(c.py_object):
                shown = "undefined" if obj is None or "py/object" not in obj else show(cls)
                return f"jsonpickle py/object is {shown}, expected a class under {c.py_object}"
    return None


def _js_json(value: object) -> object:
    """A value as JSON.stringify sees it: non-finite numbers are ``null``."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    items = as_list(value)
    if items is not None:
        return [_js_json(x) for x in items]
    obj = as_object(value)
    if obj is not None:
        return {k: _js_json(x) for k, x in obj.items()}
    return value


def _encode_typed(c: Codec, value: object, what: str) -> Encoded:
    if c.kind == "encoded":
        return _encode_parts(c, value, what)
    if c.kind == "string":
        if not isinstance(value, str):
            raise KeyspecValueError(f"{what}: expected a string ({c.format}), got {type(value).__name__}")
        if c.regex is not None and not whole(c.regex).match(value):
            raise KeyspecValueError(f"{what}: {show(value)} is not {c.format}")
        return value
    if c.kind == "integer":
        if isinstance(value, bool) or not (isinstance(value, int) or isinstance(value, float) and value.is_integer()):
            raise KeyspecValueError(f"{what}: expected an integer ({c.format}), got {show(value)}")
        if (c.min is not None and value < c.min) or (c.max is not None and value > c.max):
            raise KeyspecValueError(f"{what}: {js_number(value)} is out of range")
        return js_number(value)
    if c.kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise KeyspecValueError(f"{what}: expected a number ({c.format}), got {show(value)}")
        if value == float("inf"):
            return "inf"
        if value == float("-inf"):
            return "-inf"
        return js_number(value)
    if c.kind == "boolean":
        if not isinstance(value, bool):
            raise KeyspecValueError(f"{what}: expected a boolean, got {show(value)}")
        return c.true if value else c.false
    if c.kind == "enum":
        if not isinstance(value, str) or value not in c.values:
            raise KeyspecValueError(f"{what}: {show(value)} is not one of {', '.join(c.values)}")
        return value
    if c.kind == "json":
        try:
            return json.dumps(_js_json(value), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise KeyspecValueError(f"{what}: not JSON-serialisable: {e}") from None
    if c.kind == "buffer":
        if not isinstance(value, (bytes, bytearray)):
            raise KeyspecValueError(f"{what}: expected bytes ({c.format})")
        return bytes(value)
    return encode_value(c, value, what)


def encode_value(c: Codec, value: object, what: str) -> Encoded:
    """Encodes a typed value; a value whose encoding ``keyspec check`` would report is rejected."""
    if c.kind != "union":
        encoded = _encode_typed(c, value, what)
        reason = stored_value_error(c, encoded)
        if reason is not None:
            raise KeyspecValueError(f"{what}: {reason}")
        return encoded
    errors: List[str] = []
    for x in c.of:
        try:
            encoded = encode_value(x, value, what) if x.kind == "union" else _encode_typed(x, value, what)
        except KeyspecValueError as e:
            errors.append(str(e))
            continue
        reason = stored_value_error(c, encoded)
        if reason is None:
            return encoded
        errors.append(f"{what}: {reason}")
    raise KeyspecValueError("; ".join(errors))


def decode_value(c: Codec, raw: Encoded, what: str) -> object:
    """The typed value of stored bytes (bytes for pickles and binary formats)."""
    if c.kind == "buffer":
        return raw.encode("utf-8") if isinstance(raw, str) else raw
    s = _text_of(raw)
    if c.kind == "string":
        return s
    if c.kind == "encoded":
        parts = _split_encoded(c, s)
        if isinstance(parts, str):
            raise KeyspecValueError(f"{what}: stored value {parts}")
        assert c.high is not None and c.low is not None
        return {c.high.name: parts[0], c.low.name: parts[1]}
    if c.kind == "integer":
        if not re.fullmatch(r"-?[0-9]+", s):
            raise KeyspecValueError(f"{what}: stored value {json.dumps(s)} is not an integer")
        return int(s)
    if c.kind == "float":
        if re.fullmatch(r"[+]?inf", s, re.IGNORECASE):
            return float("inf")
        if re.fullmatch(r"-inf", s, re.IGNORECASE):
            return float("-inf")
        n = _js_number_value(s)
        if s.strip() == "" or n is None:
            raise KeyspecValueError(f"{what}: stored value {json.dumps(s)} is not a number")
        return int(n) if n.is_integer() and re.fullmatch(r"\s*-?[0-9]+\s*", s) else n
    if c.kind == "boolean":
        if s == c.true:
            return True
        if s == c.false:
            return False
        raise KeyspecValueError(f"{what}: stored value {json.dumps(s)} is neither '{c.true}' nor '{c.false}'")
    if c.kind == "enum":
        if s not in c.values:
            raise KeyspecValueError(f"{what}: stored value {json.dumps(s)} is not one of {', '.join(c.values)}")
        return s
    if c.kind == "json":
        try:
            return parse_json(s)
        except ValueError:
            raise KeyspecValueError(f"{what}: stored value is not JSON") from None
    for x in c.of:
        try:
            return decode_value(x, raw, what)
        except KeyspecValueError:
            continue
    raise KeyspecValueError(f"{what}: stored value {json.dumps(s[:60])} fits none of its formats")


def has_bytes(c: Optional[Codec]) -> bool:
    """Does this codec decode to bytes?"""
    return c is not None and (c.kind == "buffer" or (c.kind == "union" and any(has_bytes(x) for x in c.of)))


def is_binary(desc: KeyDesc) -> bool:
    return has_bytes(desc.value) or has_bytes(desc.member) or any(has_bytes(f.codec) for f in desc.fields)


def pickle_loads(data: bytes, *, zlib_compressed: bool = False) -> object:
    """A stored pickle's object (decompressed first when the format is zlib-compressed, as Flask-Session's can
    be). Unpickling runs code: only for values your own services wrote."""
    import pickle
    import zlib

    return pickle.loads(zlib.decompress(data) if zlib_compressed else data)


def pickle_dumps(value: object, *, zlib_compressed: bool = False, protocol: int = 4) -> bytes:
    """A value as the pickle a pickle format stores (protocol 2 or later, zlib-compressed when the format is)."""
    import pickle
    import zlib

    data = pickle.dumps(value, protocol=max(2, protocol))
    return zlib.compress(data) if zlib_compressed else data


def jsonpickle_class(text: str) -> Optional[str]:
    """The ``py/object`` of a jsonpickle document (the class it restores to), or None."""
    try:
        obj = as_object(parse_json(text))
    except ValueError:
        return None
    cls = obj.get("py/object") if obj is not None else None
    return cls if isinstance(cls, str) else None
