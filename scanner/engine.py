"""Run the selected rules over an inventory.

A rule that raises becomes one ERROR finding and the run goes on (bandit's discipline).
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .catalogue import Rule
from .config import Config
from .kling import KlingScope
from .model import Finding, Inventory, Resource, Severity, Status
from .redact import Redactor


@dataclass
class RuleContext:
    """What a rule's ``check`` receives besides the inventory."""

    rule: Rule
    scope: KlingScope
    parameters: dict[str, Any]
    redactor: Redactor
    config: Config = field(default_factory=Config)

    def finding(self, resource: Resource, status: Status, message: str,
                evidence: dict[str, Any] | None = None,
                severity: Severity | None = None) -> Finding:
        """A finding of this rule (severity defaults to the rule's)."""
        return Finding(rule_id=self.rule.id, status=status,
                       severity=severity or self.rule.severity, message=message,
                       resource=resource, evidence=evidence or {})


def run_rules(inventory: Inventory, rules: Iterable[Rule], scope: KlingScope,
              parameters: dict[str, dict[str, Any]], redactor: Redactor,
              config: Config | None = None) -> list[Finding]:
    """All findings of ``rules`` over ``inventory``, in a deterministic order."""
    findings: list[Finding] = []
    for rule in rules:
        context = RuleContext(rule, scope, {**rule.parameters, **parameters.get(rule.id, {})},
                              redactor, config or Config())
        try:
            assert rule.check is not None
            for finding in rule.check(inventory, context):
                findings.append(finding)  # one by one: what was found before a crash is kept
        except Exception as exc:  # a crashing rule must not end the run
            findings.append(_crash_finding(rule, exc))
    return sorted(findings, key=Finding.sort_key)


def _crash_finding(rule: Rule, exc: Exception) -> Finding:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" if frame else ""
    resource = Resource(address=f"rule:{rule.id}", type="rule", source="engine", attributes={})
    return Finding(rule_id=rule.id, status=Status.ERROR, severity=rule.severity,
                   message=f"the rule failed with {type(exc).__name__}{where}; "
                           "its other results are missing",
                   resource=resource)
