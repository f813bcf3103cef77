"""Whole-match regexes of the spec (written for JavaScript's ``u`` flag), compiled once for Python's ``re``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Pattern

_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_"}
_ESCAPES = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}


def js_regex(source: str) -> str:
    """A JavaScript regex source as Python's: ``\\d``/``\\w`` stay ASCII, ``$`` is the end of the text, named groups."""
    out: list[str] = []
    i = 0
    in_class = False
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if in_class and nxt in _CLASS_ESCAPES:
                out.append(_CLASS_ESCAPES[nxt])
            elif not in_class and nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
            else:
                out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
            if source[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if source[i + 1 : i + 2] == "]":
                out.append("\\]")
                i += 1
        elif ch == "$":
            out.append(r"\Z")
        elif source.startswith("(?<", i) and source[i + 3 : i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=None)
def whole(regex: str) -> Pattern[str]:
    """``^(?:regex)$`` of a spec regex, compiled once per source."""
    return re.compile(f"(?:{js_regex(regex)})\\Z")


@lru_cache(maxsize=None)
def search(regex: str) -> Pattern[str]:
    """A JSON Schema ``pattern`` (unanchored), compiled once per source."""
    return re.compile(js_regex(regex))


def escape_regex(text: str) -> str:
    return re.sub(r"[\\^$.*+?()[\]{}|/]", lambda m: "\\" + m.group(0), text)


def enum_regex(values: Iterable[str]) -> str:
    """The regex of an enum: its values, longest first (as the spec compiles them)."""
    unique = sorted(set(values), key=lambda v: (-len(v), v))
    return "(?:" + "|".join(escape_regex(v) for v in unique) + ")"
