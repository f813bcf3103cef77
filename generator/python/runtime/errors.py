"""Errors of the generated client: a value that does not fit the spec, or a connection that cannot be resolved."""

from __future__ import annotations


class KeyspecValueError(ValueError):
    """A param, value or message that does not fit the spec. Nothing was sent to Redis."""


class KeyspecConnectionError(ValueError):
    """A connection's env var that cannot be used (not a URL, not a port, an unreadable password file)."""
