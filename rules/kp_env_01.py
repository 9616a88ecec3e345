"""KP-ENV-01: separate Kling keys per environment (metadata: KP-ENV-01.toml)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kling_posture.credentials import credential_literals, is_literal_credential
from kling_posture.engine import RuleContext
from kling_posture.environments import Environment, environment_of
from kling_posture.graph import Graph
from kling_posture.kling import WORKLOAD_TYPES, mentions_kling, workload_env
from kling_posture.model import Finding, Inventory, Resource, Status
from kling_posture.values import SymbolStr, iter_unknowns

SECRET_STORES = ("aws_secretsmanager_secret", "google_secret_manager_secret", "aws_ssm_parameter")


@dataclass(frozen=True)
class Use:
    """A workload using a secret, in an environment (None: undetermined)."""

    workload: Resource
    environment: Environment | None


def check(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    """Shared secrets and repeated literal credentials across environments."""
    yield from _shared_secrets(inventory, ctx)
    yield from _repeated_literals(inventory, ctx)


# ---- one secret, several environments -------------------------------------------------------


def _shared_secrets(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    graph = Graph(inventory)
    mapping = ctx.config.environments
    holders: dict[str, list[Resource]] = {}
    uses: dict[str, list[Use]] = {}
    for secret in inventory.of_type(*SECRET_STORES):
        if _in_scope(secret, ctx):
            holders.setdefault(_identity(secret), []).append(secret)
    for workload in inventory.managed(*WORKLOAD_TYPES):
        if not ctx.scope.is_kling_workload(workload, inventory):
            continue
        use = Use(workload, environment_of(workload, mapping))
        for secret in _secrets_used(graph, workload):
            key = _identity(secret)
            if key in holders:
                uses.setdefault(key, []).append(use)
    for key, resources in sorted(holders.items()):
        for resource in resources:
            yield _verdict(ctx, resource, uses.get(key, []), mapping)


def _in_scope(secret: Resource, ctx: RuleContext) -> bool:
    if secret.type == "aws_ssm_parameter":
        name = secret.attributes.get("name")
        return ctx.scope.all or (isinstance(name, str) and ctx.scope.is_credential_name(name))
    return ctx.scope.is_kling_secret(secret)


def _identity(secret: Resource) -> str:
    """Secrets are the same resource, or share a name or ARN, across root modules."""
    for key in ("name", "secret_id", "arn"):
        value = secret.attributes.get(key)
        if isinstance(value, str) and value:
            return f"{secret.type}:{value.rsplit(':secret:', 1)[-1]}"
    return f"{secret.type}:{secret.root_dir}|{secret.address}"


def _secrets_used(graph: Graph, workload: Resource) -> list[Resource]:
    """Secrets the workload refers to: by reference anywhere in its configuration, or by name or
    ARN in its environment (``valueFrom``, ``secret_key_ref``, ``*_ARN`` variables)."""
    refs: list[Any] = list(iter_unknowns(workload.attributes))
    refs += list(_strings([value for _, value in workload_env(workload)]))
    return graph.resolve(refs, workload, SECRET_STORES).targets


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _verdict(ctx: RuleContext, secret: Resource, uses: list[Use],
             mapping: dict[str, str]) -> Finding:
    environments = sorted({u.environment.name for u in uses if u.environment})
    undetermined = sorted({u.workload.address for u in uses if u.environment is None})
    evidence: dict[str, Any] = {
        "used_by": sorted({f"{u.workload.address} ({u.environment.name if u.environment else '?'}"
                           f"{', ' + u.workload.root_dir if u.workload.root_dir else ''})"
                           for u in uses}),
        "environments": environments}
    if len(environments) > 1:
        return ctx.finding(secret, Status.FAIL, "one Kling secret serves workloads of "
                           f"{len(environments)} environments: {', '.join(environments)}",
                           evidence)
    if undetermined:
        evidence["without_environment"] = undetermined
        return ctx.finding(secret, Status.UNKNOWN, "the environment of a workload using this "
                           "secret cannot be determined", evidence)
    if environments:
        return ctx.finding(secret, Status.PASS,
                           f"used only in the {environments[0]} environment", evidence)
    own = environment_of(secret, mapping)
    if own is not None:
        evidence["environment"] = own.name
        evidence["environment_from"] = own.how
        return ctx.finding(secret, Status.PASS, f"belongs to the {own.name} environment; no "
                           "workload of another environment uses it", evidence)
    return ctx.finding(secret, Status.UNKNOWN, "no environment can be determined for this "
                       "secret and no workload in the scanned code uses it", evidence)


# ---- one literal, several environments -------------------------------------------------------


def _repeated_literals(inventory: Inventory, ctx: RuleContext) -> Iterator[Finding]:
    key = secrets.token_bytes(32)  # per run: the digests mean nothing outside this process
    groups: dict[str, list[tuple[Resource, Environment | None]]] = {}
    for holder, value in _literal_holders(inventory, ctx):
        digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        entry = (holder, environment_of(holder, ctx.config.environments))
        if entry not in groups.setdefault(digest, []):
            groups[digest].append(entry)
    for members in groups.values():
        environments = sorted({env.name for _, env in members if env})
        if len(environments) < 2:
            continue
        for holder, env in members:
            yield ctx.finding(holder, Status.FAIL, "the same literal Kling credential appears "
                              f"in {len(environments)} environments: {', '.join(environments)}",
                              {"environment": env.name if env else None,
                               "environments": environments,
                               "holders": sorted(f"{h.address} ({h.file})" for h, _ in members)})


def _literal_holders(inventory: Inventory, ctx: RuleContext) -> Iterator[tuple[Resource, str]]:
    for symbol in inventory.of_type("variable", "tfvars_value"):
        value = symbol.attributes.get("default" if symbol.type == "variable" else "value")
        if ctx.scope.is_credential_name(symbol.name) and is_literal_credential(value):
            yield symbol, str(value)
    for local in inventory.of_type("local"):
        for _, value in credential_literals(ctx.scope, local.name, local.attributes.get("value")):
            yield local, value
    for workload in inventory.managed(*WORKLOAD_TYPES):
        if not (ctx.scope.all or mentions_kling(workload)
                or ctx.scope.is_kling_workload(workload, inventory)):
            continue
        for name, value in workload_env(workload):
            if isinstance(value, SymbolStr):
                continue
            for _, literal in credential_literals(ctx.scope, name, value):
                yield workload, literal
