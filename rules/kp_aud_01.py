"""KP-AUD-01: access to Kling secrets is audit-logged (metadata: KP-AUD-01.toml).

AWS: every CloudTrail trail of an evaluation that holds Kling secrets is judged (multi-region,
log file validation, logging on, management read events kept by its event selectors).
GCP: every audit config (or authoritative IAM policy) that covers Secret Manager is judged for
``DATA_READ``.  Where Kling secrets exist but nothing in the scanned code logs their access, one
UNKNOWN finding sits on the first Kling secret of that evaluation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kling_posture.engine import RuleContext
from kling_posture.graph import Graph, split_blocks
from kling_posture.model import Finding, Inventory, Resource, Status
from kling_posture.values import Unknown, as_bool, decoded_json, shown

AWS_SECRET = "aws_secretsmanager_secret"
GCP_SECRET = "google_secret_manager_secret"
AUDIT_CONFIG_TYPES = {"google_organization_iam_audit_config": "organization",
                      "google_folder_iam_audit_config": "folder",
                      "google_project_iam_audit_config": "project"}
IAM_POLICY_TYPES = {"google_organization_iam_policy": "organization",
                    "google_folder_iam_policy": "folder",
                    "google_project_iam_policy": "project"}
PARENT_KEY = {"organization": "org_id", "folder": "folder", "project": "project"}
LEVEL_RANK = {"organization": 0, "folder": 1, "project": 2}
SECRET_MANAGER = "secretmanager.googleapis.com"
AUDITED_SERVICES = (SECRET_MANAGER, "allServices")
NO_TRAIL = ("no CloudTrail in the scanned code; audit logging of secret access cannot be "
            "verified (it is often managed in a separate account)")
NO_AUDIT_CONFIG = ("no audit config for Secret Manager in the scanned code; DATA_READ logging of "
                   "secret access cannot be verified (it is often managed at the organization "
                   "or folder level, in a separate configuration)")
DEFAULT_SELECTORS = "none: the default, all management events (read and write)"
SECRETSMANAGER_SOURCE = "secretsmanager.amazonaws.com"


@dataclass
class Part:
    """One sub-check of a verdict: ``ok`` True / False, or an :class:`Unknown`."""

    name: str
    ok: bool | Unknown
    value: Any
    problem: str = ""


def check(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """Trails and audit configs of every evaluation that holds Kling secrets (all with --scope
    all), and one UNKNOWN where such an evaluation has none."""
    yield from _aws(inventory, ctx)
    yield from _gcp(inventory, ctx, Graph(inventory))


# ---- shared -----------------------------------------------------------------------------------


def _kling_secrets(inventory: Inventory, ctx: RuleContext, rtype: str,
                   root_dir: str | None) -> list[Resource]:
    """Kling secrets of one evaluation: managed secrets first, then data sources that look one
    up, each in source order (file, line); the first anchors the "nothing logs it" finding."""
    found = [s for s in inventory.of_type(rtype)
             if s.root_dir == root_dir and s.mode in ("managed", "data")
             and ctx.scope.is_kling_secret(s)]
    return sorted(found, key=lambda s: (s.mode != "managed", s.file or "", s.line or 0,
                                        s.address))


def _root_dirs(inventory: Inventory, *types: str) -> list[str | None]:
    """The evaluations (root module folders) holding resources of ``types``, in order."""
    roots: list[str | None] = []
    for resource in inventory.of_type(*types):
        if resource.root_dir not in roots:
            roots.append(resource.root_dir)
    return roots


def _present(value: Any) -> bool:
    """Set to something (an unknown counts as set)."""
    return isinstance(value, Unknown) or value not in (None, [], "")


def _verdict(ctx: RuleContext, resource: Resource, parts: list[Part], passed: str,
             evidence: dict[str, Any]) -> Finding:
    """FAIL when a known sub-check fails, else UNKNOWN when one is unknown, else PASS."""
    failed = [p for p in parts if p.ok is False]
    unknown = [p for p in parts if isinstance(p.ok, Unknown)]
    if failed:
        also = f" (also unknown: {', '.join(p.name for p in unknown)})" if unknown else ""
        return ctx.finding(resource, Status.FAIL,
                           "; ".join(p.problem for p in failed) + also, evidence)
    if unknown:
        return ctx.finding(resource, Status.UNKNOWN,
                           "cannot tell: " + "; ".join(p.problem for p in unknown), evidence)
    return ctx.finding(resource, Status.PASS, passed, evidence)


# ---- AWS: CloudTrail --------------------------------------------------------------------------


def _aws(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """Each evaluation's trails, or one UNKNOWN on its first Kling secret without any."""
    for root in _root_dirs(inventory, AWS_SECRET, "aws_cloudtrail"):
        secrets = _kling_secrets(inventory, ctx, AWS_SECRET, root)
        trails = [t for t in inventory.managed("aws_cloudtrail") if t.root_dir == root]
        if trails and (secrets or ctx.scope.all):
            for trail in trails:
                yield _judge_trail(ctx, trail)
        elif secrets and not trails:
            yield ctx.finding(secrets[0], Status.UNKNOWN, NO_TRAIL,
                              {"aws_cloudtrail": None, "kling_secrets": len(secrets)})


def _judge_trail(ctx: RuleContext, trail: Resource) -> Finding:
    """One trail: multi-region, validated, logging, management reads kept."""
    attributes = trail.attributes
    broken = attributes.get("__unknown__")
    if isinstance(broken, Unknown):
        return ctx.finding(trail, Status.UNKNOWN, f"cannot tell: {broken.reason}")
    parts = [
        _trailas_bool(attributes, "is_multi_region_trail", False,
                    "the trail is not multi-region (is_multi_region_trail is not true)"),
        _trailas_bool(attributes, "enable_log_file_validation", False,
                    "log file validation is off (enable_log_file_validation is not true)"),
        _trailas_bool(attributes, "enable_logging", True,
                    "logging is turned off (enable_logging = false)"),
        _management_reads(attributes),
    ]
    evidence = {p.name: shown(p.value) for p in parts}
    evidence["management_read_events"] = ("logged" if parts[-1].ok is True else "unknown"
                                          if isinstance(parts[-1].ok, Unknown) else "not logged")
    return _verdict(ctx, trail, parts, "multi-region trail with log file validation that "
                    "logs management read events (GetSecretValue among them)", evidence)


def _trailas_bool(attributes: dict[str, Any], key: str, default: bool, problem: str) -> Part:
    """A boolean trail setting that must be true (``default`` when not set)."""
    raw = attributes.get(key)
    value = as_bool(raw, default)
    if isinstance(value, Unknown):
        return Part(key, value, raw, f"{key} unknown: {value.reason}")
    shown = raw if raw is not None else f"{str(default).lower()} (default)"
    return Part(key, value is True, shown, problem)


def _management_reads(attributes: dict[str, Any]) -> Part:
    """Do the trail's event selectors keep management read events?"""
    basic, basic_unknown = split_blocks(attributes.get("event_selector"))
    advanced, advanced_unknown = split_blocks(attributes.get("advanced_event_selector"))
    if not (basic or basic_unknown or advanced or advanced_unknown):
        return Part("event_selectors", True, DEFAULT_SELECTORS)
    results = [_basic_selector(s) for s in basic] + [_advanced_selector(s) for s in advanced]
    results += [(u, {"selector": "dynamic", "unknown": u.reason}) for u in
                basic_unknown + advanced_unknown]
    shown = [summary for _, summary in results]
    if any(ok is True for ok, _ in results):
        return Part("event_selectors", True, shown)
    unknown = next((ok for ok, _ in results if isinstance(ok, Unknown)), None)
    if unknown is not None:
        return Part("event_selectors", unknown, shown,
                    f"event selectors unknown: {unknown.reason}")
    return Part("event_selectors", False, shown,
                "no event selector logs management read events (GetSecretValue is not logged)")


def _basic_selector(selector: dict[str, Any]) -> tuple[bool | Unknown, dict[str, Any]]:
    """An ``event_selector``: keeps reads with All/ReadOnly and management events."""
    rw = selector.get("read_write_type")
    rw = "All" if rw is None else rw
    include = as_bool(selector.get("include_management_events"), True)
    summary = {"read_write_type": shown(rw), "include_management_events": shown(include)}
    if include is False or rw == "WriteOnly":
        return False, summary
    for value in (rw, include):
        if isinstance(value, Unknown):
            return value, summary
    return (include is True and rw in ("All", "ReadOnly")), summary


def _advanced_selector(selector: dict[str, Any]) -> tuple[bool | Unknown, dict[str, Any]]:
    """An advanced selector keeps management reads when it selects ``eventCategory`` equals
    ``Management`` without excluding read-only events or Secrets Manager as a source."""
    fields, unknown = split_blocks(selector.get("field_selector"))
    by_name: dict[str, dict[str, Any]] = {}
    summary: dict[str, Any] = {"name": shown(selector.get("name"))}
    for entry in fields:
        name = entry.get("field")
        if isinstance(name, Unknown):
            unknown.append(name)
        elif isinstance(name, str):
            by_name[name] = entry
            summary[name] = {k: shown(v) for k, v in entry.items()
                             if k != "field" and _present(v)}
    if unknown:
        return unknown[0], summary
    verdicts = [_selects_management(by_name.get("eventCategory")),
                _keeps_reads(by_name.get("readOnly")),
                _keeps_source(by_name.get("eventSource"))]
    if any(v is False for v in verdicts):
        return False, summary
    return next((v for v in verdicts if isinstance(v, Unknown)), True), summary


def _operands(entry: dict[str, Any], key: str) -> list[Any] | Unknown | None:
    """An operator's values of a ``field_selector`` as a list (None when not set)."""
    value = entry.get(key)
    if isinstance(value, Unknown):
        return value
    if value is None:
        return None
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _selects_management(entry: dict[str, Any] | None) -> bool | Unknown:
    """``eventCategory`` equals ``Management``."""
    if entry is None:
        return False
    equals = _operands(entry, "equals")
    if isinstance(equals, Unknown):
        return equals
    return equals is not None and "Management" in equals


def _keeps_reads(entry: dict[str, Any] | None) -> bool | Unknown:
    """``readOnly`` absent, ``equals ["true"]`` or ``not_equals ["false"]`` keeps reads."""
    if entry is None:
        return True
    equals = _operands(entry, "equals")
    not_equals = _operands(entry, "not_equals")
    for value in (equals, not_equals):
        if isinstance(value, Unknown):
            return value
    if isinstance(equals, list) and "true" not in [str(v).lower() for v in equals]:
        return False
    return not (isinstance(not_equals, list) and "true" in [str(v).lower() for v in not_equals])


def _keeps_source(entry: dict[str, Any] | None) -> bool | Unknown:
    """An ``eventSource`` selector must not leave out Secrets Manager."""
    if entry is None:
        return True
    equals = _operands(entry, "equals")
    not_equals = _operands(entry, "not_equals")
    for value in (equals, not_equals):
        if isinstance(value, Unknown):
            return value
    if isinstance(equals, list) and SECRETSMANAGER_SOURCE not in equals:
        return False
    return not (isinstance(not_equals, list) and SECRETSMANAGER_SOURCE in not_equals)


# ---- GCP: audit configs -----------------------------------------------------------------------


@dataclass
class AuditEntry:
    """One audit config (a resource, or an entry of an authoritative IAM policy)."""

    holder: Resource
    level: str
    parent: Any
    service: Any
    log_types: list[str] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    exempted: list[str] = field(default_factory=list)

    @property
    def relevant(self) -> bool:
        """Covers Secret Manager (or might: the service is unknown)."""
        return isinstance(self.service, Unknown) or self.service in AUDITED_SERVICES

    @property
    def data_read(self) -> bool:
        """Enables DATA_READ."""
        return "DATA_READ" in self.log_types


def _gcp(inventory: Inventory, ctx: RuleContext, graph: Graph) -> Iterator[Finding]:
    """Each evaluation's Secret Manager audit configs and IAM policies, or one UNKNOWN."""
    holders = (*AUDIT_CONFIG_TYPES, *IAM_POLICY_TYPES)
    for root in _root_dirs(inventory, GCP_SECRET, *holders):
        secrets = _kling_secrets(inventory, ctx, GCP_SECRET, root)
        if not (secrets or ctx.scope.all):
            continue
        configs = [_config_entry(c) for c in inventory.managed(*AUDIT_CONFIG_TYPES)
                   if c.root_dir == root]
        configs = [c for c in configs if c.relevant]
        policies = [p for p in inventory.managed(*IAM_POLICY_TYPES) if p.root_dir == root]
        read = {p.address: _policysplit_blocks(graph, p) for p in policies}
        every = configs + [e for entries in read.values() if not isinstance(entries, Unknown)
                           for e in entries if e.relevant]
        for config in configs:
            yield _judge_config(ctx, config, every)
        for policy in policies:
            entries = read[policy.address]
            if secrets or isinstance(entries, Unknown) or any(e.relevant for e in entries):
                yield _judge_policy(ctx, policy, entries, every)
        if secrets and not configs and not policies:
            yield ctx.finding(secrets[0], Status.UNKNOWN, NO_AUDIT_CONFIG,
                              {"audit_config": None, "kling_secrets": len(secrets)})


def _config_entry(config: Resource) -> AuditEntry:
    """An audit config resource as an :class:`AuditEntry`."""
    level = AUDIT_CONFIG_TYPES[config.type]
    entry = AuditEntry(config, level, config.attributes.get(PARENT_KEY[level]),
                       config.attributes.get("service"))
    logs, unknown = split_blocks(config.attributes.get("audit_log_config"))
    entry.unknown.extend(unknown)
    for log in logs:
        _add_log(entry, log.get("log_type"), log.get("exempted_members"))
    broken = config.attributes.get("__unknown__")
    if isinstance(broken, Unknown):
        entry.service = broken
    return entry


def _add_log(entry: AuditEntry, log_type: Any, exempted: Any) -> None:
    """Record one ``audit_log_config`` (its log type and DATA_READ exemptions)."""
    if isinstance(log_type, Unknown):
        entry.unknown.append(log_type)
    elif isinstance(log_type, str):
        entry.log_types.append(log_type)
        if log_type == "DATA_READ" and isinstance(exempted, (list, tuple)):
            entry.exempted.extend(str(m) for m in exempted)


def _policysplit_blocks(graph: Graph, policy: Resource) -> list[AuditEntry] | Unknown:
    """The audit configs of an authoritative IAM policy's ``policy_data``: a
    ``data.google_iam_policy`` it refers to, or literal JSON."""
    level = IAM_POLICY_TYPES[policy.type]
    parent = policy.attributes.get(PARENT_KEY[level])
    value = policy.attributes.get("policy_data")
    if isinstance(value, Unknown) and value.structure is None:
        documents = graph.resolve(value, policy, ("google_iam_policy",))
        if not documents.targets or not documents.complete:
            return Unknown(f"policy_data cannot be read: {value.reason}", value.refs)
        entries: list[AuditEntry] = []
        for document in documents.targets:
            configs, unknown = split_blocks(document.attributes.get("audit_config"))
            if unknown:
                return unknown[0]
            for config in configs:
                entry = AuditEntry(policy, level, parent, config.get("service"))
                logs, missing = split_blocks(config.get("audit_log_configs"))
                entry.unknown.extend(missing)
                for log in logs:
                    _add_log(entry, log.get("log_type"), log.get("exempted_members"))
                entries.append(entry)
        return entries
    return _json_policysplit_blocks(policy, level, parent, decoded_json(value))


def _json_policysplit_blocks(policy: Resource, level: str, parent: Any,
                         data: Any) -> list[AuditEntry] | Unknown:
    """Audit configs of a policy_data JSON (``auditConfigs``)."""
    if isinstance(data, Unknown):
        return data
    if not isinstance(data, dict):
        return Unknown("policy_data is not a JSON object")
    configs = data.get("auditConfigs", data.get("audit_configs", []))
    if isinstance(configs, Unknown):
        return configs
    entries: list[AuditEntry] = []
    for config in configs if isinstance(configs, list) else []:
        if not isinstance(config, dict):
            continue
        entry = AuditEntry(policy, level, parent, config.get("service"))
        logs = config.get("auditLogConfigs", config.get("audit_log_configs", []))
        if isinstance(logs, Unknown):
            entry.unknown.append(logs)
        for log in logs if isinstance(logs, list) else []:
            if isinstance(log, dict):
                _add_log(entry, log.get("logType", log.get("log_type")),
                         log.get("exemptedMembers", log.get("exempted_members")))
        entries.append(entry)
    return entries


def _covers(other: AuditEntry, entry: AuditEntry) -> bool:
    """``other`` applies to what ``entry`` configures: the same parent (GCP unions the audit
    configs of allServices and a service), or a higher level of the same configuration
    (organization and folder configs are inherited; assumed to be this project's ancestors)."""
    if other is entry or not other.data_read or isinstance(other.service, Unknown):
        return False
    if LEVEL_RANK[other.level] < LEVEL_RANK[entry.level]:
        return True
    if other.level != entry.level:
        return False
    if isinstance(other.parent, Unknown) or isinstance(entry.parent, Unknown):
        return bool(isinstance(other.parent, Unknown) and isinstance(entry.parent, Unknown)
                    and other.parent.refs and other.parent.refs == entry.parent.refs)
    return bool(other.parent == entry.parent)


def _entry_evidence(entry: AuditEntry) -> dict[str, Any]:
    """What the finding shows of an audit config."""
    evidence: dict[str, Any] = {"service": shown(entry.service),
                                "log_types": sorted(set(entry.log_types))}
    if entry.unknown:
        evidence["log_types"].append("unknown")
    if entry.exempted:
        evidence["data_read_exempted_members"] = sorted(set(entry.exempted))
    return evidence


def _judge_config(ctx: RuleContext, entry: AuditEntry, every: list[AuditEntry]) -> Finding:
    """One audit config resource's finding."""
    evidence = _entry_evidence(entry)
    return _judgesplit_blocks(ctx, entry.holder, [entry], every, evidence)


def _judgesplit_blocks(ctx: RuleContext, holder: Resource, entries: list[AuditEntry],
                   every: list[AuditEntry], evidence: dict[str, Any]) -> Finding:
    """DATA_READ on a relevant entry: PASS; else unknowns: UNKNOWN; else inherited or unioned
    DATA_READ from another config: PASS; else FAIL."""
    for entry in entries:
        if isinstance(entry.service, Unknown):
            return ctx.finding(holder, Status.UNKNOWN,
                               f"cannot tell: audit config service unknown: "
                               f"{entry.service.reason}", evidence)
    logging = [e for e in entries if e.data_read]
    if logging:
        services = ", ".join(sorted({str(e.service) for e in logging}))
        exempted = sorted({m for e in logging for m in e.exempted})
        note = f" ({len(exempted)} exempted: {', '.join(exempted)})" if exempted else ""
        return ctx.finding(holder, Status.PASS,
                           f"DATA_READ audit logs are on for {services}{note}", evidence)
    unknown = next((u for e in entries for u in e.unknown), None)
    if unknown is not None:
        return ctx.finding(holder, Status.UNKNOWN, f"cannot tell: log type unknown: "
                           f"{unknown.reason}", evidence)
    covering = [o for o in every for e in entries if o.holder is not holder and _covers(o, e)]
    if covering:
        evidence["data_read_from"] = sorted({o.holder.address for o in covering})
        return ctx.finding(holder, Status.PASS, _covered_message(covering[0], entries[0]),
                           evidence)
    services = ", ".join(sorted({str(e.service) for e in entries})) or SECRET_MANAGER
    return ctx.finding(holder, Status.FAIL,
                       f"audit config for {services} does not enable DATA_READ: reads of "
                       "secret values (AccessSecretVersion) are not logged", evidence)


def _covered_message(other: AuditEntry, entry: AuditEntry) -> str:
    """Why DATA_READ holds through another audit config."""
    if other.level != entry.level:
        return (f"DATA_READ is inherited from the {other.level} audit config "
                f"{other.holder.address} (assumed to be an ancestor of this {entry.level})")
    return (f"DATA_READ comes from {other.holder.address} (GCP applies the union of the audit "
            "configs that cover a service)")


def _judge_policy(ctx: RuleContext, policy: Resource, entries: list[AuditEntry] | Unknown,
                  every: list[AuditEntry]) -> Finding:
    """An authoritative IAM policy: its audit configs replace every other one."""
    if isinstance(entries, Unknown):
        return ctx.finding(policy, Status.UNKNOWN, f"cannot tell: {entries.reason}",
                           {"policy_data": "unknown"})
    relevant = [e for e in entries if e.relevant]
    evidence: dict[str, Any] = {"audit_configs": [_entry_evidence(e) for e in relevant]}
    if not relevant:
        level = IAM_POLICY_TYPES[policy.type]
        placeholder = AuditEntry(policy, level, policy.attributes.get(PARENT_KEY[level]),
                                 SECRET_MANAGER)
        covering = [o for o in every if o.holder is not policy and _covers(o, placeholder)
                    and o.level != level]
        if covering:
            evidence["data_read_from"] = sorted({o.holder.address for o in covering})
            return ctx.finding(policy, Status.PASS, _covered_message(covering[0], placeholder),
                               evidence)
        return ctx.finding(policy, Status.FAIL,
                           "this authoritative IAM policy replaces every audit config and sets "
                           "none with DATA_READ for Secret Manager or allServices", evidence)
    return _judgesplit_blocks(ctx, policy, relevant, every, evidence)
