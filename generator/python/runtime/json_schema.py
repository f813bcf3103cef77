"""A small JSON Schema checker for the keywords specs use (the same subset as the TypeScript runtime's)."""

from __future__ import annotations

import json
import math
from typing import List, Mapping, Optional

from .regex import search


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def type_of(v: object) -> str:
    """The JSON type of a decoded value: null, boolean, number, string, array or object."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if _is_number(v):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


def _has_type(v: object, t: str) -> bool:
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer()
    if t == "number":
        return isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and math.isfinite(v)
    return type_of(v) == t


def json_equal(a: object, b: object) -> bool:
    """Equality of JSON values (``true`` is not ``1``)."""
    ta, tb = type_of(a), type_of(b)
    if ta != tb:
        return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return a == b


def _num(v: object) -> Optional[float]:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v)


def _text(v: object) -> str:
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def _pointer(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def schema_error(schema: object, value: object, path: str = "") -> Optional[str]:
    """The first reason ``value`` fails ``schema`` (``<path> <reason>``), or None when it is valid."""
    if schema is True:
        return None
    if schema is False:
        return f"{path or '/'} no value is allowed"
    if not isinstance(schema, Mapping):
        return None
    s: Mapping[str, object] = schema
    at = path or "/"
    if "type" in s:
        t = s["type"]
        types: List[str] = [str(x) for x in t] if isinstance(t, list) else [str(t)]
        if not any(_has_type(value, x) for x in types):
            return f"{at} must be {' or '.join(types)}"
    if "const" in s and not json_equal(value, s["const"]):
        return f"{at} must be {_text(s['const'])}"
    enum = s.get("enum")
    if isinstance(enum, list) and not any(json_equal(value, x) for x in enum):
        return f"{at} must be one of the enum values"
    n = _num(value)
    if n is not None:
        lo, hi, xlo, xhi, mult = (_num(s.get(k)) for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"))
        if lo is not None and n < lo:
            return f"{at} must be >= {_text(s['minimum'])}"
        if hi is not None and n > hi:
            return f"{at} must be <= {_text(s['maximum'])}"
        if xlo is not None and n <= xlo:
            return f"{at} must be > {_text(s['exclusiveMinimum'])}"
        if xhi is not None and n >= xhi:
            return f"{at} must be < {_text(s['exclusiveMaximum'])}"
        if mult is not None and not (n / mult).is_integer():
            return f"{at} must be a multiple of {_text(s['multipleOf'])}"
    if isinstance(value, str):
        min_len, max_len = _num(s.get("minLength")), _num(s.get("maxLength"))
        if min_len is not None and len(value) < min_len:
            return f"{at} must have at least {_text(s['minLength'])} characters"
        if max_len is not None and len(value) > max_len:
            return f"{at} must have at most {_text(s['maxLength'])} characters"
        pattern = s.get("pattern")
        if isinstance(pattern, str) and not search(pattern).search(value):
            return f'{at} must match pattern "{pattern}"'
    if isinstance(value, list):
        min_items, max_items = _num(s.get("minItems")), _num(s.get("maxItems"))
        if min_items is not None and len(value) < min_items:
            return f"{at} must have at least {_text(s['minItems'])} items"
        if max_items is not None and len(value) > max_items:
            return f"{at} must have at most {_text(s['maxItems'])} items"
        if "items" in s:
            for i, x in enumerate(value):
                e = schema_error(s["items"], x, f"{path}/{i}")
                if e:
                    return e
    if isinstance(value, dict):
        min_p, max_p = _num(s.get("minProperties")), _num(s.get("maxProperties"))
        if min_p is not None and len(value) < min_p:
            return f"{at} must have at least {_text(s['minProperties'])} properties"
        if max_p is not None and len(value) > max_p:
            return f"{at} must have at most {_text(s['maxProperties'])} properties"
        required = s.get("required")
        for r in required if isinstance(required, list) else []:
            if r not in value:
                return f"{at} must have required property '{r}'"
        props = s.get("properties")
        declared_props: Mapping[str, object] = props if isinstance(props, Mapping) else {}
        for k, v in value.items():
            declared = k in declared_props
            sub = declared_props[k] if declared else s.get("additionalProperties")
            if sub is None:
                continue
            if sub is False and not declared:
                return f"{at} must NOT have additional property '{k}'"
            e = schema_error(sub, v, f"{path}/{_pointer(str(k))}")
            if e:
                return e
    all_of = s.get("allOf")
    if isinstance(all_of, list):
        for sub in all_of:
            e = schema_error(sub, value, path)
            if e:
                return e
    any_of = s.get("anyOf")
    if isinstance(any_of, list) and not any(schema_error(sub, value, path) is None for sub in any_of):
        return f"{at} must match a schema in anyOf"
    one_of = s.get("oneOf")
    if isinstance(one_of, list) and len([sub for sub in one_of if schema_error(sub, value, path) is None]) != 1:
        return f"{at} must match exactly one schema in oneOf"
    if "not" in s and schema_error(s["not"], value, path) is None:
        return f"{at} must NOT be valid"
    return None


