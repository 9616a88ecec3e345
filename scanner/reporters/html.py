"""The auditor's HTML report: one self-contained page, no script, no external request.

Sections in the order an auditor reads them: cover (scope, run, fingerprints), executive
summary, control matrix, findings by control, waivers, unknowns and errors, manual attestations,
and the report data as JSON.  Python prepares plain view objects; the Jinja templates in
``templates/`` only lay them out.  Every string that comes from scanned code reaches the page
through Jinja's autoescape and is never marked safe.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..catalogue import FRAMEWORK_TITLES, Rule
from .json_reporter import render_json

TEMPLATES = Path(__file__).with_name("templates")
STATUSES = ("FAIL", "ERROR", "UNKNOWN", "WAIVED", "PASS")
"""Worst first: a control's status is the first of these among its findings."""
SEVERITIES = ("critical", "high", "medium", "low", "info")
NOT_EVALUATED = "not evaluated"
_LIST_ITEM = re.compile(r"^[*-] ")

MANUAL_ATTESTATIONS: tuple[tuple[str, str], ...] = (
    ("Content-policy pre-filtering of prompts and images sent to Kling",
     "Unfiltered user input can make the service generate unlawful or abusive video under your "
     "account. The filter lives in application code and operations, not in infrastructure."),
    ("PII filtering of prompts",
     "Prompts leave your systems for a third-party processor; personal data in them must be "
     "minimised or removed first (GDPR Art. 5(1)(c), Art. 25)."),
    ("Consent for identifiable faces in input images",
     "An image of an identifiable person is personal data; animating it needs a lawful basis "
     "and the person's consent (GDPR Art. 6, Art. 9 where biometric)."),
    ("DPA with Kling / Kuaishou and cross-border transfer review",
     "Kling processes prompts and images as a processor outside the EEA: a data processing "
     "agreement (GDPR Art. 28) and a transfer mechanism with a transfer impact assessment "
     "(Art. 44-49) are required."),
    ("Quarterly key-rotation drill",
     "Configured rotation (KP-ROT-01) shows intent; a drill shows a new Kling key can be "
     "issued, deployed and the old one revoked without an outage."),
    ("Incident response runbook for a leaked Kling key",
     "A leaked key is abused within minutes: the runbook names who revokes it, how the "
     "replacement is rolled out, and how usage and billing are checked for abuse."),
    ("Retention and deletion of generated videos matches the privacy notice",
     "KP-DATA-01 checks that a retention rule exists; only a person can confirm its period "
     "matches what users were told, including copies kept on Kling's side."),
)
"""Items no scanner can prove: (item, why it matters).  Edit freely."""

FINGERPRINT_RECIPE = (
    "python3 -c 'import hashlib, json, sys; r = json.load(open(sys.argv[1], "
    "encoding=\"utf-8\")); print(hashlib.sha256(json.dumps(r, sort_keys=True, "
    "ensure_ascii=False).encode(\"utf-8\")).hexdigest())' report.json"
)
"""The shell command, shown on the page, that recomputes the results fingerprint."""

SCOPES = {
    "kling": "Kling integration only: credentials, workloads, endpoints and buckets named, "
             "tagged or referenced as Kling's",
    "all": "every resource (general posture mode, without the Kling filter)",
}


@dataclass(frozen=True)
class Item:
    """One finding as the page shows it."""

    ref: str
    anchor: str
    rule_id: str
    status: str
    severity: str
    message: str
    address: str
    type: str
    location: str
    context: list[tuple[str, str]]
    evidence: list[tuple[str, str]]
    waiver: dict[str, Any] | None


@dataclass(frozen=True)
class Control:
    """One rule of the catalogue (or a rule ID seen only in findings) with its findings."""

    id: str
    anchor: str
    rule: Rule | None
    title: str
    severity: str
    frameworks: dict[str, list[str]]
    status: str
    counts: dict[str, int]
    attention: list[Item]
    passed: list[Item]
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    """The overall conclusion in plain words."""

    level: str
    headline: str
    details: list[str] = field(default_factory=list)


def render_html(report: dict[str, Any], rules: list[Rule]) -> str:
    """The report as one self-contained HTML page (``rules``: the catalogue that ran)."""
    items = [_item(index, finding) for index, finding in enumerate(report["findings"])]
    controls = _controls(rules, items, report["run"].get("sources") or [])
    page = {
        "report": report,
        "tool": report["tool"],
        "run": _run(report["run"], rules),
        "fingerprint": results_fingerprint(report),
        "recipe": FINGERPRINT_RECIPE,
        "summary": {s: int(report["summary"].get(s, 0)) for s in STATUSES},
        "fail_by_severity": _fail_by_severity(items),
        "controls": controls,
        "verdict": verdict(controls, items, report["errors"]),
        "frameworks": FRAMEWORK_TITLES,
        "statuses": STATUSES,
        "severities": SEVERITIES,
        "waived": [_waived(i, report["run"].get("finished_at")) for i in items
                   if i.status == "WAIVED"],
        "unverified": [i for i in items if i.status in ("UNKNOWN", "ERROR")],
        "errors": report["errors"],
        "not_evaluated": [c for c in controls if c.status == NOT_EVALUATED],
        "attestations": MANUAL_ATTESTATIONS,
        "report_json": render_json(report),
    }
    return _environment().get_template("report.html.j2").render(page)


def results_fingerprint(report: dict[str, Any]) -> str:
    """SHA-256 of ``json.dumps(report, sort_keys=True, ensure_ascii=False)`` in UTF-8."""
    canonical = json.dumps(report, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def worst_status(statuses: list[str]) -> str:
    """FAIL > ERROR > UNKNOWN > WAIVED > PASS; ``not evaluated`` when there is none."""
    for status in STATUSES:
        if status in statuses:
            return status
    return NOT_EVALUATED


def verdict(controls: list[Control], items: list[Item], errors: list[Any]) -> Verdict:
    """The overall verdict: failures first, then what could not be read, then exceptions."""
    failing = [c.id for c in controls if c.counts["FAIL"]]
    count = {s: sum(1 for i in items if i.status == s) for s in STATUSES}
    unread = count["ERROR"] + len(errors)
    details = _verdict_details(controls, count, unread)
    if failing:
        return Verdict("fail", f"Not compliant: {_plural(len(failing), 'control')} "
                               f"{'has' if len(failing) == 1 else 'have'} failures", details)
    if unread:
        return Verdict("error", "Inconclusive: errors prevented a complete evaluation", details)
    if not items:
        return Verdict("none", "No evidence: no control was evaluated", details)
    if count["UNKNOWN"] or count["WAIVED"]:
        return Verdict("exceptions", "Compliant with exceptions", details)
    if any(c.status == NOT_EVALUATED for c in controls):
        return Verdict("pass", "Compliant for the controls evaluated", details)
    return Verdict("pass", "Compliant", details)


def _verdict_details(controls: list[Control], count: dict[str, int], unread: int) -> list[str]:
    """One sentence per kind of problem, in the verdict's order."""
    details = []
    if count["FAIL"]:
        details.append(f"{_plural(count['FAIL'], 'resource finding')} failed.")
    if unread:
        details.append(f"{_plural(unread, 'error')} in sources, rules or waivers: part of the "
                       "evidence was not read.")
    if count["UNKNOWN"]:
        details.append(f"{_plural(count['UNKNOWN'], 'finding')} could not be verified "
                       "(UNKNOWN).")
    if count["WAIVED"]:
        details.append(f"{_plural(count['WAIVED'], 'failure')} accepted by a written waiver.")
    missing = sum(1 for c in controls if c.status == NOT_EVALUATED)
    if missing:
        details.append(f"{missing} of {len(controls)} controls were not evaluated: this scan "
                       "holds no evidence for them, which is not a pass.")
    return details


def _plural(number: int, noun: str) -> str:
    """``1 control``, ``2 controls``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _item(index: int, finding: dict[str, Any]) -> Item:
    """The view of the report's finding number ``index`` (0-based)."""
    resource = finding.get("resource") or {}
    evidence = finding.get("evidence")
    rows = ([(str(k), _json(v)) for k, v in evidence.items()] if isinstance(evidence, dict)
            else [("value", _json(evidence))] if evidence is not None else [])
    return Item(ref=f"F-{index + 1:03d}", anchor=f"finding-{index + 1}",
                rule_id=str(finding["rule_id"]), status=str(finding["status"]),
                severity=str(finding.get("severity", "")), message=str(finding.get("message", "")),
                address=str(resource.get("address", "")), type=str(resource.get("type", "")),
                location=_location(resource), context=_context(resource), evidence=rows,
                waiver=finding.get("waiver"))


def _location(resource: dict[str, Any]) -> str:
    """``file:line``, else ``account / project / region``, else the source's name."""
    if resource.get("file"):
        line = resource.get("line")
        return f"{resource['file']}:{line}" if line else str(resource["file"])
    cloud = [str(resource[k]) for k in ("account", "project", "region") if resource.get(k)]
    return " / ".join(cloud) if cloud else str(resource.get("source", ""))


def _context(resource: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of the resource's optional placement fields that are set."""
    labels = (("root_module", "root module"), ("module", "module"), ("account", "account"),
              ("project", "project"), ("region", "region"), ("source", "source"))
    return [(label, str(resource[key])) for key, label in labels if resource.get(key)]


def _json(value: Any) -> str:
    """``value`` as JSON text (escaped later, by the template)."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _controls(rules: list[Rule], items: list[Item], sources: list[str]) -> list[Control]:
    """Every rule in catalogue order, then rule IDs seen only in findings."""
    known = [rule.id for rule in rules]
    extra = sorted({i.rule_id for i in items} - set(known))
    by_id = {rule.id: rule for rule in rules}
    return [_control(rule_id, by_id.get(rule_id), [i for i in items if i.rule_id == rule_id],
                     sources) for rule_id in known + extra]


def _control(rule_id: str, rule: Rule | None, items: list[Item],
             sources: list[str]) -> Control:
    """One control with its findings: needing attention worst first, passes apart."""
    status = worst_status([i.status for i in items])
    attention = sorted((i for i in items if i.status != "PASS"),
                       key=lambda i: (STATUSES.index(i.status) if i.status in STATUSES else 9,
                                      _severity_rank(i.severity)))
    return Control(
        id=rule_id, anchor="control-" + re.sub(r"[^A-Za-z0-9_-]", "-", rule_id), rule=rule,
        title=rule.title if rule else "(rule not in this catalogue)",
        severity=rule.severity.value if rule else "",
        frameworks={k: list(rule.frameworks.get(k, [])) if rule else [] for k in FRAMEWORK_TITLES},
        status=status, counts={s: sum(1 for i in items if i.status == s) for s in STATUSES},
        attention=attention, passed=[i for i in items if i.status == "PASS"],
        note=_not_evaluated_note(rule, sources) if status == NOT_EVALUATED else "")


def _not_evaluated_note(rule: Rule | None, sources: list[str]) -> str:
    """Why a control has no finding, as far as the report can tell."""
    if rule is not None and sources and not set(rule.sources) & set(sources):
        return (f"This control reads {', '.join(rule.sources)}; this run read "
                f"{', '.join(sources)}.")
    return "No resource in scope produced evidence for this control."


def _severity_rank(severity: str) -> int:
    """critical first; an unknown severity last."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _fail_by_severity(items: list[Item]) -> dict[str, int]:
    """FAIL findings per severity, every severity present."""
    return {s: sum(1 for i in items if i.status == "FAIL" and i.severity == s)
            for s in SEVERITIES}


def _waived(item: Item, finished_at: Any) -> dict[str, Any]:
    """One row of the waivers table."""
    waiver = item.waiver if isinstance(item.waiver, dict) else {}
    until = waiver.get("until")
    where = waiver.get("file")
    if where and waiver.get("line"):
        where = f"{where}:{waiver['line']}"
    return {"item": item, "reason": _text(waiver.get("reason")),
            "owner": _text(waiver.get("owner")), "until": _text(until),
            "declared": _text(where), "expired": _before(until, finished_at)}


def _text(value: Any) -> str:
    """``value`` as text, ``None`` as the empty string."""
    return "" if value is None else str(value)


def _before(until: Any, finished_at: Any) -> bool:
    """Whether the waiver's ``until`` date lies before the run's date (unparsable: False)."""
    first, second = _date(until), _date(finished_at)
    return first is not None and second is not None and first < second


def _date(value: Any) -> date | None:
    """The date of an ISO date or timestamp string, else ``None``."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _run(run: dict[str, Any], rules: list[Rule]) -> dict[str, Any]:
    """The cover's facts; parameters with their catalogue defaults."""
    defaults = {rule.id: rule.parameters for rule in rules}
    parameters = [
        {"rule": str(rule_id), "name": str(name), "value": _json(value),
         "default": _json(defaults[rule_id][name]) if name in defaults.get(rule_id, {}) else "",
         "changed": name in defaults.get(rule_id, {}) and defaults[rule_id][name] != value}
        for rule_id, values in (run.get("parameters") or {}).items()
        if isinstance(values, dict) for name, value in values.items()]
    scope = _text(run.get("scope"))
    return {"started_at": _text(run.get("started_at")),
            "finished_at": _text(run.get("finished_at")),
            "duration": _duration(run.get("started_at"), run.get("finished_at")),
            "targets": [_display(t) for t in _as_list(run.get("targets"))],
            "sources": [_display(s) for s in _as_list(run.get("sources"))],
            "scope": scope, "scope_text": SCOPES.get(scope, ""),
            "config_file": _text(run.get("config_file")), "parameters": parameters,
            "inputs_sha256": _text(run.get("inputs_sha256"))}


def _as_list(value: Any) -> list[Any]:
    """``value`` as a list (``None``: empty; a scalar: one element)."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _display(value: Any) -> str:
    """A target or source as one line: strings as they are, mappings as ``key: value``."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_display(v)}" for k, v in value.items())
    return _json(value)


def _duration(started: Any, finished: Any) -> str:
    """``3 s`` / ``2 min 5 s`` between two ISO timestamps; empty when unknown."""
    try:
        seconds = (datetime.fromisoformat(str(finished))
                   - datetime.fromisoformat(str(started))).total_seconds()
    except (TypeError, ValueError):
        return ""
    if seconds < 0:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _prose(text: str) -> Markup:
    """Catalogue text (trusted, still escaped): paragraphs, ``*``/``-`` lists, `code`."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return Markup("\n".join(_render_lines([line.rstrip() for line in block.splitlines()])
                            for block in blocks))


def _render_lines(lines: list[str], bare_first: bool = False) -> str:
    """Runs of text become paragraphs (the first one bare inside a list item); items at this
    level become a list, their indented lines rendered the same way one level down."""
    parts: list[str] = []
    text: list[str] = []
    items: list[list[str]] = []

    def flush() -> None:
        if text:
            body = _inline(" ".join(text))
            parts.append(body if bare_first and not parts else f"<p>{body}</p>")
            text.clear()
        if items:
            parts.append("<ul>" + "".join(f"<li>{_render_lines(item, bare_first=True)}</li>"
                                          for item in items) + "</ul>")
            items.clear()

    for line in lines:
        if _LIST_ITEM.match(line):
            if text:
                flush()
            items.append([line[2:]])
        elif items and line.startswith("  "):
            items[-1].append(line[2:])
        else:
            if items:
                flush()
            text.append(line.strip())
    flush()
    return "".join(parts)


def _inline(text: str) -> str:
    """One escaped line of text with `code` spans."""
    escaped = str(escape(" ".join(text.split())))
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The Jinja environment: autoescape everywhere, undefined names are errors."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["prose"] = _prose
    return env
