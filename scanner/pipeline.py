"""One scan from request to findings: sources → inventory → rules → findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import Rule, load_catalogue
from .engine import run_rules
from .kling import KlingScope
from .model import Finding, Inventory
from .redact import Redactor


@dataclass
class ScanRequest:
    """What the user asked to scan, and how."""

    path: Path
    scope: str = "kling"
    var_files: list[Path] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ScanResult:
    """Everything the reporters need."""

    inventory: Inventory
    findings: list[Finding]
    rules: list[Rule]
    redactor: Redactor
    parameters: dict[str, Any]


def run_scan(request: ScanRequest) -> ScanResult:
    """Scan ``request.path`` with every rule of the catalogue."""
    from .sources.terraform.source import TerraformOptions, scan_terraform

    inventory = scan_terraform(request.path, TerraformOptions(request.var_files,
                                                              request.variables))
    rules = load_catalogue()
    redactor = Redactor()
    scope = KlingScope(request.scope)
    findings = run_rules(inventory, rules, scope, request.parameters, redactor)
    parameters = {rule.id: {**rule.parameters, **request.parameters.get(rule.id, {})}
                  for rule in rules if rule.parameters}
    return ScanResult(inventory, findings, rules, redactor, parameters)
