"""Key, field and channel names: built from pattern parts and typed params (every param validated),
parsed back into typed params, and turned into globs for PSUBSCRIBE and SCAN MATCH."""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Dict, List, Mapping, Optional, Pattern, Sequence, Tuple, Union

from .descriptors import Part, Placeholder
from .errors import KeyspecValueError
from .regex import enum_regex, escape_regex, js_regex, whole

ParamValue = Union[str, int]


def js_number(value: float) -> str:
    """A number's text as JavaScript's ``String(n)`` writes it (``1`` for ``1.0``, ``1e+21``, ``Infinity``)."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if mantissa.endswith(".0"):
            mantissa = mantissa[:-2]
        sign = "-" if exponent.startswith("-") else "+"
        digits = exponent.lstrip("+-").lstrip("0") or "0"
        exp = int(exponent)
        if -7 < exp < 21:
            return format(value, "f").rstrip("0").rstrip(".")
        return f"{mantissa}e{sign}{digits}"
    return text


def show(value: object) -> str:
    """A value for an error message, as JSON where it is JSON."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return type(value).__name__


def placeholder_regex(p: Placeholder) -> str:
    """The whole-match regex of a placeholder (an enum's is derived from its values)."""
    if p.regex is not None:
        return p.regex
    return enum_regex(p.values)


def _number_text(value: object) -> Optional[str]:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, str):
        return value
    return None


def check_param(p: Placeholder, value: object, what: str) -> str:
    """A param's text in a name, or a KeyspecValueError naming the placeholder and what it expects."""
    if p.kind == "enum":
        if isinstance(value, str) and value in p.values:
            return value
        raise KeyspecValueError(f"{what}: {{{p.name}}} must be one of {', '.join(p.values)}, got {show(value)}")
    regex = placeholder_regex(p)
    text = _number_text(value)
    if text is None or not whole(regex).match(text):
        raise KeyspecValueError(f"{what}: {{{p.name}}} must match /{regex}/, got {show(value)}")
    if p.kind == "integer":
        n = float(text) if text.strip() else 0.0
        if (p.min is not None and n < p.min) or (p.max is not None and n > p.max):
            low = "-inf" if p.min is None else js_number(p.min)
            high = "inf" if p.max is None else js_number(p.max)
            raise KeyspecValueError(f"{what}: {{{p.name}}} must be between {low} and {high}, got {text}")
    return text


def build_name(parts: Sequence[Part], params: Mapping[str, object], what: str) -> str:
    """Builds a concrete name from pattern parts and params."""
    out: List[str] = []
    for p in parts:
        out.append(p if isinstance(p, str) else check_param(p, params.get(p.name), what))
    return "".join(out)


@lru_cache(maxsize=None)
def _matcher(parts: Tuple[Part, ...]) -> Tuple[Pattern[str], Tuple[int, ...], Tuple[Placeholder, ...]]:
    src = ""
    groups: List[int] = []
    placeholders: List[Placeholder] = []
    nxt = 1
    for p in parts:
        if isinstance(p, str):
            src += escape_regex(p)
        else:
            regex = js_regex(placeholder_regex(p))
            src += f"({regex})"
            groups.append(nxt)
            placeholders.append(p)
            nxt += 1 + re.compile(regex).groups
    return re.compile(src + r"\Z"), tuple(groups), tuple(placeholders)


def parse_name(parts: Sequence[Part], name: str) -> Optional[Dict[str, ParamValue]]:
    """Parses a concrete name with pattern parts: the params (integers as ints), or None."""
    regex, groups, placeholders = _matcher(tuple(parts))
    m = regex.match(name)
    if m is None:
        return None
    params: Dict[str, ParamValue] = {}
    for p, g in zip(placeholders, groups):
        v = m.group(g) or ""
        if not whole(placeholder_regex(p)).match(v):
            return None
        if p.kind == "integer":
            n = int(v)
            if (p.min is not None and n < p.min) or (p.max is not None and n > p.max):
                return None
            params[p.name] = n
        else:
            params[p.name] = v
    return params


def _escape_glob(text: str) -> str:
    return re.sub(r"[*?[\]\\]", lambda m: "\\" + m.group(0), text)


def glob_of(parts: Sequence[Part], params: Optional[Mapping[str, object]] = None) -> str:
    """A glob for PSUBSCRIBE / SCAN MATCH: literals escaped, placeholders without a param as ``*``."""
    given = params or {}
    out: List[str] = []
    for p in parts:
        if isinstance(p, str):
            out.append(_escape_glob(p))
        else:
            v = given.get(p.name)
            out.append("*" if v is None else _escape_glob(check_param(p, v, "glob")))
    return "".join(out)
