"""KP-ROT-01: rotation is configured at 90 days or less (metadata: KP-ROT-01.toml)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kling_posture.engine import RuleContext
from kling_posture.model import Finding, Inventory, Resource, Status
from kling_posture.schedules import ScheduleError, gcp_duration_days, rotation_interval_days
from kling_posture.values import Unknown


def check(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """Each Kling secret's rotation, judged against ``max_rotation_days``."""
    limit = float(ctx.parameters["max_rotation_days"])
    yield from _aws(inventory, ctx, limit)
    yield from _gcp(inventory, ctx, limit)


def _aws(inventory: Inventory, ctx: RuleContext, limit: float) -> Iterator[Finding]:
    rotations = inventory.managed("aws_secretsmanager_secret_rotation")
    for secret in inventory.managed("aws_secretsmanager_secret"):
        if not ctx.scope.is_kling_secret(secret):
            continue
        matched = [r for r in rotations if _rotates(r, secret)]
        inline = _first_block(secret.attributes.get("rotation_rules"))
        if matched:
            for rotation in matched:
                yield _judge_rules(ctx, rotation, _first_block(
                    rotation.attributes.get("rotation_rules")), limit)
        elif inline is not None:
            yield _judge_rules(ctx, secret, inline, limit)
        elif any(_unresolved_target(r) and r.root_dir == secret.root_dir for r in rotations):
            yield ctx.finding(secret, Status.UNKNOWN,
                              "a rotation in this configuration targets a secret that cannot be "
                              "resolved; it may be this one", {"rotation": "unresolved"})
        else:
            yield ctx.finding(secret, Status.FAIL, "no rotation configured for this secret",
                              {"rotation": None})


def _rotates(rotation: Resource, secret: Resource) -> bool:
    """True when ``rotation.secret_id`` refers to ``secret`` by reference, ARN or name."""
    if rotation.root_dir != secret.root_dir:
        return False
    target = rotation.attributes.get("secret_id")
    if isinstance(target, Unknown):
        return secret.address in target.refs
    if isinstance(target, str):
        name = secret.attributes.get("name")
        return isinstance(name, str) and (target == name or target.endswith(f":secret:{name}")
                                          or f":secret:{name}-" in target)
    return False


def _unresolved_target(rotation: Resource) -> bool:
    target = rotation.attributes.get("secret_id")
    return isinstance(target, Unknown) and not target.refs


def _judge_rules(ctx: RuleContext, holder: Resource, rules: Any, limit: float) -> Finding:
    if isinstance(rules, Unknown):
        return ctx.finding(holder, Status.UNKNOWN, f"rotation rules unknown: {rules.reason}")
    if not isinstance(rules, dict):
        return ctx.finding(holder, Status.FAIL, "rotation has no rotation_rules",
                           {"rotation_rules": None})
    days = rules.get("automatically_after_days")
    schedule = rules.get("schedule_expression")
    evidence: dict[str, Any] = {}
    if days is not None:
        evidence["automatically_after_days"] = days if not isinstance(days, Unknown) else "unknown"
    if schedule is not None:
        evidence["schedule_expression"] = schedule if isinstance(schedule, str) else "unknown"
    if isinstance(days, Unknown) or isinstance(schedule, Unknown):
        reason = (days if isinstance(days, Unknown) else schedule)
        assert isinstance(reason, Unknown)
        return ctx.finding(holder, Status.UNKNOWN, f"rotation interval unknown: {reason.reason}",
                           evidence)
    if isinstance(schedule, str):
        try:
            interval = rotation_interval_days(schedule)
        except ScheduleError as exc:
            return ctx.finding(holder, Status.UNKNOWN, f"cannot judge the schedule: {exc}",
                               evidence)
        evidence["longest_interval_days"] = round(interval, 2)
        return _compare(ctx, holder, interval, limit, f"schedule {schedule}", evidence)
    if isinstance(days, (int, float)) and not isinstance(days, bool):
        return _compare(ctx, holder, float(days), limit, f"rotation every {days} days", evidence)
    return ctx.finding(holder, Status.FAIL, "rotation_rules set no interval", evidence)


def _compare(ctx: RuleContext, holder: Resource, interval: float, limit: float, what: str,
             evidence: dict[str, Any]) -> Finding:
    evidence["max_rotation_days"] = _number(limit)
    if interval <= limit:
        return ctx.finding(holder, Status.PASS, f"{what} is within {_number(limit)} days",
                           evidence)
    return ctx.finding(holder, Status.FAIL,
                       f"{what} exceeds {_number(limit)} days "
                       f"(longest interval {_number(round(interval, 1))} days)", evidence)


def _gcp(inventory: Inventory, ctx: RuleContext, limit: float) -> Iterator[Finding]:
    for secret in inventory.managed("google_secret_manager_secret"):
        if not ctx.scope.is_kling_secret(secret):
            continue
        rotation = _first_block(secret.attributes.get("rotation"))
        if rotation is None:
            yield ctx.finding(secret, Status.FAIL, "no rotation configured for this secret",
                              {"rotation": None})
            continue
        if isinstance(rotation, Unknown):
            yield ctx.finding(secret, Status.UNKNOWN, f"rotation unknown: {rotation.reason}")
            continue
        period = rotation.get("rotation_period")
        evidence: dict[str, Any] = {"rotation_period": period if isinstance(period, str)
                                    else "unknown" if isinstance(period, Unknown) else None}
        if isinstance(period, Unknown):
            yield ctx.finding(secret, Status.UNKNOWN,
                              f"rotation period unknown: {period.reason}", evidence)
        elif not isinstance(period, str):
            yield ctx.finding(secret, Status.FAIL, "rotation block sets no rotation_period",
                              evidence)
        else:
            try:
                days = gcp_duration_days(period)
            except ScheduleError as exc:
                yield ctx.finding(secret, Status.UNKNOWN, f"cannot read the period: {exc}",
                                  evidence)
                continue
            evidence["rotation_period_days"] = _number(round(days, 2))
            yield _compare(ctx, secret, days, limit, f"rotation every {_number(round(days, 1))} "
                           "days", evidence)


def _first_block(value: Any) -> Any:
    """The first nested block of a block list (``None`` when absent)."""
    if isinstance(value, list):
        if value and isinstance(value[0], dict) and "__unknown__" in value[0]:
            return value[0]["__unknown__"]
        return value[0] if value else None
    return value


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
