"""Shared by KP-TLS-01 and KP-API-01: where URL values are set, and how to read them safely.

A URL the integration uses is *set* somewhere: a workload's environment variable, a Terraform
variable's default, a ``.tfvars`` value, a local or an output. :func:`assignments` lists those
values once each, on the object that sets them: a workload that only forwards ``var.x`` or
``local.y`` is not the setter, the variable or local is (and it inherits the environment names
it is forwarded into, so ``KLING_CALLBACK_URL = var.hook`` makes ``var.hook`` a callback URL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

from kling_posture.engine import RuleContext
from kling_posture.graph import Graph
from kling_posture.kling import KLING_WORD, WORKLOAD_TYPES, workload_env
from kling_posture.model import Inventory, Resource, Status
from kling_posture.redact import redact
from kling_posture.values import SymbolStr, Unknown

CALLBACK_NAME = re.compile(r"CALLBACK|WEBHOOK[_-]?URL", re.IGNORECASE)
SECRET_NAME = re.compile(r"SECRET|TOKEN|PASSW|SIGN|(^|[_.-])(API_?)?KEY($|[_.-])", re.IGNORECASE)
KEY_PARAMETERS = ("access_key", "secret_key", "ak", "sk", "token", "api_key")
SENSITIVE_PARAMETER = re.compile(r"key|secret|token|passw|sig|auth|credential|^ak$|^sk$",
                                 re.IGNORECASE)
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
URL_IN_TEXT = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'<>`]+")
HOST_LIKE = re.compile(r"^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}(:\d+)?(/\S*)?$")

# Attributes that hold an https:// URL whatever the configuration (HTTPS by construction).
HTTPS_URL_ATTRIBUTES = {
    ("aws_lambda_function_url", "function_url"),
    ("aws_api_gateway_stage", "invoke_url"),
    ("aws_api_gateway_deployment", "invoke_url"),
    ("aws_apigatewayv2_stage", "invoke_url"),
    ("aws_apigatewayv2_api", "api_endpoint"),
    ("google_cloud_run_v2_service", "uri"),
    ("google_cloud_run_service", "status"),
    ("google_cloudfunctions_function", "https_trigger_url"),
    ("google_cloudfunctions2_function", "url"),
    ("google_cloudfunctions2_function", "service_config"),
}
HTTP_API_ONLY = ("aws_apigatewayv2_api", "aws_apigatewayv2_stage")
SYMBOL_ORDER = ("variable", "tfvars_value", "local", "output")
T = TypeVar("T")


@dataclass
class Assignment:
    """One value set by one object (``holder``) under one or more names."""

    holder: Resource
    name: str
    """The name as the holder writes it: ``KLING_CALLBACK_URL``, ``kling.base_url``."""
    value: Any
    aliases: list[str] = field(default_factory=list)
    """Environment variable names this value is forwarded into (``KLING_CALLBACK_URL``)."""
    feeds_workload: bool = False
    """True when a workload in scope reads this symbol's value."""

    @property
    def names(self) -> list[str]:
        """The holder's own name and every name it is forwarded into (the last segment of a
        qualified symbol address: ``module.callback.var.x`` is named ``x``)."""
        return [self.name, *(alias.rsplit(".", 1)[-1] if alias.startswith(("module.", "var.",
                                                                            "local.", "output."))
                             else alias for alias in self.aliases)]


# ---- where values are set ----------------------------------------------------------------


def assignments(inventory: Inventory, ctx: RuleContext) -> list[Assignment]:
    """Every value set in scope, once, on the object that sets it.

    In scope: the environment of Kling workloads, and variables, ``.tfvars`` values, locals and
    outputs named for Kling or forwarded into a Kling workload; with ``--scope all`` every one.
    """
    raw = [(w, name, value) for w in inventory.managed(*WORKLOAD_TYPES)
           if ctx.scope.is_kling_workload(w, inventory) for name, value in workload_env(w)]
    symbols = _symbol_leaves(inventory)
    owners = _unknown_owners(symbols)
    forwarded: dict[tuple[str, Any], list[str]] = {}
    result = list(_workload_values(raw, owners, _module_inputs(symbols), forwarded))
    _attach_aliases(symbols, owners, forwarded)
    result.extend(leaf for leaf in symbols if _symbol_in_scope(leaf, ctx)
                  and (not isinstance(leaf.value, Unknown) or owners.get(leaf.value) is leaf))
    return result


def _workload_values(raw: list[tuple[Resource, str, Any]], owners: dict[Unknown, Assignment],
                     inputs: dict[tuple[str | None, str, str], str],
                     forwarded: dict[tuple[str, Any], list[str]]) -> Iterator[Assignment]:
    """The values workloads set themselves; forwarded ones are recorded in ``forwarded``."""
    for workload, name, value in raw:
        module_input = (workload.root_dir, workload.module_address, value)
        if isinstance(value, SymbolStr):
            forwarded.setdefault((value.origin, str(value)), []).append(name)
        elif isinstance(value, str) and module_input in inputs:
            forwarded.setdefault((inputs[module_input], value), []).append(name)
        elif isinstance(value, Unknown) and value in owners:
            forwarded.setdefault((owners[value].holder.address, value), []).append(name)
        elif isinstance(value, dict):
            yield Assignment(workload, name, Unknown(
                f"{name} is read at run time from {', '.join(sorted(value))}"))
        elif isinstance(value, (str, Unknown)):
            yield Assignment(workload, name, value)


def _attach_aliases(symbols: list[Assignment], owners: dict[Unknown, Assignment],
                    forwarded: dict[tuple[str, Any], list[str]]) -> None:
    """Give each symbol the names it is forwarded into (a symbol that only repeats another's
    unknown value is folded into that one)."""
    for leaf in symbols:
        if isinstance(leaf.value, Unknown) and owners.get(leaf.value) is not leaf:
            owner = owners[leaf.value]
            holder = leaf.holder
            qualified = holder.address[:len(holder.address) - len(holder.name)] + leaf.name
            owner.aliases.extend(n for n in (qualified, *leaf.aliases) if n not in owner.aliases)
            continue
        key = (leaf.holder.address, leaf.value if isinstance(leaf.value, Unknown)
               else str(leaf.value))
        if key in forwarded:
            leaf.aliases.extend(forwarded[key])
            leaf.feeds_workload = True


def _symbol_in_scope(leaf: Assignment, ctx: RuleContext) -> bool:
    """Named for Kling, forwarded into a Kling workload, or any symbol with ``--scope all``."""
    return ctx.scope.all or leaf.feeds_workload or any(
        KLING_WORD.search(n) for n in (leaf.holder.address, *leaf.names))


def _symbol_leaves(inventory: Inventory) -> list[Assignment]:
    """(symbol, name, value) for every string or unknown a symbol sets, in precedence order."""
    tfvars = {r.address for r in inventory.of_type("tfvars_value")}
    leaves: list[Assignment] = []
    for kind in SYMBOL_ORDER:
        for symbol in inventory.of_type(kind):
            value = _symbol_value(symbol, tfvars)
            for name, leaf in _leaves(symbol.name, value):
                if not isinstance(leaf, SymbolStr) and isinstance(leaf, (str, Unknown)):
                    leaves.append(Assignment(symbol, name, leaf))
    return leaves


def _symbol_value(symbol: Resource, tfvars: set[str]) -> Any:
    """What the symbol itself sets (a root variable: its default, or nothing when set elsewhere)."""
    attributes = symbol.attributes
    if symbol.type != "variable":
        return attributes.get("value")
    if symbol.module_address:
        return attributes.get("value")  # what the module's caller passes
    if "value_file" in symbol.meta:
        return None  # an auto-loaded .tfvars sets it: judged on that value
    if attributes.get("default") is not None:
        return attributes.get("default")
    return None if symbol.address in tfvars else attributes.get("value")


def _leaves(name: str, value: Any) -> Iterator[tuple[str, Any]]:
    """(``name.key``, leaf) of a nested map or list value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(f"{name}.{key}", item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(name, item)
    else:
        yield name, value


def _module_inputs(leaves: list[Assignment]) -> dict[tuple[str | None, str, str], str]:
    """(root, module, value) → the module variable that received ``value`` from its caller.

    A string a module's caller passes in reaches the module's resources without the origin a
    ``SymbolStr`` would carry; a workload value equal to one is the variable's, forwarded.
    """
    inputs: dict[tuple[str | None, str, str], str] = {}
    for leaf in leaves:
        holder = leaf.holder
        if holder.type == "variable" and holder.module_address and isinstance(leaf.value, str):
            inputs.setdefault((holder.root_dir, holder.module_address, str(leaf.value)),
                              holder.address)
    return inputs


def _unknown_owners(leaves: list[Assignment]) -> dict[Unknown, Assignment]:
    """The first symbol that sets each unknown value (others equal to it only forward it)."""
    owners: dict[Unknown, Assignment] = {}
    for leaf in leaves:
        if isinstance(leaf.value, Unknown):
            owners.setdefault(leaf.value, leaf)
    return owners


def group_by_holder(items: Iterable[tuple[Assignment, T]]
                    ) -> list[tuple[Resource, list[tuple[Assignment, T]]]]:
    """Results grouped per holder, in first-seen order (one finding per object)."""
    groups: dict[int, tuple[Resource, list[tuple[Assignment, T]]]] = {}
    for assignment, result in items:
        groups.setdefault(id(assignment.holder), (assignment.holder, []))[1].append(
            (assignment, result))
    return list(groups.values())


def forwarding_evidence(assignments: Iterable[Assignment]) -> dict[str, list[str]]:
    """The environment names the holder's values are forwarded into, if any."""
    names = sorted({alias for a in assignments for alias in a.aliases})
    return {"forwarded_as": names} if names else {}


def config_resource(ctx: RuleContext, index: int, url: str) -> Resource:
    """The pseudo resource a ``webhook_urls`` entry of the configuration file is reported on."""
    return Resource(address=f"config:webhook_urls[{index}]", type="config", source="config",
                    attributes={"url": url}, mode="config",
                    meta={"config_file": ctx.config.path.name if ctx.config.path else None})


# ---- reading URLs ---------------------------------------------------------------------------


def scheme_of(text: str) -> str | None:
    """The URL scheme in lower case, or None when ``text`` has none."""
    match = SCHEME.match(text.strip())
    return match.group(1).lower() if match else None


def looks_like_host(text: str) -> bool:
    """``hooks.example.com/kling``: a host (and path) written without a scheme."""
    return bool(HOST_LIKE.match(text.strip()))


def host_of(text: str) -> str | None:
    """The host of a URL (or of a bare ``host[:port][/path]``), lower case."""
    text = text.strip()
    try:
        parts = urlsplit(text if scheme_of(text) else f"//{text}")
        return parts.hostname
    except ValueError:
        return None


def port_of(text: str) -> int | None:
    """The explicit or default port of an http(s) URL."""
    text = text.strip()
    try:
        parts = urlsplit(text if scheme_of(text) else f"//{text}")
        port = parts.port
    except ValueError:
        return None
    if port is not None:
        return port
    return {"https": 443, "http": 80}.get(parts.scheme.lower()) if parts.scheme else 443


def urls_in(text: str) -> list[str]:
    """Every URL written inside ``text`` (a value may be a whole command line)."""
    return URL_IN_TEXT.findall(text)


def key_parameters(url: str) -> list[tuple[str, str]]:
    """(name, value) of the query parameters that carry a key (whole names, any case)."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return []
    return [(name, value) for name, value in parse_qsl(query, keep_blank_values=True)
            if name.lower() in KEY_PARAMETERS]


def safe_url(url: str, ctx: RuleContext) -> str:
    """``url`` for evidence: query values that may be credentials, and passwords, redacted.

    Each hidden value is registered with the run's redactor, so it cannot leak elsewhere.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "[unparseable URL]"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, _, password = userinfo.partition(":")
        if password:
            ctx.redactor.register(password)
        netloc = f"{user}:{redact(password)}@{hostport}" if password else netloc
    query = "&".join(_safe_parameter(name, value, ctx)
                     for name, value in parse_qsl(parts.query, keep_blank_values=True))
    shown = f"{parts.scheme}://{netloc}{parts.path}" if parts.scheme else parts.path
    return shown + (f"?{query}" if query else "")


def _safe_parameter(name: str, value: str, ctx: RuleContext) -> str:
    """``name=value`` with the value redacted (and registered) when it may be a credential."""
    if value and (name.lower() in KEY_PARAMETERS or SENSITIVE_PARAMETER.search(name)):
        ctx.redactor.register(value)
        return f"{name}={redact(value, name)}"
    return f"{name}={value}"


# ---- unknown values -------------------------------------------------------------------------


def known_prefix(value: Unknown) -> str:
    """The literal start of a partly unknown string (``"https://${aws_lb.x.dns_name}/cb"``).

    Read only when the evaluator records it (``Unknown.prefix``); empty otherwise.
    """
    prefix = getattr(value, "prefix", "")
    return prefix if isinstance(prefix, str) else ""


def https_by_construction(value: Unknown, holder: Resource, graph: Graph) -> list[str]:
    """The ``TYPE.attribute`` names when ``value`` comes only from attributes that always hold
    an ``https://`` URL (a Lambda function URL, a Cloud Run URI...); empty otherwise."""
    found: list[str] = []
    if not value.attributes or known_prefix(value):
        return []
    for attribute in value.attributes:
        ref = next((r for r in value.refs if attribute.startswith(r + ".")), None)
        if ref is None:
            return []
        rtype = resource_type(ref)
        name = attribute[len(ref) + 1:].split(".", 1)[0].split("[", 1)[0]
        if (rtype, name) not in HTTPS_URL_ATTRIBUTES or (
                rtype in HTTP_API_ONLY and not _http_api(graph, ref, holder)):
            return []
        found.append(f"{rtype}.{name}")
    return found


def _http_api(graph: Graph, ref: str, holder: Resource) -> bool:
    """An API Gateway v2 API (or stage of one) of protocol HTTP (WebSocket APIs are wss://)."""
    for target in graph.get(ref, holder.root_dir):
        api = target
        if target.type == "aws_apigatewayv2_stage":
            apis = graph.resolve(target.attributes.get("api_id"), target,
                                 ("aws_apigatewayv2_api",)).targets
            if not apis:
                return False
            api = apis[0]
        if api.attributes.get("protocol_type") != "HTTP":
            return False
    return True


def resource_type(address: str) -> str:
    """The resource type in an address (``module.a["x"].aws_lb.b[0]`` → ``aws_lb``)."""
    parts = re.sub(r"\[[^\]]*\]", "", address).split(".")
    while len(parts) > 2 and parts[0] in ("module", "data"):
        parts = parts[2:] if parts[0] == "module" else parts[1:]
    return parts[0] if len(parts) >= 2 else ""


def worst(statuses: Iterable[Status]) -> Status:
    """FAIL over UNKNOWN over PASS."""
    found = set(statuses)
    for status in (Status.FAIL, Status.UNKNOWN):
        if status in found:
            return status
    return Status.PASS
