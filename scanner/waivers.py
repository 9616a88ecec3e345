"""Waivers: a FAIL accepted in writing, with a reason and an expiry, shown as WAIVED.

Inline, in Terraform, on the resource's first line or in the comment lines directly above it::

    # kling-posture:waive KP-NET-01 until=2027-03-31 reason="proxy until VID-512" owner="ops"
    resource "aws_security_group" "legacy" {

Several rule IDs may be given comma-separated.  In the configuration file, ``[[waivers]]``
entries match a rule and a resource address or ARN (glob).  A waiver without a reason or a valid
``until`` date, or one whose date has passed, does not waive: it is reported as a problem.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .config import ConfigWaiver
from .model import Finding, SourceError, Status

MARKER = "kling-posture:waive"
_COMMENT = re.compile(r"^\s*(#|//|/\*)")
_RULE_LIST = re.compile(r"^KP-[A-Z]+-\d{2}(,KP-[A-Z]+-\d{2})*$")


@dataclass(frozen=True)
class InlineWaiver:
    """A waiver comment found in a scanned file."""

    rules: tuple[str, ...]
    file: str
    line: int
    reason: str | None
    until: dt.date | None
    owner: str | None
    problem: str | None = None


def read_inline_waivers(text: str, file: str) -> list[InlineWaiver]:
    """Every waiver comment in ``text`` (``file`` is the relative path used in findings)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        position = line.find(MARKER)
        if position < 0 or ("#" not in line[:position] and "//" not in line[:position]):
            continue
        found.append(_parse(line[position + len(MARKER):], file, number))
    return found


def _parse(rest: str, file: str, line: int) -> InlineWaiver:
    try:
        words = shlex.split(rest.replace("*/", " "))
    except ValueError:
        return InlineWaiver((), file, line, None, None, None, "unbalanced quotes")
    rules = tuple(words[0].split(",")) if words and _RULE_LIST.match(words[0]) else ()
    fields = dict(w.split("=", 1) for w in words[1:] if "=" in w)
    until: dt.date | None = None
    try:
        until = dt.date.fromisoformat(fields.get("until", ""))
    except ValueError:
        until = None
    problem = ("no rule ID such as KP-NET-01" if not rules
               else "no reason=\"...\"" if not fields.get("reason", "").strip()
               else "no valid until=YYYY-MM-DD" if until is None else None)
    return InlineWaiver(rules, file, line, fields.get("reason"), until, fields.get("owner"),
                        problem)


def waiver_lines(lines: list[str], resource_line: int) -> range:
    """The lines a waiver may stand on for a block at ``resource_line``: itself and the comment
    lines directly above it."""
    first = resource_line
    while first > 1 and _COMMENT.match(lines[first - 2]):
        first -= 1
    return range(first, resource_line + 1)


def apply_waivers(findings: list[Finding], inline: Iterable[InlineWaiver],
                  configured: Iterable[ConfigWaiver], file_lines: dict[str, list[str]],
                  today: dt.date) -> tuple[list[Finding], list[SourceError]]:
    """FAIL findings covered by a valid waiver become WAIVED; bad waivers become problems."""
    by_file: dict[str, list[InlineWaiver]] = {}
    problems: list[SourceError] = []
    for waiver in inline:
        if waiver.problem:
            problems.append(SourceError("waiver", f"malformed waiver ignored: {waiver.problem}",
                                        waiver.file, waiver.line))
        elif waiver.until is not None and waiver.until < today:
            problems.append(SourceError("waiver", f"expired waiver for {','.join(waiver.rules)} "
                                        f"(until {waiver.until}) no longer applies",
                                        waiver.file, waiver.line))
        else:
            by_file.setdefault(waiver.file, []).append(waiver)
    active_config = []
    for entry in configured:
        if entry.until < today:
            problems.append(SourceError("waiver", f"expired waiver for {entry.rule} on "
                                        f"{entry.resource} (until {entry.until}) no longer "
                                        "applies", "configuration"))
        else:
            active_config.append(entry)
    result = [_waive(f, by_file, active_config, file_lines) for f in findings]
    return result, problems


def _waive(finding: Finding, by_file: dict[str, list[InlineWaiver]],
           configured: list[ConfigWaiver], file_lines: dict[str, list[str]]) -> Finding:
    if finding.status != Status.FAIL:
        return finding
    resource = finding.resource
    if resource.file in by_file and resource.line and resource.file in file_lines:
        lines = waiver_lines(file_lines[resource.file], resource.line)
        for waiver in by_file[resource.file]:
            if waiver.line in lines and finding.rule_id in waiver.rules:
                return replace(finding, status=Status.WAIVED, waiver={
                    "reason": waiver.reason, "until": str(waiver.until), "owner": waiver.owner,
                    "file": waiver.file, "line": waiver.line, "waived_status": "FAIL"})
    for entry in configured:
        if entry.rule == finding.rule_id and fnmatch.fnmatchcase(resource.address,
                                                                 entry.resource):
            return replace(finding, status=Status.WAIVED, waiver={
                "reason": entry.reason, "until": str(entry.until), "owner": entry.owner,
                "file": "configuration", "line": None, "waived_status": "FAIL"})
    return finding
