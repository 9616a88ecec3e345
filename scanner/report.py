"""The report document: findings and run metadata as the stable JSON structure of CONTROLS.md.

Every reporter starts from :func:`build_report`, so the formats never disagree.
"""

from __future__ import annotations

from typing import Any

from . import __version__
from .model import Finding, RunInfo, SourceError, Status
from .values import plain

SCHEMA_VERSION = "1"


def inputs_fingerprint(digests: dict[str, str]) -> str:
    """SHA-256 over the sorted ``path<TAB>sha256`` lines of every input read."""
    import hashlib

    lines = "".join(f"{path}\t{digest}\n" for path, digest in sorted(digests.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding in the report's shape."""
    resource = finding.resource
    where: dict[str, Any] = {"address": resource.address, "type": resource.type,
                             "source": resource.source, "file": resource.file,
                             "line": resource.line}
    if resource.module_address:
        where["module"] = resource.module_address
    if resource.root_dir is not None and resource.source == "terraform":
        where["root_module"] = resource.root_dir
    for key in ("account", "project", "region"):
        value = getattr(resource, key)
        if value is not None:
            where[key] = value
    result: dict[str, Any] = {"rule_id": finding.rule_id, "status": finding.status.value,
                              "severity": finding.severity.value, "message": finding.message,
                              "resource": where, "evidence": plain(finding.evidence)}
    if finding.waiver is not None:
        result["waiver"] = plain(finding.waiver)
    return result


def summary_counts(findings: list[Finding]) -> dict[str, int]:
    """Findings per status, every status present."""
    counts = {status.value: 0 for status in Status}
    for finding in findings:
        counts[finding.status.value] += 1
    return counts


def build_report(findings: list[Finding], errors: list[SourceError], run: RunInfo
                 ) -> dict[str, Any]:
    """The whole report document."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "kling-posture", "version": __version__},
        "run": {"started_at": run.started_at, "finished_at": run.finished_at,
                "sources": run.sources, "scope": run.scope, "targets": run.targets,
                "parameters": plain(run.parameters), "inputs_sha256": run.inputs_sha256,
                "config_file": run.config_file},
        "summary": summary_counts(findings),
        "findings": [finding_dict(f) for f in findings],
        "errors": [{"source": e.source, "file": e.file, "line": e.line, "message": e.message}
                   for e in errors],
    }
