"""How a spec connection resolves to a Redis server from the environment: the rule ``keyspec check`` and the
TypeScript client share (spec/language/connection-resolution.ts), in the spec's declared precedence.

1. A variable counts as set when its value is non-empty; an unset variable takes the spec's default.
2. The first set variable of ``url:`` is the base URL (redis:// or rediss://); its scheme, credentials, host,
   port and query are kept and its ``/<db>`` path is replaced by the database.
3. Without one, ``host:`` (default localhost) and ``port:`` (default 6379, must be 1..65535).
4. Credentials in the URL win; else the trimmed content of the file ``passwordFile:`` names; else
   ``password:``. An empty password is none.
5. The database: the integer in ``db.env`` when set, else the database's own index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, Sequence
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from .descriptors import ConnectionDesc, EnvDefault
from .errors import KeyspecConnectionError


@dataclass(frozen=True)
class ResolvedConnection:
    """Where a database is reached: the URL (database path and password included) and its parts."""

    url: str
    host: str
    port: int
    tls: bool
    db: int
    source: str
    username: Optional[str] = None
    password: Optional[str] = None


def redact_credentials(text: str, secrets: Sequence[Optional[str]] = ()) -> str:
    """Text that was meant to be a URL, with anything that looks like userinfo replaced by ``***``."""
    out = text
    at = out.rfind("@")
    if at >= 0:
        m = re.match(r"[a-z][a-z0-9+.-]*://", out, re.IGNORECASE)
        scheme = m.group(0) if m else ""
        auth = out[len(scheme) : at]
        i = auth.find(":")
        user = "" if i < 0 else auth[:i]
        safe_user = user if re.fullmatch(r"[^/\s\x00-\x1f\x7f]*", user) else "***"
        out = f"{scheme}{'***' if i < 0 else f'{safe_user}:***'}@{out[at + 1:]}"
    for s in secrets:
        if s:
            out = out.replace(s, "***")
    return out


def _read_file(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def resolve_connection(
    conn: Optional[ConnectionDesc],
    db: int,
    env: Mapping[str, str],
    defaults: Sequence[EnvDefault],
    read_file: Callable[[str], str] = _read_file,
) -> ResolvedConnection:
    """Resolves the server and database a connection yields for a database of index ``db``."""

    def get(name: Optional[str]) -> Optional[str]:
        if name is None:
            return None
        v = env.get(name)
        if v is not None and v != "":
            return v
        d = next((x.default for x in defaults if x.name == name), None)
        return None if d == "" else d

    db_index = db
    db_env = conn.db.env if conn is not None and conn.db is not None else None
    db_text = get(db_env)
    if db_text is not None:
        if not re.fullmatch(r"[0-9]+", db_text.strip()):
            raise KeyspecConnectionError(f"{db_env}: not a database number: {db_text}")
        db_index = int(db_text.strip())
    password_var = conn.password if conn is not None else None
    scheme = netloc = query = ""
    source = ""
    for name in conn.url if conn is not None else ():
        v = get(name)
        if v is None:
            continue
        shown = redact_credentials(v, [get(password_var)])
        try:
            parts = urlsplit(v)
            parts.port  # noqa: B018 - a bad port raises here
        except ValueError:
            raise KeyspecConnectionError(f"{name}: not a URL: {shown}") from None
        if not parts.scheme:
            raise KeyspecConnectionError(f"{name}: not a URL: {shown}")
        if parts.scheme.lower() not in ("redis", "rediss"):
            raise KeyspecConnectionError(f"{name}: expected a redis:// or rediss:// URL, got {shown}")
        scheme, netloc, query = parts.scheme.lower(), parts.netloc, parts.query
        source = name
        break
    if not scheme:
        host = get(conn.host if conn is not None else None) or "localhost"
        port_var = conn.port if conn is not None else None
        port_text = get(port_var) or "6379"
        if not re.fullmatch(r"[0-9]+", port_text) or not 0 < int(port_text) <= 65535:
            raise KeyspecConnectionError(f"{port_var or 'port'}: not a port: {port_text}")
        scheme = "redis"
        netloc = f"{'[' + host + ']' if ':' in host else host}:{int(port_text)}"
        source = "/".join(x for x in (conn.host if conn else None, port_var) if x) or "localhost:6379"
    userinfo, _, hostport = netloc.rpartition("@")
    username_raw, _, password_raw = userinfo.partition(":")
    if not password_raw:
        file = get(conn.password_file if conn is not None else None)
        password: Optional[str]
        if file is not None:
            try:
                password = read_file(file).strip()
            except OSError as e:
                raise KeyspecConnectionError(f"{conn.password_file if conn else ''}: cannot read {file}: {e.strerror}") from None
        else:
            password = get(password_var)
        if password:
            password_raw = quote(password, safe="")
    auth = ""
    if username_raw or password_raw:
        auth = username_raw + (f":{password_raw}" if password_raw else "") + "@"
    url = urlunsplit((scheme, auth + hostport, f"/{db_index}", query, ""))
    parsed = urlsplit(url)
    return ResolvedConnection(
        url=url,
        host=(parsed.hostname or "localhost"),
        port=parsed.port or 6379,
        tls=scheme == "rediss",
        db=db_index,
        source=source,
        username=unquote(username_raw) if username_raw else None,
        password=unquote(password_raw) if password_raw else None,
    )
