"""Shared helpers: write .tf files to a temporary folder and scan them through the real parser."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kling_posture.model import Finding, Inventory
from kling_posture.pipeline import ScanRequest, ScanResult, run_scan
from kling_posture.sources.terraform.source import TerraformOptions, scan_terraform

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_INFRA = PROJECT_ROOT / "sample_infra"
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path → text, dedented) under ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def inventory_of(root: Path, files: dict[str, str] | None = None,
                 **options: object) -> Inventory:
    """The inventory of ``files`` written under ``root`` (or of ``root`` as it is)."""
    if files:
        write_tree(root, files)
    return scan_terraform(root, TerraformOptions(**options))  # type: ignore[arg-type]


def scan(root: Path, scope: str = "kling", **options: object) -> ScanResult:
    """A full scan (all rules) of ``root``."""
    return run_scan(ScanRequest(path=root, scope=scope, **options))  # type: ignore[arg-type]


def triples(findings: list[Finding], rule_id: str | None = None) -> set[tuple[str, str, str]]:
    """(rule, address, status) of ``findings``, optionally of one rule."""
    return {(f.rule_id, f.resource.address, f.status.value) for f in findings
            if rule_id is None or f.rule_id == rule_id}


@pytest.fixture
def tf(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write files and return the inventory: ``tf({"main.tf": "..."})``."""
    def make(files: dict[str, str], **options: object) -> Inventory:
        return inventory_of(tmp_path, files, **options)
    return make
