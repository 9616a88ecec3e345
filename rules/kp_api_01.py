"""KP-API-01: the Kling API is called over HTTPS, keys never in URLs (metadata: KP-API-01.toml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kling_posture.engine import RuleContext
from kling_posture.model import Finding, Inventory, Status
from kling_posture.values import Unknown

from ._urls import (
    Assignment,
    assignments,
    config_resource,
    forwarding_evidence,
    group_by_holder,
    host_of,
    key_parameters,
    known_prefix,
    looks_like_host,
    port_of,
    safe_url,
    scheme_of,
    urls_in,
    worst,
)

BASE_URL_NAME = re.compile(r"KLING.*(BASE[_-]?URL|API[_-]?URL|ENDPOINT|HOST)", re.IGNORECASE)
NOT_BASE_URL = re.compile(r"CALLBACK|HOOK", re.IGNORECASE)
KLING_HOST = re.compile(r"(^|\.)klingai\.(com|cn)$", re.IGNORECASE)
PREFIX_WITH_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+[/?#]")
CONFIG_FILE = ".kling-posture.toml"


@dataclass(frozen=True)
class Verdict:
    """One judgement of one value: status, message, and what was read (safe to show)."""

    status: Status
    message: str
    name: str
    shown: str


def check(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """Kling base URLs (https:// on an allowed host) and every URL value (no key in its query)."""
    allowed = [str(e) for e in ctx.parameters["allowed_egress"]]
    judged = [(a, v) for a in assignments(inventory, ctx) for v in _judge(ctx, a, allowed)]
    for holder, pairs in group_by_holder(judged):
        verdicts = [v for _, v in pairs]
        evidence: dict[str, Any] = {v.name: v.shown for v in verdicts}
        evidence.update(forwarding_evidence(a for a, _ in pairs))
        if any(v.message.startswith("Kling base URL") for v in verdicts):
            evidence["allowed_egress"] = allowed
        status = worst(v.status for v in verdicts)
        message = "; ".join(dict.fromkeys(v.message for v in verdicts if v.status is status))
        yield ctx.finding(holder, status, message, evidence)
    for index, url in enumerate(ctx.config.webhook_urls):
        keys = key_parameters(url)
        if keys:
            resource = config_resource(ctx, index, url)
            yield ctx.finding(resource, Status.FAIL, _keys_message("the webhook URL", keys),
                              {"url": safe_url(url, ctx),
                               "config_file": resource.meta["config_file"]})


def _judge(ctx: RuleContext, assignment: Assignment, allowed: list[str]) -> Iterator[Verdict]:
    """The verdicts on one value: keys in any URL in it, and the base URL rules."""
    name = assignment.name
    value = assignment.value
    is_base = any(BASE_URL_NAME.search(n) and not NOT_BASE_URL.search(n)
                  for n in assignment.names)
    if isinstance(value, Unknown):
        # the literal start may already place a key in the query: "...?access_key=${var.ak}"
        for url in urls_in(known_prefix(value)):
            keys = key_parameters(url)
            if keys:
                yield Verdict(Status.FAIL, _keys_message(name, keys), name,
                              safe_url(url, ctx) + "…")
        if is_base:
            yield _judge_unknown_base(ctx, name, value, allowed)
        return
    text = str(value).strip()
    for url in urls_in(text):
        keys = key_parameters(url)
        if keys:
            yield Verdict(Status.FAIL, _keys_message(name, keys), name, safe_url(url, ctx))
    if is_base and (scheme_of(text) or looks_like_host(text)):
        yield _judge_base(ctx, name, text, allowed)


def _keys_message(name: str, keys: list[tuple[str, str]]) -> str:
    """The message naming the key parameters found (never their values)."""
    params = ", ".join(sorted({k for k, _ in keys}))
    return (f"{name} carries a credential in its URL query string ({params}): URLs end up in "
            "logs, proxies and browser history")


def _judge_unknown_base(ctx: RuleContext, name: str, value: Unknown,
                        allowed: list[str]) -> Verdict:
    """A base URL the code does not tell: judged on its known start, else UNKNOWN."""
    prefix = known_prefix(value)
    if PREFIX_WITH_HOST.match(prefix):
        return _judge_base(ctx, name, prefix, allowed)
    if scheme_of(prefix) not in (None, "https"):
        return Verdict(Status.FAIL, f"Kling base URL {name} is not https://", name,
                       safe_url(prefix, ctx) + "…")
    return Verdict(Status.UNKNOWN, f"Kling base URL {name} cannot be read: {value.reason}",
                   name, "unknown")


def _judge_base(ctx: RuleContext, name: str, text: str, allowed: list[str]) -> Verdict:
    """A Kling base URL (or bare host): https:// and on a host of ``allowed_egress``."""
    scheme = scheme_of(text)
    host = host_of(text) or ""
    shown = safe_url(text, ctx) if scheme else text.split("?", 1)[0]
    problems: list[str] = []
    if scheme not in (None, "https"):
        problems.append(f"Kling base URL {name} is {scheme}://, not https://")
    if not _allowed(host, allowed):
        problems.append(_host_message(name, host, port_of(text) if scheme != "http" else 443,
                                      allowed))
    if problems:
        return Verdict(Status.FAIL, "; ".join(problems), name, shown)
    if scheme is None:
        return Verdict(Status.UNKNOWN, f"Kling base URL {name} names allowed host {host} without "
                       "a scheme: whether it is called over https:// is decided by the "
                       "application code", name, shown)
    return Verdict(Status.PASS, f"Kling base URL {name} is https:// on allowed host {host}", name,
                   shown)


def _host_message(name: str, host: str, port: int | None, allowed: list[str]) -> str:
    """Why the host is not allowed, and the exact ``allowed_egress`` entry that allows it."""
    entry = f'"{host}:{port or 443}"'
    listed = ", ".join(allowed) or "nothing"
    if KLING_HOST.search(host):
        return (f"Kling base URL {name} calls Kling host {host}, which allowed_egress does not "
                f"list (allowed: {listed}); to allow it, add {entry} to allowed_egress in "
                f"{CONFIG_FILE}")
    return (f"Kling base URL {name} calls {host}, which is not an allowed Kling host "
            f"(allowed: {listed}); if the integration really calls it, add {entry} to "
            f"allowed_egress in {CONFIG_FILE}")


def _allowed(host: str, allowed: list[str]) -> bool:
    """``host`` is the host of an ``allowed_egress`` entry (``*.example.com`` matches below)."""
    host = host.lower().rstrip(".")
    for entry in allowed:
        pattern = entry.rsplit(":", 1)[0] if re.search(r":\d+$", entry) else entry
        pattern = pattern.lower().rstrip(".")
        if host == pattern or (pattern.startswith("*.") and host.endswith(pattern[1:])):
            return True
    return False
