"""TTL policies at write time: which policy applies (a field-dependent policy resolves on the value of its
field) and what a write does to the key's TTL (overrides first, then the policy's env var)."""

from __future__ import annotations

import json
import re
from typing import Mapping, Optional, Union

from .descriptors import Ttl
from .errors import KeyspecValueError

# What a write does to the TTL: expire after N seconds (an int), persist, or leave it alone.
TtlAction = Union[int, str]
PERSIST = "persist"
KEEP = "keep"


def resolve_ttl(policy: Ttl, field_value: Optional[str]) -> Optional[Ttl]:
    """The policy a write applies, given the value of the field a field-dependent policy depends on."""
    if policy.kind != "byField":
        return policy
    for case in policy.cases:
        if field_value is not None and field_value in case.values:
            return resolve_ttl(case.ttl, field_value)
    return resolve_ttl(policy.default, field_value) if policy.default is not None else None


def env_ttl_seconds(name: str, raw: Optional[str]) -> Optional[int]:
    """The seconds a TTL env override sets: None when unset or blank, else a positive whole number."""
    if raw is None:
        return None
    text = raw.strip()
    if text == "":
        return None
    if not re.fullmatch(r"[0-9]+", text) or int(text) <= 0 or int(text) > 2**53 - 1:
        raise KeyspecValueError(f"{name}={json.dumps(raw)}: a TTL override must be a positive whole number of seconds")
    return int(text)


def _check_env_overrides(policy: Ttl, env: Mapping[str, str]) -> None:
    if policy.kind == "byField":
        for case in policy.cases:
            _check_env_overrides(case.ttl, env)
        if policy.default is not None:
            _check_env_overrides(policy.default, env)
    elif policy.kind in ("exact", "bounded") and policy.env is not None:
        env_ttl_seconds(policy.env, env.get(policy.env))


def ttl_action_of(declared: Ttl, policy: Optional[Ttl], override: Optional[int], env: Mapping[str, str]) -> TtlAction:
    """What a write does under ``policy`` (resolved from ``declared``): an override for the key id wins, then
    the policy's env var, then the policy's seconds (the upper bound of a range)."""
    if declared.kind == "byField":
        _check_env_overrides(declared, env)
    if policy is None:
        return KEEP
    if policy.kind == "none":
        return PERSIST if declared.kind == "byField" else KEEP
    if policy.kind in ("any", "byField"):
        return KEEP
    if override is not None:
        return override
    from_env = env_ttl_seconds(policy.env, env.get(policy.env)) if policy.env is not None else None
    if from_env is not None:
        return from_env
    return policy.seconds if policy.kind == "exact" else policy.max


def sliding_seconds(declared: Ttl, override: Optional[int], env: Mapping[str, str]) -> Optional[int]:
    """The seconds a read refreshes a sliding TTL to, if the policy slides on read."""
    if declared.kind in ("none", "any", "byField") or declared.refresh != "read":
        return None
    action = ttl_action_of(declared, declared, override, env)
    return action if isinstance(action, int) else None
