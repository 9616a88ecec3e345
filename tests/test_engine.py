"""The engine: a rule that raises becomes one ERROR finding; what it found before is kept."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from kling_posture.catalogue import load_catalogue
from kling_posture.engine import RuleContext, run_rules
from kling_posture.kling import KlingScope
from kling_posture.model import Finding, Inventory, Status
from kling_posture.redact import Redactor

from .conftest import FIXTURES, inventory_of


def _half_then_crash(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    secret = inventory.managed("aws_secretsmanager_secret")[0]
    yield ctx.finding(secret, Status.PASS, "first finding")
    raise RuntimeError("skFAKEvalueINSIDEanEXCEPTION0000")


def test_crashing_rule_is_an_error_finding_and_keeps_earlier_results(tmp_path: Path) -> None:
    inventory = inventory_of(FIXTURES / "kp_rot_01" / "aws")
    base = next(r for r in load_catalogue() if r.id == "KP-ROT-01")
    broken = replace(base, check=_half_then_crash)
    findings = run_rules(inventory, [broken, base], KlingScope(), {}, Redactor())
    statuses = [(f.rule_id, f.status, f.message) for f in findings if f.rule_id == "KP-ROT-01"]
    assert ("KP-ROT-01", Status.PASS, "first finding") in statuses
    errors = [f for f in findings if f.status == Status.ERROR]
    assert len(errors) == 1
    assert "RuntimeError" in errors[0].message
    assert "skFAKE" not in errors[0].message  # the exception text may hold a value: never shown
    assert sum(1 for f in findings if f.status != Status.ERROR) > 1  # the healthy rule ran
