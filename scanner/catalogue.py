"""The rule catalogue: metadata files and check functions in ``rules/``, validated on load.

Each rule is two files side by side in the ``kling_posture_rules`` package (folder ``rules/``):
``KP-ROT-01.toml`` (what an auditor reads: title, severity, rationale, remediation, framework
clauses, parameters) and ``kp_rot_01.py`` (its ``check`` function).  The ID must equal the
metadata file's name, be unique, and have a check module.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .model import Finding, Inventory, Severity

RULES_PACKAGE = "kling_posture_rules"
RULE_ID = re.compile(r"^KP-[A-Z]+-\d{2}$")
FRAMEWORKS = ("iso27001", "soc2", "nist_800_53", "gdpr")
FRAMEWORK_TITLES = {"iso27001": "ISO/IEC 27001:2022", "soc2": "SOC 2 (TSC 2017)",
                    "nist_800_53": "NIST SP 800-53 r5", "gdpr": "GDPR"}
REQUIRED_TEXT = ("title", "summary", "what_it_does", "why", "example", "use_instead",
                 "remediation")
SOURCES = frozenset({"terraform", "aws", "gcp", "probe"})


class CatalogueError(Exception):
    """A rule's metadata or module is invalid (a bug in the catalogue, not a user mistake)."""


CheckFunction = Callable[[Inventory, Any], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One control: validated metadata plus its check function."""

    id: str
    title: str
    severity: Severity
    summary: str
    what_it_does: str
    why: str
    example: str
    use_instead: str
    remediation: str
    frameworks: dict[str, list[str]]
    parameters: dict[str, Any]
    sources: list[str]
    references: list[str] = field(default_factory=list)
    check: CheckFunction | None = field(default=None, compare=False, repr=False)

    @property
    def module_name(self) -> str:
        """The check module's name (``kp_rot_01``)."""
        return self.id.lower().replace("-", "_")


def load_catalogue() -> list[Rule]:
    """Every rule, sorted by ID; raises :class:`CatalogueError` on invalid metadata."""
    rules: dict[str, Rule] = {}
    for entry in resources.files(RULES_PACKAGE).iterdir():
        if not entry.name.endswith(".toml"):
            continue
        stem = entry.name[: -len(".toml")]
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CatalogueError(f"{entry.name}: {exc}") from None
        rule = _validate(stem, data)
        if rule.id in rules:
            raise CatalogueError(f"{entry.name}: duplicate rule id {rule.id}")
        rules[rule.id] = rule
    return [rules[k] for k in sorted(rules)]


def _validate(stem: str, data: dict[str, Any]) -> Rule:
    where = f"{stem}.toml"
    rule_id = data.get("id")
    if rule_id != stem or not RULE_ID.match(str(rule_id)):
        raise CatalogueError(f"{where}: id must equal the file name and look like KP-XXX-NN")
    for key in REQUIRED_TEXT:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CatalogueError(f"{where}: '{key}' is required text")
    try:
        severity = Severity(data.get("severity"))
    except ValueError:
        raise CatalogueError(f"{where}: severity must be one of "
                             f"{', '.join(s.value for s in Severity)}") from None
    frameworks = data.get("frameworks", {})
    if set(frameworks) != set(FRAMEWORKS) or not all(
            isinstance(v, list) and v for v in frameworks.values()):
        raise CatalogueError(f"{where}: frameworks must map each of {', '.join(FRAMEWORKS)} "
                             "to a non-empty list of clauses")
    sources = data.get("sources", [])
    if not sources or not set(sources) <= SOURCES:
        raise CatalogueError(f"{where}: sources must be a non-empty subset of {sorted(SOURCES)}")
    known = set(REQUIRED_TEXT) | {"id", "severity", "frameworks", "parameters", "sources",
                                  "references"}
    unknown = set(data) - known
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
    rule = Rule(id=rule_id, severity=severity, frameworks=frameworks, sources=sources,
                parameters=dict(data.get("parameters", {})),
                references=list(data.get("references", [])),
                **{k: data[k].strip() for k in REQUIRED_TEXT})
    try:
        module = importlib.import_module(f"{RULES_PACKAGE}.{rule.module_name}")
    except ModuleNotFoundError:
        raise CatalogueError(f"{where}: no check module {rule.module_name}.py") from None
    check = getattr(module, "check", None)
    if not callable(check):
        raise CatalogueError(f"{rule.module_name}.py: no check() function")
    return Rule(**{**rule.__dict__, "check": check})
