"""A small JSON Schema checker for the keywords specs use (the same subset as the TypeScript runtime's)."""

from __future__ import annotations

import json
import math
from typing import Dict, List, Optional, cast

from .regex import search


def as_list(v: object) -> Optional[List[object]]:
    """A JSON array as a list of values, or None."""
    return cast(List[object], v) if isinstance(v, list) else None


def as_object(v: object) -> Optional[Dict[str, object]]:
    """A JSON object as a dict of values, or None."""
    return cast(Dict[str, object], v) if isinstance(v, dict) else None


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
    if type_of(a) != type_of(b):
        return False
    la, lb = as_list(a), as_list(b)
    if la is not None and lb is not None:
        return len(la) == len(lb) and all(json_equal(x, y) for x, y in zip(la, lb))
    oa, ob = as_object(a), as_object(b)
    if oa is not None and ob is not None:
        return oa.keys() == ob.keys() and all(json_equal(oa[k], ob[k]) for k in oa)
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
    s = as_object(schema)
    if s is None:
        return None
    at = path or "/"
    if "type" in s:
        t = s["type"]
        tl = as_list(t)
        types: List[str] = [str(x) for x in tl] if tl is not None else [str(t)]
        if not any(_has_type(value, x) for x in types):
            return f"{at} must be {' or '.join(types)}"
    if "const" in s and not json_equal(value, s["const"]):
        return f"{at} must be {_text(s['const'])}"
    enum = as_list(s.get("enum"))
    if enum is not None and not any(json_equal(value, x) for x in enum):
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
    array = as_list(value)
    if array is not None:
        min_items, max_items = _num(s.get("minItems")), _num(s.get("maxItems"))
        if min_items is not None and len(array) < min_items:
            return f"{at} must have at least {_text(s['minItems'])} items"
        if max_items is not None and len(array) > max_items:
            return f"{at} must have at most {_text(s['maxItems'])} items"
        if "items" in s:
            for i, x in enumerate(array):
                e = schema_error(s["items"], x, f"{path}/{i}")
                if e:
                    return e
    obj = as_object(value)
    if obj is not None:
        min_p, max_p = _num(s.get("minProperties")), _num(s.get("maxProperties"))
        if min_p is not None and len(obj) < min_p:
            return f"{at} must have at least {_text(s['minProperties'])} properties"
        if max_p is not None and len(obj) > max_p:
            return f"{at} must have at most {_text(s['maxProperties'])} properties"
        for r in as_list(s.get("required")) or []:
            if isinstance(r, str) and r not in obj:
                return f"{at} must have required property '{r}'"
        declared_props = as_object(s.get("properties")) or {}
        for k, v in obj.items():
            declared = k in declared_props
            sub = declared_props[k] if declared else s.get("additionalProperties")
            if sub is None:
                continue
            if sub is False and not declared:
                return f"{at} must NOT have additional property '{k}'"
            e = schema_error(sub, v, f"{path}/{_pointer(str(k))}")
            if e:
                return e
    all_of = as_list(s.get("allOf"))
    if all_of is not None:
        for sub in all_of:
            e = schema_error(sub, value, path)
            if e:
                return e
    any_of = as_list(s.get("anyOf"))
    if any_of is not None and not any(schema_error(sub, value, path) is None for sub in any_of):
        return f"{at} must match a schema in anyOf"
    one_of = as_list(s.get("oneOf"))
    if one_of is not None and len([sub for sub in one_of if schema_error(sub, value, path) is None]) != 1:
        return f"{at} must match exactly one schema in oneOf"
    if "not" in s and schema_error(s["not"], value, path) is None:
        return f"{at} must NOT be valid"
    return None


