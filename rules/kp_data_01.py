"""KP-DATA-01: generated videos are stored privately, with a retention policy (metadata:
KP-DATA-01.toml).

One finding per Kling bucket, on the bucket, over its sub-checks: S3 public access block, ACL,
bucket policy and lifecycle expiration; GCS public access prevention, uniform bucket-level
access, delete lifecycle rule or retention policy, and IAM grants to the public.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kling_posture.engine import RuleContext
from kling_posture.graph import Graph, split_blocks
from kling_posture.kling import WORKLOAD_TYPES, mentions_kling, workload_env
from kling_posture.model import Finding, Inventory, Resource, Status
from kling_posture.values import Unknown, as_bool, decoded_json, iter_unknowns, shown

S3_BUCKET = "aws_s3_bucket"
GCS_BUCKET = "google_storage_bucket"
PUBLIC_ACCESS_SETTINGS = ("block_public_acls", "block_public_policy", "ignore_public_acls",
                          "restrict_public_buckets")
PUBLIC_CANNED_ACLS = ("public-read", "public-read-write", "authenticated-read")
PUBLIC_GROUP_URIS = ("http://acs.amazonaws.com/groups/global/AllUsers",
                     "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")
PUBLIC_MEMBERS = ("allusers", "allauthenticatedusers")
RESTRICTING_CONDITION_KEYS = frozenset({
    "aws:sourceip", "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner",
    "aws:sourceaccount", "aws:userid", "aws:principalorgid", "aws:principalaccount",
    "aws:principalarn", "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "s3:dataaccesspointarn", "s3:dataaccesspointaccount"})
RESTRICTING_OPERATORS = frozenset({"StringEquals", "StringEqualsIgnoreCase", "StringLike",
                                   "ArnEquals", "ArnLike", "IpAddress"})
OPEN_CONDITION_VALUES = ("*", "0.0.0.0/0", "::/0")
LIVE_OBJECT_CONDITIONS = ("age", "created_before", "custom_time_before", "days_since_custom_time")
GCS_IAM_TYPES = ("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding",
                 "google_storage_bucket_iam_policy")


@dataclass
class Part:
    """One sub-check: ``ok`` True / False, or an :class:`Unknown`; ``value`` is the evidence."""

    name: str
    ok: bool | Unknown
    value: Any
    problem: str = ""


def check(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """Each Kling bucket (every bucket with --scope all), judged on privacy and retention."""
    graph = Graph(inventory)
    for bucket in inventory.managed(S3_BUCKET, GCS_BUCKET):
        if _in_scope(bucket, inventory, ctx):
            yield _judge_bucket(ctx, graph, bucket)


def _judge_bucket(ctx: RuleContext, graph: Graph, bucket: Resource) -> Finding:
    """One bucket's finding over its cloud's four sub-checks."""
    broken = bucket.attributes.get("__unknown__")
    if isinstance(broken, Unknown):
        return ctx.finding(bucket, Status.UNKNOWN, f"cannot tell: {broken.reason}")
    if bucket.type == S3_BUCKET:
        parts = _s3_parts(graph, bucket)
        expiry = parts[-1].value if isinstance(parts[-1].value, dict) else {}
        after = (f" after {expiry['days']} days" if "days" in expiry
                 else f" on {expiry['date']}" if "date" in expiry else "")
        passed = ("private (all four public access block settings on, no public ACL or bucket "
                  f"policy); objects expire{after}")
    else:
        parts = _gcs_parts(graph, bucket)
        retention = parts[2].value if isinstance(parts[2].value, dict) else {}
        how = "a retention policy" if "retention_policy" in retention else "a Delete lifecycle rule"
        passed = ("private (public access prevention enforced, uniform bucket-level access, no "
                  f"public IAM grant); retention by {how}")
    return _verdict(ctx, bucket, parts, passed)


# ---- scope ------------------------------------------------------------------------------------


def _in_scope(bucket: Resource, inventory: Inventory, ctx: RuleContext) -> bool:
    """Named, tagged or labelled for Kling, or written to by a Kling workload's environment
    (``OUTPUT_BUCKET = aws_s3_bucket.videos.id``); every bucket with --scope all."""
    if ctx.scope.all or mentions_kling(bucket):
        return True
    names = _bucket_names(bucket)
    for workload in inventory.managed(*WORKLOAD_TYPES):
        if workload.root_dir != bucket.root_dir or not ctx.scope.is_kling_workload(workload,
                                                                                  inventory):
            continue
        for _name, value in workload_env(workload):
            if _points_at(value, bucket, names):
                return True
    return False


def _bucket_names(bucket: Resource) -> set[str]:
    """The ways a workload's environment may name the bucket."""
    name = bucket.attributes.get("bucket" if bucket.type == S3_BUCKET else "name")
    if not isinstance(name, str) or not name:
        return set()
    return {name, f"s3://{name}", f"gs://{name}", f"arn:aws:s3:::{name}"}


def _points_at(value: Any, bucket: Resource, names: set[str]) -> bool:
    """An environment value naming the bucket (name, ``s3://`` / ``gs://`` URL, ARN) or
    derived from it by reference."""
    if isinstance(value, str):
        text = value.rstrip("/")
        return text in names or any(text.startswith(n + "/") for n in names if ":" in n)
    return any(bucket.address in u.refs or bucket.base_address in u.refs
               for u in iter_unknowns(value))


# ---- shared -----------------------------------------------------------------------------------


def _verdict(ctx: RuleContext, bucket: Resource, parts: list[Part], passed: str) -> Finding:
    """FAIL when a known sub-check fails, else UNKNOWN when one is unknown, else PASS."""
    evidence: dict[str, Any] = {p.name: p.value for p in parts}
    failed = [p for p in parts if p.ok is False]
    unknown = [p for p in parts if isinstance(p.ok, Unknown)]
    if failed:
        evidence["failed_checks"] = [p.name for p in failed]
    if unknown:
        evidence["unknown_checks"] = [p.name for p in unknown]
    if failed:
        also = f" (also unknown: {', '.join(p.name for p in unknown)})" if unknown else ""
        return ctx.finding(bucket, Status.FAIL,
                           "; ".join(p.problem for p in failed) + also, evidence)
    if unknown:
        return ctx.finding(bucket, Status.UNKNOWN,
                           "cannot tell: " + "; ".join(p.problem for p in unknown), evidence)
    return ctx.finding(bucket, Status.PASS, passed, evidence)


def _attr(resource: Resource, key: str) -> Any:
    """``resource``'s attribute; None where it is only the provider's own computed value (a plan
    marks an attribute the configuration does not set, such as a bucket's legacy ``acl`` or
    ``policy``, as unknown until apply: nothing in the code sets it)."""
    value = resource.attributes.get(key)
    if isinstance(value, Unknown) and not value.refs and value.attributes and all(
            a.startswith(resource.address + ".") for a in value.attributes):
        return None
    return value


def _related(graph: Graph, bucket: Resource, types: tuple[str, ...],
             attribute: str = "bucket") -> tuple[list[Resource], list[Resource]]:
    """Resources of ``types`` attached to ``bucket`` and those whose target bucket cannot be
    resolved (they may be attached to it)."""
    attached = graph.referrers(bucket, types, attribute)
    unresolved = []
    for other in graph.inventory.managed(*types):
        if other.root_dir != bucket.root_dir or other in attached:
            continue
        resolved = graph.resolve(other.attributes.get(attribute), other, (bucket.type,))
        if not resolved.targets and any(isinstance(u, Unknown) for u in resolved.unresolved):
            unresolved.append(other)
    return attached, unresolved


def _maybe(unresolved: list[Resource], what: str) -> Unknown:
    """The unknown of an attachment whose bucket cannot be resolved."""
    return Unknown(f"{what} {unresolved[0].address} targets a bucket that cannot be resolved; "
                   "it may be this one", (unresolved[0].address,))


# ---- AWS S3 -----------------------------------------------------------------------------------


def _s3_parts(graph: Graph, bucket: Resource) -> list[Part]:
    """The four S3 sub-checks."""
    return [_public_access_block(graph, bucket), _s3_acl(graph, bucket),
            _s3_policy(graph, bucket), _s3_expiration(graph, bucket)]


def _public_access_block(graph: Graph, bucket: Resource) -> Part:
    """All four settings on, from the bucket's public access block or the account's."""
    name = "public_access_block"
    blocks, unresolved = _related(graph, bucket, ("aws_s3_bucket_public_access_block",))
    accounts = [a for a in graph.inventory.managed("aws_s3_account_public_access_block")
                if a.root_dir == bucket.root_dir]
    sources = blocks + accounts
    if not sources:
        if unresolved:
            reason = _maybe(unresolved, "public access block")
            return Part(name, reason, "unknown", reason.reason)
        return Part(name, False, None, "no public access block (bucket or account)")
    settings = {key: _any_true([_strict_bool(_attr(s, key), False) for s in sources])
                for key in PUBLIC_ACCESS_SETTINGS}
    value = {**{k: shown(v) for k, v in settings.items()},
             "from": [s.address for s in sources]}
    off = [k for k, v in settings.items() if v is False]
    unknown = [(k, v) for k, v in settings.items() if isinstance(v, Unknown)]
    if off and unresolved:
        reason = _maybe(unresolved, "public access block")
        return Part(name, reason, value, reason.reason)
    if off:
        return Part(name, False, value, f"public access block settings off: {', '.join(off)}")
    if unknown:
        return Part(name, unknown[0][1], value, f"{unknown[0][0]} unknown: "
                    f"{unknown[0][1].reason}")
    return Part(name, True, value)


def _any_true(values: list[bool | Unknown]) -> bool | Unknown:
    """The effective setting: on when any level turns it on."""
    if any(v is True for v in values):
        return True
    return next((v for v in values if isinstance(v, Unknown)), False)


def _s3_acl(graph: Graph, bucket: Resource) -> Part:
    """No canned public ACL and no grant to AllUsers / AuthenticatedUsers."""
    name = "public_acl"
    acls, unresolved = _related(graph, bucket, ("aws_s3_bucket_acl",))
    read: dict[str, Any] = {}
    public: list[str] = []
    unknown: list[Unknown] = []
    for holder in [*acls, bucket]:
        verdict, shown = _acl_of(holder)
        if shown is None:
            continue
        read[holder.address] = shown
        if verdict is True:
            public.append(f"{holder.address}: {shown}")
        elif isinstance(verdict, Unknown):
            unknown.append(verdict)
    for other in unresolved:
        verdict, _ = _acl_of(other)
        if verdict is not False:
            unknown.append(_maybe([other], "ACL"))
    if public:
        return Part(name, False, read, f"public ACL: {'; '.join(public)}")
    if unknown:
        return Part(name, unknown[0], read, f"ACL unknown: {unknown[0].reason}")
    return Part(name, True, read or "none (private by default)")


def _acl_of(holder: Resource) -> tuple[bool | Unknown, Any]:
    """(public?, what was read) of an ``aws_s3_bucket_acl`` or a bucket's legacy inline ACL."""
    acl = _attr(holder, "acl")
    if isinstance(acl, Unknown):
        return acl, "unknown"
    grants = _grant_uris(holder)
    if isinstance(grants, Unknown):
        return grants, acl if isinstance(acl, str) else "grants unknown"
    public_grants = [g for g in grants if g in PUBLIC_GROUP_URIS]
    if public_grants:
        return True, f"grants to {', '.join(g.rsplit('/', 1)[-1] for g in public_grants)}"
    if isinstance(acl, str):
        return acl in PUBLIC_CANNED_ACLS, acl
    return False, ("grants to named accounts only" if grants else None)


def _grant_uris(holder: Resource) -> list[str] | Unknown:
    """Grantee group URIs of ``access_control_policy.grant`` (or legacy inline ``grant``)."""
    grants, unknown = split_blocks(_attr(holder, "grant"))
    for policy in split_blocks(_attr(holder, "access_control_policy"))[0]:
        more, missing = split_blocks(policy.get("grant"))
        grants += more
        unknown += missing
    uris: list[str] = []
    for grant in grants:
        grantees = split_blocks(grant.get("grantee"))[0] or [grant]
        for grantee in grantees:
            uri = grantee.get("uri")
            if isinstance(uri, Unknown):
                return uri
            if isinstance(uri, str):
                uris.append(uri)
    if unknown and not any(u in PUBLIC_GROUP_URIS for u in uris):
        return unknown[0]
    return uris


def _s3_policy(graph: Graph, bucket: Resource) -> Part:
    """No Allow statement to everyone (``*``) without a condition that restricts who."""
    name = "public_policy"
    policies, unresolved = _related(graph, bucket, ("aws_s3_bucket_policy",))
    holders = [*policies] + ([bucket] if _attr(bucket, "policy") is not None else [])
    public: list[str] = []
    unknown: list[Unknown] = []
    for holder in holders:
        found, missing = _public_statements(graph, holder)
        public += found
        unknown += missing
    for other in unresolved:
        found, missing = _public_statements(graph, other)
        if found or missing:
            unknown.append(_maybe([other], "bucket policy"))
    value = {"policies": [h.address for h in holders], "public_statements": public}
    if public:
        return Part(name, False, value, f"public bucket policy: {'; '.join(public)}")
    if unknown:
        return Part(name, unknown[0], value, f"bucket policy unknown: {unknown[0].reason}")
    return Part(name, True, value)


def _public_statements(graph: Graph, holder: Resource) -> tuple[list[str], list[Unknown]]:
    """Descriptions of the public statements of ``holder.policy``, and what is unknown."""
    statements, unknown = _statements(graph, holder, _attr(holder, "policy"), 0)
    public: list[str] = []
    for index, statement in enumerate(statements):
        verdict = _statement_public(statement)
        label = statement.get("Sid") if isinstance(statement.get("Sid"), str) else index
        if verdict is True:
            public.append(f"{holder.address} statement {label}")
        elif isinstance(verdict, Unknown):
            unknown.append(verdict)
    return public, unknown


def _statements(graph: Graph, holder: Resource, policy: Any,
                depth: int) -> tuple[list[dict[str, Any]], list[Unknown]]:
    """Statements of a policy given as JSON text, ``jsonencode`` or an
    ``aws_iam_policy_document`` data source (followed with its source documents)."""
    data = decoded_json(policy)
    if isinstance(data, Unknown):
        documents = graph.resolve(data, holder, ("aws_iam_policy_document",))
        if depth > 3 or not documents.targets or not documents.complete:
            return [], [data]
        statements: list[dict[str, Any]] = []
        unknown: list[Unknown] = []
        for document in documents.targets:
            more, missing = _document_statements(graph, document, depth)
            statements += more
            unknown += missing
        return statements, unknown
    if not isinstance(data, dict):
        return [], ([] if data is None else [Unknown("policy is not a JSON object")])
    raw = data.get("Statement")
    if isinstance(raw, Unknown):
        return [], [raw]
    items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    return [s for s in items if isinstance(s, dict)], [s for s in items if isinstance(s, Unknown)]


def _document_statements(graph: Graph, document: Resource,
                         depth: int) -> tuple[list[dict[str, Any]], list[Unknown]]:
    """An ``aws_iam_policy_document``'s statements in policy JSON form."""
    blocks, unknown = split_blocks(document.attributes.get("statement"))
    statements = [_json_statement(b) for b in blocks]
    for key in ("source_policy_documents", "override_policy_documents"):
        sources = document.attributes.get(key)
        if isinstance(sources, Unknown):
            unknown.append(sources)
            continue
        for source in sources if isinstance(sources, list) else []:
            more, missing = _statements(graph, document, source, depth + 1)
            statements += more
            unknown += missing
    return statements, unknown


def _json_statement(block: dict[str, Any]) -> dict[str, Any]:
    """A policy document ``statement`` block as a JSON policy statement."""
    effect = block.get("effect")
    statement: dict[str, Any] = {"Effect": "Allow" if effect is None else effect}
    if isinstance(block.get("sid"), str):
        statement["Sid"] = block["sid"]
    for key, json_key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        principals, unknown = split_blocks(block.get(key))
        if unknown:
            statement[json_key] = unknown[0]
        elif principals:
            statement[json_key] = {p.get("type"): p.get("identifiers") for p in principals}
    condition = _json_condition(block.get("condition"))
    if condition:
        statement["Condition"] = condition
    return statement


def _json_condition(value: Any) -> dict[str, Any] | Unknown | None:
    """Policy document ``condition`` blocks as a JSON ``Condition`` (operator → key → values)."""
    conditions, unknown = split_blocks(value)
    if unknown:
        return unknown[0]
    result: dict[str, dict[str, Any]] = {}
    for condition in conditions:
        test, variable = condition.get("test"), condition.get("variable")
        for part in (test, variable):
            if isinstance(part, Unknown):
                return part
        result.setdefault(str(test), {})[str(variable)] = condition.get("values")
    return result or None


def _statement_public(statement: dict[str, Any]) -> bool | Unknown:
    """An Allow to everyone (``Principal "*"``, ``{"AWS": "*"}`` or a ``NotPrincipal``) that
    no condition restricts to fixed sources or principals."""
    effect = statement.get("Effect")
    if isinstance(effect, Unknown):
        return effect
    if effect != "Allow":
        return False
    everyone = True if "NotPrincipal" in statement else _everyone(statement.get("Principal"))
    if everyone is not True:
        return everyone
    restricted = _restricting(statement.get("Condition"))
    if isinstance(restricted, Unknown):
        return restricted
    return not restricted


def _everyone(principal: Any) -> bool | Unknown:
    """``"*"``, ``{"AWS": "*"}`` (or a list holding ``"*"``); unknown when a principal comes
    from a value the code does not tell (not from a resource's own attribute)."""
    if isinstance(principal, Unknown):
        return False if _identity(principal) else principal
    if principal == "*":
        return True
    if isinstance(principal, dict):
        for key in ("AWS", "*"):
            value = principal.get(key)
            if isinstance(value, Unknown) and not _identity(value):
                return value
            values = value if isinstance(value, list) else [value]
            if "*" in [v for v in values if isinstance(v, str)]:
                return True
    return False


def _restricting(condition: Any) -> bool | Unknown:
    """A condition that limits a statement to fixed sources or principals (S3's own test of a
    non-public policy: aws:SourceIp, aws:SourceArn, aws:SourceVpc(e), aws:SourceAccount, ...)."""
    if condition is None:
        return False
    if isinstance(condition, Unknown):
        return condition
    if not isinstance(condition, dict):
        return False
    for operator, tests in condition.items():
        op = str(operator).removeprefix("ForAnyValue:")
        if op not in RESTRICTING_OPERATORS or not isinstance(tests, dict):
            continue
        for key, values in tests.items():
            if str(key).lower() in RESTRICTING_CONDITION_KEYS and _fixed(values):
                return True
    return False


def _fixed(values: Any) -> bool:
    """Fixed values (no bare wildcard); a reference to another resource's attribute is fixed."""
    items = values if isinstance(values, list) else [values]
    if not items:
        return False
    for item in items:
        if isinstance(item, Unknown):
            if not item.refs:
                return False
        elif not isinstance(item, str) or item in OPEN_CONDITION_VALUES:
            return False
    return True


def _s3_expiration(graph: Graph, bucket: Resource) -> Part:
    """An Enabled lifecycle rule with an ``expiration`` (days or date)."""
    name = "lifecycle_expiration"
    configs, unresolved = _related(graph, bucket, ("aws_s3_bucket_lifecycle_configuration",))
    candidates: list[tuple[str, dict[str, Any], Any, Any]] = []
    unknown: list[Unknown] = []
    for config in configs:
        rules, missing = split_blocks(config.attributes.get("rule"))
        candidates += [(config.address, r, r.get("status"), "Enabled") for r in rules]
        unknown += missing
    rules, missing = split_blocks(_attr(bucket, "lifecycle_rule"))
    candidates += [(bucket.address, r, _strict_bool(r.get("enabled"), False), True) for r in rules]
    unknown += missing
    for address, rule, status, expected in candidates:
        verdict, value = _expires(rule, status, expected)
        if verdict is True:
            return Part(name, True, {"from": address, **value})
        if isinstance(verdict, Unknown):
            unknown.append(verdict)
    if unknown:
        return Part(name, unknown[0], "unknown", f"lifecycle unknown: {unknown[0].reason}")
    if unresolved:
        reason = _maybe(unresolved, "lifecycle configuration")
        return Part(name, reason, "unknown", reason.reason)
    problem = ("no enabled lifecycle rule expires objects (expiration days or date)"
               if candidates else "no lifecycle expiration rule")
    return Part(name, False, None, problem)


def _expires(rule: dict[str, Any], status: Any,
             expected: Any) -> tuple[bool | Unknown, dict[str, Any]]:
    """Is the rule on (``status`` equals ``expected``) with an expiration by days or date?"""
    if isinstance(status, Unknown):
        return status, {}
    if status != expected:
        return False, {}
    expirations, unknown = split_blocks(rule.get("expiration"))
    if unknown:
        return unknown[0], {}
    for expiration in expirations:
        for key in ("days", "date"):
            value = expiration.get(key)
            if isinstance(value, Unknown):
                return value, {}
            if value not in (None, "", 0):
                label = rule.get("id") if isinstance(rule.get("id"), str) else None
                return True, {"rule": label, key: value, **_prefix(rule)}
    return False, {}


def _prefix(rule: dict[str, Any]) -> dict[str, Any]:
    """The key prefix a lifecycle rule is limited to, when it is (shown in the evidence)."""
    prefix = rule.get("prefix")
    for block in split_blocks(rule.get("filter"))[0]:
        prefix = block.get("prefix", prefix)
        for nested in split_blocks(block.get("and"))[0]:
            prefix = nested.get("prefix", prefix)
    return {"prefix": shown(prefix)} if prefix not in (None, "") else {}


# ---- GCP Cloud Storage ------------------------------------------------------------------------


def _gcs_parts(graph: Graph, bucket: Resource) -> list[Part]:
    """The four Cloud Storage sub-checks."""
    return [_prevention(bucket), _uniform_access(bucket), _gcs_retention(bucket),
            _gcs_public_iam(graph, bucket)]


def _prevention(bucket: Resource) -> Part:
    """``public_access_prevention = "enforced"``."""
    name = "public_access_prevention"
    value = _attr(bucket, "public_access_prevention")
    if isinstance(value, Unknown):
        return Part(name, value, "unknown", f"{name} unknown: {value.reason}")
    if value == "enforced":
        return Part(name, True, value)
    shown = value if value is not None else "inherited (default)"
    return Part(name, False, shown, f"public access prevention is not enforced: {shown}")


def _uniform_access(bucket: Resource) -> Part:
    """``uniform_bucket_level_access = true``."""
    name = "uniform_bucket_level_access"
    value = _strict_bool(_attr(bucket, name), False)
    if isinstance(value, Unknown):
        return Part(name, value, "unknown", f"{name} unknown: {value.reason}")
    return Part(name, value, value, "uniform bucket-level access is off (object ACLs apply)")


def _gcs_retention(bucket: Resource) -> Part:
    """A Delete lifecycle rule on live objects, or a retention policy."""
    name = "retention"
    policies, unknown = split_blocks(_attr(bucket, "retention_policy"))
    if policies:
        period = policies[0].get("retention_period")
        return Part(name, True, {"retention_policy": {"retention_period": shown(period)}})
    rules, missing = split_blocks(_attr(bucket, "lifecycle_rule"))
    unknown += missing
    found_delete = False
    for rule in rules:
        verdict, condition = _deletes_live_objects(rule)
        if verdict is True:
            return Part(name, True, {"lifecycle_delete": condition})
        if isinstance(verdict, Unknown):
            unknown.append(verdict)
        found_delete = found_delete or condition is not None
    if unknown:
        return Part(name, unknown[0], "unknown", f"lifecycle unknown: {unknown[0].reason}")
    problem = ("the Delete lifecycle rules only remove noncurrent versions; no rule deletes "
               "live objects and there is no retention policy" if found_delete
               else "no Delete lifecycle rule and no retention policy")
    return Part(name, False, None, problem)


def _deletes_live_objects(rule: dict[str, Any]) -> tuple[bool | Unknown, Any]:
    """(does the rule delete live objects?, its condition when it is a Delete rule)."""
    actions, unknown = split_blocks(rule.get("action"))
    if unknown:
        return unknown[0], None
    kinds = [a.get("type") for a in actions]
    kind = next((k for k in kinds if isinstance(k, Unknown)), None)
    if kind is not None:
        return kind, None
    if "Delete" not in kinds:
        return False, None
    conditions, unknown = split_blocks(rule.get("condition"))
    if unknown:
        return unknown[0], {}
    for condition in conditions:
        state = condition.get("with_state")
        if isinstance(state, Unknown):
            return state, shown(condition)
        set_keys = {k: v for k, v in condition.items()
                    if k in LIVE_OBJECT_CONDITIONS and v not in (None, "", [])}
        if set_keys and state != "ARCHIVED":
            for value in set_keys.values():
                if isinstance(value, Unknown):
                    return value, shown(set_keys)
            return True, shown(set_keys)
    return False, {k: shown(v) for c in conditions for k, v in c.items() if v is not None}


def _gcs_public_iam(graph: Graph, bucket: Resource) -> Part:
    """No IAM grant to allUsers or allAuthenticatedUsers on the bucket."""
    name = "public_iam"
    grants, unresolved = _related(graph, bucket, GCS_IAM_TYPES)
    public: dict[str, list[str]] = {}
    unknown: list[Unknown] = []
    for grant in grants:
        members, missing = _iam_members(graph, grant)
        unknown += missing
        found = [m for m in members if m.lower() in PUBLIC_MEMBERS]
        if found:
            public[grant.address] = found
    for other in unresolved:
        members, missing = _iam_members(graph, other)
        if missing or any(m.lower() in PUBLIC_MEMBERS for m in members):
            unknown.append(_maybe([other], "IAM grant"))
    value = {"grants": [g.address for g in grants], "public_members": public}
    if public:
        listed = "; ".join(f"{a}: {', '.join(m)}" for a, m in public.items())
        return Part(name, False, value, f"bucket readable by the public: {listed}")
    if unknown:
        return Part(name, unknown[0], value, f"IAM members unknown: {unknown[0].reason}")
    return Part(name, True, value)


def _iam_members(graph: Graph, grant: Resource) -> tuple[list[str], list[Unknown]]:
    """Members of an IAM member / binding / policy resource."""
    attributes = grant.attributes
    if grant.type.endswith("_iam_member"):
        return _strings([attributes.get("member")])
    if grant.type.endswith("_iam_binding"):
        return _strings(attributes.get("members"))
    data = attributes.get("policy_data")
    if isinstance(data, Unknown) and data.structure is None:
        documents = graph.resolve(data, grant, ("google_iam_policy",))
        if not documents.targets or not documents.complete:
            return [], [data]
        members: list[str] = []
        unknown: list[Unknown] = []
        for document in documents.targets:
            bindings, missing = split_blocks(document.attributes.get("binding"))
            unknown += missing
            for binding in bindings:
                found, more = _strings(binding.get("members"))
                members += found
                unknown += more
        return members, unknown
    return _json_members(decoded_json(data))


def _json_members(data: Any) -> tuple[list[str], list[Unknown]]:
    """Members of the bindings of a policy_data JSON."""
    if isinstance(data, Unknown):
        return [], [data]
    bindings = data.get("bindings") if isinstance(data, dict) else None
    if isinstance(bindings, Unknown):
        return [], [bindings]
    members: list[str] = []
    unknown: list[Unknown] = []
    for binding in bindings if isinstance(bindings, list) else []:
        if isinstance(binding, dict):
            found, more = _strings(binding.get("members"))
            members += found
            unknown += more
    return members, unknown


def _strings(values: Any) -> tuple[list[str], list[Unknown]]:
    """Known members, and the unknown ones that could still be public."""
    if isinstance(values, Unknown):
        return [], ([] if _identity(values) else [values])
    items = values if isinstance(values, (list, tuple)) else [values]
    return ([str(v) for v in items if isinstance(v, str)],
            [v for v in items if isinstance(v, Unknown) and not _identity(v)])


def _identity(value: Unknown) -> bool:
    """An apply-time attribute of a resource (a service account's email, a role's ARN) names
    one principal: never ``*``, ``allUsers`` or ``allAuthenticatedUsers``."""
    return bool(value.attributes)


def _strict_bool(value: Any, default: bool) -> bool | Unknown:
    """A boolean attribute as Terraform converts it; anything else is false."""
    converted = as_bool(value, default)
    return False if converted is None else converted
