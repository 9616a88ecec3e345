"""One scan from request to findings: configuration → sources → inventory → rules → waivers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import Rule, load_catalogue
from .config import Config, find_config, load_config
from .engine import run_rules
from .kling import KlingScope
from .model import Finding, Inventory
from .redact import Redactor
from .waivers import apply_waivers, read_inline_waivers


@dataclass
class ScanRequest:
    """What the user asked to scan, and how (``None``: the configuration file decides)."""

    path: Path
    scope: str | None = None
    var_files: list[Path] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    config_path: Path | None = None
    use_waivers: bool = True
    today: dt.date | None = None


@dataclass
class ScanResult:
    """Everything the reporters need."""

    inventory: Inventory
    findings: list[Finding]
    rules: list[Rule]
    redactor: Redactor
    parameters: dict[str, Any]
    config: Config
    scope: str


def run_scan(request: ScanRequest) -> ScanResult:
    """Scan ``request.path`` with the selected rules of the catalogue."""
    catalogue = load_catalogue()
    config = load_config(request.config_path or find_config(request.path),
                         known_parameters(catalogue), [r.id for r in catalogue])
    inventory = read_inventory(request)
    rules = [r for r in catalogue if (config.enable is None or r.id in config.enable)
             and r.id not in config.disable]
    scope_name = request.scope or config.scope or "kling"
    scope = KlingScope(scope_name, config.kling_patterns)
    parameters = {rule.id: {**rule.parameters,
                            **{k: v for k, v in config.parameters.items() if k in rule.parameters},
                            **request.parameters.get(rule.id, {})}
                  for rule in rules}
    redactor = Redactor()
    findings = run_rules(inventory, rules, scope, parameters, redactor, config)
    if request.use_waivers:
        inline = [w for name, text in sorted(inventory.annotated_files.items())
                  for w in read_inline_waivers(text, name)]
        lines = {name: text.splitlines() for name, text in inventory.annotated_files.items()}
        findings, problems = apply_waivers(findings, inline, config.waivers, lines,
                                           request.today or dt.date.today())
        inventory.errors.extend(problems)
    return ScanResult(inventory, findings, rules, redactor,
                      {k: v for k, v in parameters.items() if v}, config, scope_name)


def known_parameters(rules: list[Rule]) -> dict[str, Any]:
    """Every parameter any rule declares, with its default (the config may set these)."""
    return {name: value for rule in rules for name, value in rule.parameters.items()}


def read_inventory(request: ScanRequest) -> Inventory:
    """The inventory of the scanned path: a Terraform tree, or a plan JSON file
    (``terraform show -json PLANFILE``)."""
    from .sources.terraform.plan import PlanError, is_plan_json, scan_plan
    from .sources.terraform.source import NothingToScan, TerraformOptions, scan_terraform

    if request.path.is_file() and request.path.suffix == ".json":
        if not is_plan_json(request.path):
            raise NothingToScan(f"{request.path}: not a Terraform plan "
                                "(expected the output of 'terraform show -json PLANFILE')")
        try:
            return scan_plan(request.path)
        except PlanError as exc:
            raise NothingToScan(str(exc)) from None
    return scan_terraform(request.path, TerraformOptions(request.var_files, request.variables))
