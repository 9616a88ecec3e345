"""KP-CRED-01: Kling AK/SK live in a secrets manager (metadata: KP-CRED-01.toml)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kling_posture.credentials import credential_literals, is_literal_credential, secret_content
from kling_posture.engine import RuleContext
from kling_posture.kling import (
    SECRET_TYPES,
    WORKLOAD_TYPES,
    is_reference_value,
    unreadable_environment,
    workload_env,
)
from kling_posture.model import Finding, Inventory, Resource, Status
from kling_posture.redact import redact
from kling_posture.values import SymbolStr, Unknown

VERSION_VALUE = {"aws_secretsmanager_secret_version": ("secret_string", "secret_binary"),
                 "google_secret_manager_secret_version": ("secret_data",)}
WRITE_ONLY = ("secret_string_wo", "secret_data_wo", "value_wo")


def check(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """Every holder of a Kling credential value, judged."""
    yield from _symbols(inventory, ctx)
    yield from _workloads(inventory, ctx)
    yield from _ssm_parameters(inventory, ctx)
    yield from _secret_versions(inventory, ctx)


# ---- variables, tfvars values, locals, outputs ----------------------------------------------


def _symbols(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    for variable in inventory.of_type("variable"):
        if ctx.scope.is_credential_name(variable.name):
            yield _judge_symbol(ctx, variable, variable.attributes.get("default"), "default")
    for assignment in inventory.of_type("tfvars_value"):
        if ctx.scope.is_credential_name(assignment.name):
            yield _judge_symbol(ctx, assignment, assignment.attributes.get("value"), "value")
    for local in inventory.of_type("local"):
        found = list(credential_literals(ctx.scope, local.name, local.attributes.get("value")))
        if found or ctx.scope.is_credential_name(local.name):
            yield _verdict(ctx, local, found, "local value")
    for output in inventory.of_type("output"):
        finding = _judge_output(ctx, output)
        if finding is not None:
            yield finding


def _judge_symbol(ctx: RuleContext, symbol: Resource, value: Any, attribute: str) -> Finding:
    if is_literal_credential(value):
        ctx.redactor.register(str(value))
        where = "a .tfvars file" if symbol.type == "tfvars_value" else "the variable's default"
        return ctx.finding(symbol, Status.FAIL, f"Kling credential written as a literal in {where}",
                           {attribute: redact(str(value), symbol.name)})
    if isinstance(value, Unknown):
        return ctx.finding(symbol, Status.UNKNOWN, f"value cannot be read: {value.reason}",
                           {attribute: "unknown"})
    shown = "not set" if value in (None, "") else "a reference, not the key"
    return ctx.finding(symbol, Status.PASS, f"no literal credential ({attribute} {shown})",
                       {attribute: shown})


def _judge_output(ctx: RuleContext, output: Resource) -> Finding | None:
    refs = [r for r in output.meta.get("expression_refs", [])
            if ctx.scope.is_credential_name(r.split(".", 1)[1])]
    if not refs and not ctx.scope.is_credential_name(output.name):
        return None
    sensitive = output.attributes.get("sensitive")
    evidence = {"sensitive": sensitive if not isinstance(sensitive, Unknown) else "unknown",
                "exposes": refs or [output.name]}
    if sensitive is True:
        return ctx.finding(output, Status.PASS, "credential output is marked sensitive", evidence)
    value = output.attributes.get("value")
    if isinstance(value, str) and value:
        ctx.redactor.register(str(value))
    if isinstance(sensitive, Unknown):
        return ctx.finding(output, Status.UNKNOWN, "cannot tell whether the output is sensitive",
                           evidence)
    return ctx.finding(output, Status.FAIL,
                       "output exposes a Kling credential without sensitive = true", evidence)


# ---- workloads ----------------------------------------------------------------------------


def _workloads(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    secret_names = _secret_names(inventory)
    for workload in inventory.managed(*WORKLOAD_TYPES):
        if not ctx.scope.is_kling_workload(workload, inventory):
            continue
        literals: list[tuple[str, str]] = []
        unknown: list[str] = []
        references: list[str] = []
        forwarded: list[str] = []
        for name, value in workload_env(workload):
            if not ctx.scope.is_credential_name(name):
                found = list(credential_literals(ctx.scope, name, secret_content(value)))
                literals.extend(found)
                continue
            if isinstance(value, SymbolStr):
                forwarded.append(f"{name} from {value.origin}")
            elif is_reference_value(value) or (isinstance(value, str) and value in secret_names):
                references.append(name)
            elif isinstance(value, Unknown):
                unknown.append(f"{name}: {value.reason}")
            elif is_literal_credential(value):
                literals.append((name, str(value)))
        whole = unreadable_environment(workload)
        if whole is not None:
            unknown.append(f"the whole environment: {whole.reason}")
        if literals:
            yield _verdict(ctx, workload, literals, "environment")
        elif unknown:
            yield ctx.finding(workload, Status.UNKNOWN,
                              "a Kling credential environment variable cannot be read",
                              {"unknown": unknown, "by_reference": references})
        elif references:
            yield ctx.finding(workload, Status.PASS, "Kling credentials passed by reference",
                              {"by_reference": references, "forwarded": forwarded})
        elif not forwarded and workload.type in WORKLOAD_TYPES[:2] + WORKLOAD_TYPES[5:]:
            yield ctx.finding(workload, Status.PASS,
                              "no Kling credential value in the workload's configuration",
                              {"credential_variables": []})


def _secret_names(inventory: Inventory) -> set[str]:
    names: set[str] = set()
    for secret in inventory.of_type(*SECRET_TYPES):
        for key in ("name", "secret_id"):
            value = secret.attributes.get(key)
            if isinstance(value, str):
                names.add(str(value))
    return names


# ---- SSM parameters and secret versions -------------------------------------------------------


def _ssm_parameters(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    for parameter in inventory.managed("aws_ssm_parameter"):
        name = parameter.attributes.get("name")
        label = name if isinstance(name, str) else parameter.name
        if not (ctx.scope.is_credential_name(label) or ctx.scope.is_credential_name(
                parameter.name)):
            continue
        kind = parameter.attributes.get("type")
        value = parameter.attributes.get("value", parameter.attributes.get("insecure_value"))
        evidence: dict[str, Any] = {"type": kind if isinstance(kind, str) else "unknown"}
        if is_literal_credential(value):
            ctx.redactor.register(str(value))
            evidence["value"] = redact(str(value), label)
            yield ctx.finding(parameter, Status.FAIL,
                              "Kling credential written as a literal parameter value", evidence)
        elif isinstance(kind, Unknown):
            yield ctx.finding(parameter, Status.UNKNOWN, "parameter type cannot be read",
                              evidence)
        elif kind != "SecureString":
            yield ctx.finding(parameter, Status.FAIL,
                              f"Kling credential stored as a plain {kind} parameter", evidence)
        else:
            yield ctx.finding(parameter, Status.PASS, "SecureString with no literal value",
                              evidence)


def _secret_versions(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    secrets = {s.address: s for s in inventory.of_type(*SECRET_TYPES)}
    for version in inventory.managed(*VERSION_VALUE):
        parent = version.attributes.get("secret_id", version.attributes.get("secret"))
        refs = parent.refs if isinstance(parent, Unknown) else ()
        owner = next((secrets[r] for r in refs if r in secrets), None)
        in_scope = ctx.scope.all or (owner is not None and ctx.scope.is_kling_secret(owner)) or (
            isinstance(parent, str) and "kling" in parent.lower())
        if not in_scope:
            continue
        written = {k: version.attributes[k] for k in VERSION_VALUE[version.type]
                   if version.attributes.get(k) is not None}
        literals = [(k, s) for k, v in written.items() for _, s in
                    credential_literals(ctx.scope, k, secret_content(v), every_string=True)]
        if literals:
            yield _verdict(ctx, version, literals, "secret version")
        elif any(isinstance(v, Unknown) and not v.refs and "variable" not in v.reason
                 for v in written.values()):
            yield ctx.finding(version, Status.UNKNOWN, "secret value cannot be read",
                              {k: "unknown" for k in written})
        else:
            write_only = any(version.attributes.get(k) is not None for k in WRITE_ONLY)
            how = ("written through a write-only attribute" if write_only
                   else "not a literal" if written else "written out of band")
            yield ctx.finding(version, Status.PASS, f"secret value is {how}",
                              {k: "not a literal" for k in written} or {"value": how})


# ---- shared -----------------------------------------------------------------------------------


def _verdict(ctx: RuleContext, resource: Resource, literals: list[tuple[str, str]],
             where: str) -> Finding:
    if not literals:
        return ctx.finding(resource, Status.PASS, f"no literal Kling credential in the {where}",
                           {})
    for _name, value in literals:
        ctx.redactor.register(value)
    names = sorted({name for name, _ in literals})
    return ctx.finding(resource, Status.FAIL,
                       f"Kling credential written as a literal in the {where}: {', '.join(names)}",
                       {name: redact(value, name) for name, value in literals})
