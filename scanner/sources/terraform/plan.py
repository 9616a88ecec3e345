"""The Terraform plan source: ``terraform show -json PLANFILE`` in, inventory records out.

A plan knows what the HCL scan cannot (``-var`` values, data source results, the expansion of
``count`` / ``for_each``) and marks what nobody knows before apply (``after_unknown``). Its
records have the same addresses, types and attribute shapes as the HCL source's, so the same
rules judge both:

* ``planned_values`` (and data sources of ``prior_state``) give one record per instance;
* an apply-time value becomes an :class:`Unknown` whose ``refs`` / ``attributes`` name the
  instances its configuration expression references, resolved through ``each.value``,
  ``var.*`` (up through module calls) and module outputs;
* a known string that came from a root variable (or a module variable's default) becomes a
  :class:`SymbolStr`, as in the HCL scan: the variable holds the value, not the resource;
* ``var.*`` and ``output.*`` records come from ``variables`` and ``configuration``; a plan has
  no locals, so it yields no ``local.*`` records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Inventory, Resource
from ...values import SymbolStr, Unknown

SOURCE = "terraform-plan"
APPLY_TIME = "known only after apply"
MODULE_INPUT = "module input values are not recorded in a plan"
MODULE_OUTPUT = "module output values are not recorded in a plan"
SNIFF_LIMIT = 64 * 1024 * 1024
"""Larger files are recognised by their first bytes instead of a full parse."""
SNIFF_BYTES = 1024 * 1024
MAX_DEPTH = 32
SUPPORTED_MAJOR_VERSIONS = ("0", "1")
IGNORED_ROOTS = frozenset({"count", "path", "terraform", "self", "local"})

Key = str | int
Steps = list[tuple[str, Key | None]]


class PlanError(Exception):
    """The plan file cannot be read as ``terraform show -json`` output."""


# ---- public API ---------------------------------------------------------------------------------


def is_plan_json(path: Path) -> bool:
    """True for a ``.json`` file holding ``terraform show -json`` output of a plan."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    try:
        if path.stat().st_size > SNIFF_LIMIT:
            with path.open("rb") as handle:
                head = handle.read(SNIFF_BYTES).decode("utf-8", "replace")
            return '"format_version"' in head and (
                '"planned_values"' in head or '"resource_changes"' in head)
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(document, dict) and "format_version" in document and (
        "planned_values" in document or "resource_changes" in document)


def scan_plan(path: Path) -> Inventory:
    """The inventory of a plan's resources, data sources, variables and outputs."""
    document, digest = _load(path)
    inventory = Inventory()
    inventory.sources.append(SOURCE)
    inventory.input_digests[path.name] = digest
    try:
        for record in _Plan(document, path.name).records():
            inventory.add(record)
    except PlanError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        raise PlanError(f"{path.name}: malformed plan JSON ({type(exc).__name__})") from None
    return inventory


# ---- loading ------------------------------------------------------------------------------------


def _load(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed plan and the SHA-256 of its bytes; :class:`PlanError` when unusable."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError(f"{name}: cannot be read ({exc.strerror or type(exc).__name__})") \
            from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PlanError(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise PlanError(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno})") \
            from None
    except RecursionError:
        raise PlanError(f"{name}: JSON nested too deeply") from None
    if not isinstance(document, dict):
        raise PlanError(f"{name}: not a Terraform plan (the top level is not an object)")
    version = document.get("format_version")
    if not isinstance(version, str):
        raise PlanError(f"{name}: not a Terraform plan (no format_version)")
    if version.split(".", 1)[0] not in SUPPORTED_MAJOR_VERSIONS:
        raise PlanError(f"{name}: unsupported plan format_version (this scanner reads the "
                        f"{' and '.join(v + '.x' for v in SUPPORTED_MAJOR_VERSIONS)} formats)")
    if "planned_values" not in document and "resource_changes" not in document:
        raise PlanError(f"{name}: not a Terraform plan (no planned_values or resource_changes; "
                        "a state file?)")
    return document, hashlib.sha256(raw).hexdigest()


def _obj(value: Any, where: str, name: str) -> dict[str, Any]:
    """``value`` if it is an object (``None`` counts as empty), else :class:`PlanError`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PlanError(f"{name}: malformed plan JSON: {where} is not an object")
    return value


def _arr(value: Any, where: str, name: str) -> list[Any]:
    """``value`` if it is an array (``None`` counts as empty), else :class:`PlanError`."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise PlanError(f"{name}: malformed plan JSON: {where} is not an array")
    return value


# ---- addresses ----------------------------------------------------------------------------------


def parse_address(text: str) -> Steps | None:
    """``module.a["x"].aws_b.c[0].arn`` → ``[("module", None), ("a", "x"), ...]``.

    ``None`` when the text is not an address; a splat ``[*]`` counts as no key.
    """
    steps: Steps = []
    i, size = 0, len(text)
    while i < size:
        start = i
        while i < size and text[i] not in ".[":
            i += 1
        if i == start:
            return None
        name, key = text[start:i], None
        if i < size and text[i] == "[":
            parsed = _parse_key(text, i)
            if parsed is None:
                return None
            key, i = parsed
        steps.append((name, key))
        if i < size:
            if text[i] != ".":
                return None
            i += 1
    return steps or None


def _parse_key(text: str, i: int) -> tuple[Key | None, int] | None:
    """The instance key in brackets at ``text[i]`` and the index just past them."""
    if text.startswith('["', i):
        j = i + 2
        while j < len(text) and text[j] != '"':
            j += 2 if text[j] == "\\" else 1
        if not text.startswith('"]', j):
            return None
        try:
            return str(json.loads(text[i + 1:j + 1])), j + 2
        except ValueError:
            return None
    end = text.find("]", i)
    if end < 0:
        return None
    inner = text[i + 1:end]
    if inner == "*":
        return None, end + 1
    return (int(inner), end + 1) if inner.isdigit() else None


def format_key(key: Key) -> str:
    """An instance key as Terraform writes it in addresses: ``["prod"]`` or ``[0]``."""
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key, ensure_ascii=False)}]"


def _most_specific(references: list[Any]) -> list[str]:
    """Drop the shorter forms Terraform lists beside a reference (``a.b["k"]`` beside
    ``a.b["k"].arn``)."""
    texts = [r for r in references if isinstance(r, str)]
    return [r for r in texts
            if not any(o != r and (o.startswith(r + ".") or o.startswith(r + "[")) for o in texts)]


def _is_expression(node: Any) -> bool:
    """An expression object (``references`` / ``constant_value``), not a block body."""
    return isinstance(node, dict) and bool(node) and set(node) <= {"references",
                                                                   "constant_value"}


def _all_references(node: Any) -> list[str]:
    """Every reference in a configuration subtree (expressions and nested blocks)."""
    if _is_expression(node):
        return [r for r in node.get("references", []) if isinstance(r, str)]
    found: list[str] = []
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        found.extend(r for r in _all_references(child) if r not in found)
    return found


# ---- resolution ---------------------------------------------------------------------------------


@dataclass
class _Module:
    """One module instance: its address, configuration and the call that made it."""

    address: str
    config: dict[str, Any]
    key: Key | None = None
    call: dict[str, Any] = field(default_factory=dict)
    parent: _Module | None = None
    blocks: dict[str, dict[str, Any]] | None = None
    """Configuration blocks by address (``aws_x.y``, ``data.aws_z.w``), built on first use."""

    @property
    def prefix(self) -> str:
        """The address prefix of this instance's objects (``module.api["prod"].``)."""
        return f"{self.address}." if self.address else ""


@dataclass(frozen=True)
class _Site:
    """Where an expression is evaluated: its module, the instance key, the for_each source."""

    module: _Module
    key: Key | None = None
    each: tuple[str, ...] = ()


@dataclass
class _Trace:
    """What an expression was derived from: instances, attributes, variable-held strings."""

    refs: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    symbols: dict[str, str] = field(default_factory=dict)

    def add(self, ref: str, attribute: str | None) -> None:
        """Record a referenced instance (and ``instance.attribute``)."""
        if ref not in self.refs:
            self.refs.append(ref)
        if attribute is not None and f"{ref}.{attribute}" not in self.attributes:
            self.attributes.append(f"{ref}.{attribute}")

    def merge(self, other: _Trace) -> None:
        """Add everything ``other`` found."""
        for ref in other.refs:
            self.add(ref, None)
        self.attributes.extend(a for a in other.attributes if a not in self.attributes)
        for text, origin in other.symbols.items():
            self.symbols.setdefault(text, origin)

    def unknown(self, reason: str = APPLY_TIME) -> Unknown:
        """An :class:`Unknown` carrying this trace."""
        return Unknown(reason, tuple(self.refs), tuple(self.attributes))


def _add_symbols(trace: _Trace, value: Any, origin: str) -> None:
    """Remember every string inside ``value`` as held by the symbol ``origin``."""
    if isinstance(value, str):
        trace.symbols.setdefault(value, origin)
    elif isinstance(value, dict):
        for item in value.values():
            _add_symbols(trace, item, origin)
    elif isinstance(value, list):
        for item in value:
            _add_symbols(trace, item, origin)


def _symbolize(value: Any, origin: str) -> Any:
    """Tag every string inside ``value`` with ``origin`` (as the HCL scan tags variables)."""
    if isinstance(value, str):
        return value if isinstance(value, SymbolStr) else SymbolStr(value, origin)
    if isinstance(value, dict):
        return {k: _symbolize(v, origin) for k, v in value.items()}
    if isinstance(value, list):
        return [_symbolize(v, origin) for v in value]
    return value


class _Plan:
    """One parsed plan: indexes over instances and configuration, and the record builders."""

    def __init__(self, document: dict[str, Any], name: str) -> None:
        self.name = name
        self.document = document
        configuration = _obj(document.get("configuration"), "configuration", name)
        self.root = _Module("", _obj(configuration.get("root_module"),
                                     "configuration.root_module", name))
        self._modules: dict[str, _Module] = {"": self.root}
        self.variables = {k: v.get("value") if isinstance(v, dict) else None for k, v in
                          _obj(document.get("variables"), "variables", name).items()}
        changes = self._changes()
        self.after_unknown = {c["address"]: c["change"].get("after_unknown") for c in changes}
        if "planned_values" in document:
            self.planned = list(self._walk(_obj(document["planned_values"], "planned_values",
                                                name), "planned_values"))
        else:  # resource_changes alone: the planned objects are the changes' "after"
            self.planned = [(str(c.get("module_address", "")), {**c, "values": c["change"][
                "after"]}) for c in changes if isinstance(c["change"].get("after"), dict)]
        prior = _obj(_obj(document.get("prior_state"), "prior_state", name).get("values"),
                     "prior_state.values", name)
        self.prior_data = [(m, r) for m, r in self._walk(prior, "prior_state.values")
                           if r.get("mode") == "data"]
        self.instances: dict[str, list[str]] = {}
        self.module_addresses: list[str] = []
        for module_address, resource in self.planned + self.prior_data:
            self._index(module_address, resource)

    # ---- indexes ------------------------------------------------------------------------

    def _changes(self) -> list[dict[str, Any]]:
        """``resource_changes`` of current objects (deposed ones are being destroyed)."""
        changes = []
        for index, change in enumerate(_arr(self.document.get("resource_changes"),
                                            "resource_changes", self.name)):
            change = _obj(change, f"resource_changes[{index}]", self.name)
            _obj(change.get("change"), f"resource_changes[{index}].change", self.name)
            if isinstance(change.get("address"), str) and isinstance(change.get("change"), dict) \
                    and "deposed" not in change:
                changes.append(change)
        return changes

    def _walk(self, values: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(module address, resource) for every resource in a values representation."""
        stack = [("", _obj(values.get("root_module"), f"{where}.root_module", self.name))]
        while stack:
            address, module = stack.pop(0)
            for index, resource in enumerate(_arr(module.get("resources"),
                                                  f"{where} resources", self.name)):
                resource = _obj(resource, f"{where} resources[{index}]", self.name)
                if isinstance(resource.get("address"), str):
                    yield address, resource
            for index, child in enumerate(_arr(module.get("child_modules"),
                                               f"{where} child_modules", self.name)):
                child = _obj(child, f"{where} child_modules[{index}]", self.name)
                stack.append((str(child.get("address", "")), child))

    def _index(self, module_address: str, resource: dict[str, Any]) -> None:
        """Record an instance under its base address, and its module instances."""
        base = self._base_address(module_address, resource)
        instances = self.instances.setdefault(base, [])
        if resource["address"] not in instances:
            instances.append(resource["address"])
        steps = parse_address(module_address) or []
        for end in range(2, len(steps) + 1, 2):
            address = _join(steps[:end])
            if address not in self.module_addresses:
                self.module_addresses.append(address)

    @staticmethod
    def _base_address(module_address: str, resource: dict[str, Any]) -> str:
        """``module.m["k"].aws_x.y`` for any instance of that resource."""
        prefix = f"{module_address}." if module_address else ""
        mode = "data." if resource.get("mode") == "data" else ""
        return f"{prefix}{mode}{resource.get('type')}.{resource.get('name')}"

    def module(self, address: str) -> _Module | None:
        """The module instance at ``address`` (``None`` when the configuration lacks it)."""
        if address in self._modules:
            return self._modules[address]
        steps = parse_address(address)
        if not steps or len(steps) < 2 or steps[-2][0] != "module":
            return None
        parent = self.module(_join(steps[:-2]))
        name, key = steps[-1]
        if parent is None:
            return None
        call = parent.config.get("module_calls", {}).get(name)
        if not isinstance(call, dict):
            return None
        module = _Module(address, call.get("module") or {}, key, call, parent)
        self._modules[address] = module
        return module

    @staticmethod
    def resource_config(module: _Module, resource: dict[str, Any]) -> dict[str, Any]:
        """The configuration block of a resource instance (empty when absent)."""
        if module.blocks is None:
            module.blocks = {b["address"]: b for b in module.config.get("resources", [])
                             if isinstance(b, dict) and isinstance(b.get("address"), str)}
        mode = "data." if resource.get("mode") == "data" else ""
        return module.blocks.get(f"{mode}{resource.get('type')}.{resource.get('name')}", {})

    # ---- references ---------------------------------------------------------------------

    def resolve(self, site: _Site, references: list[Any], depth: int = 0) -> _Trace:
        """The instances, attributes and variable-held strings ``references`` lead to."""
        trace = _Trace()
        if depth > MAX_DEPTH:
            return trace
        for reference in _most_specific(references):
            steps = parse_address(reference)
            if steps:
                self._resolve_steps(site, steps, trace, depth)
        return trace

    def _resolve_steps(self, site: _Site, steps: Steps, trace: _Trace, depth: int) -> None:
        """Follow one parsed reference by its kind (each, var, module, data, resource)."""
        head = steps[0][0]
        if head in IGNORED_ROOTS or len(steps) < 2:
            return
        if head == "each":
            if steps[1][0] == "value":
                self._each_value(site, steps[2:], trace, depth)
        elif head == "var":
            self._variable(site.module, steps[1][0], trace, depth)
        elif head == "module":
            self._module_output(site, steps, trace, depth)
        elif head == "data":
            if len(steps) >= 3:
                self._resource(site, f"data.{steps[1][0]}", steps[2], steps[3:], trace)
        else:
            self._resource(site, head, steps[1], steps[2:], trace)

    def _resource(self, site: _Site, rtype: str, name_step: tuple[str, Key | None],
                  rest: Steps, trace: _Trace) -> None:
        """``TYPE.NAME[KEY].ATTR``: the instance(s) it names, key-matched where possible."""
        name, key = name_step
        base = f"{site.module.prefix}{rtype}.{name}"
        attribute = rest[0][0] if rest else None
        for target in self._targets(base, key, site.key):
            trace.add(target, attribute)

    def _targets(self, base: str, key: Key | None, site_key: Key | None) -> list[str]:
        """The instances a reference to ``base`` (with or without a key) stands for."""
        instances = self.instances.get(base, [])
        if key is not None:
            return [base + format_key(key)]
        if site_key is not None and base + format_key(site_key) in instances:
            return [base + format_key(site_key)]
        if not instances or instances == [base]:
            return [base]
        return [base, *instances]

    def _each_value(self, site: _Site, rest: Steps, trace: _Trace, depth: int) -> None:
        """``each.value.ATTR`` where ``for_each = aws_x.y``: the instance with this key."""
        inner = _Site(site.module, site.key)
        for reference in site.each:
            steps = parse_address(reference)
            if steps:
                self._resolve_steps(inner, steps + rest, trace, depth + 1)

    def _variable(self, module: _Module, name: str, trace: _Trace, depth: int) -> None:
        """``var.NAME``: the root value's strings, or the caller's expression, followed up."""
        if module.parent is None:
            if name in self.variables:
                _add_symbols(trace, self.variables[name], f"var.{name}")
            return
        expression = module.call.get("expressions", {}).get(name)
        if not isinstance(expression, dict):
            declared = module.config.get("variables", {}).get(name)
            if isinstance(declared, dict):
                _add_symbols(trace, declared.get("default"), f"{module.prefix}var.{name}")
            return
        each = module.call.get("for_each_expression", {}).get("references", [])
        caller = _Site(module.parent, module.key, tuple(_most_specific(each)))
        trace.merge(self.resolve(caller, _all_references(expression), depth + 1))

    def _module_output(self, site: _Site, steps: Steps, trace: _Trace, depth: int) -> None:
        """``module.NAME[KEY].OUTPUT[HINT]``: what the output's expression references."""
        name, key = steps[1]
        base = f"{site.module.prefix}module.{name}"
        output, hint = steps[2] if len(steps) > 2 else (None, None)
        known = [a for a in self.module_addresses if _base_of(a) == base]
        if key is not None:
            targets = [base + format_key(key)]
        elif site.key is not None and base + format_key(site.key) in known:
            targets = [base + format_key(site.key)]
        else:
            targets = known or [base]
        for target in targets:
            child = self.module(target)
            if child is None:
                trace.add(target, None)
                continue
            outputs = child.config.get("outputs", {})
            for output_name in [output] if output else sorted(outputs):
                expression = outputs.get(output_name, {}).get("expression", {})
                trace.merge(self.resolve(_Site(child, hint), _all_references(expression),
                                         depth + 1))

    # ---- values -------------------------------------------------------------------------

    def convert(self, value: Any, unknown: Any, config: Any, site: _Site, address: str,
                attribute: str | None = None) -> Any:
        """A planned value with apply-time parts as :class:`Unknown` and variable strings
        tagged; ``config`` is the matching configuration subtree, ``attribute`` the top-level
        attribute the value belongs to."""
        if _is_expression(config):
            return _within(value, unknown, self.resolve(site, config.get("references", [])))
        if unknown is True:  # no expression of its own: what its block references, else itself
            trace = self.resolve(site, _all_references(config))
            if not trace.refs and not trace.attributes and attribute is not None:
                trace.attributes.append(f"{address}.{attribute}")
            return trace.unknown()
        if isinstance(value, dict):
            unknowns = unknown if isinstance(unknown, dict) else {}
            keys = list(value) + [k for k, u in unknowns.items() if u is True and k not in value]
            body = config if isinstance(config, dict) else {}
            return {k: self.convert(value.get(k), unknowns.get(k), body.get(k), site, address,
                                    attribute or k) for k in keys}
        if isinstance(value, list):
            unknowns_list = unknown if isinstance(unknown, list) else []
            blocks = config if isinstance(config, list) else []
            return [self.convert(item, _at(unknowns_list, i), _at(blocks, i), site, address,
                                 attribute) for i, item in enumerate(value)]
        return value

    def site_of(self, module: _Module, resource: dict[str, Any],
                config: dict[str, Any]) -> _Site:
        """The evaluation site of a resource instance."""
        each = config.get("for_each_expression", {}).get("references", [])
        index = resource.get("index")
        key = index if isinstance(index, (str, int)) and not isinstance(index, bool) else None
        return _Site(module, key, tuple(_most_specific(each)))

    # ---- records ------------------------------------------------------------------------

    def records(self) -> Iterator[Resource]:
        """Every instance, then variables and outputs (root, then each module instance)."""
        for module_address, resource in self.planned:
            yield self._instance(module_address, resource, self.after_unknown.get(
                resource["address"]))
        for module_address, resource in self.prior_data:
            yield self._instance(module_address, resource, None)
        yield from self._root_variables()
        yield from self._root_outputs()
        for address in self.module_addresses:
            module = self.module(address)
            if module is not None:
                yield from self._module_symbols(module)

    def _instance(self, module_address: str, resource: dict[str, Any],
                  unknown: Any) -> Resource:
        """The record of one resource or data source instance."""
        module = self.module(module_address) or _Module(module_address, {})
        config = self.resource_config(module, resource)
        site = self.site_of(module, resource, config)
        values = _obj(resource.get("values"), f"{resource['address']} values", self.name)
        attributes = self.convert(values, unknown, config.get("expressions"), site,
                                  resource["address"])
        return Resource(address=resource["address"], type=str(resource.get("type")),
                        source=SOURCE, attributes=attributes, file=self.name, line=None,
                        mode="data" if resource.get("mode") == "data" else "managed",
                        module_address=module_address, root_dir=".", meta={"plan": True})

    def _root_variables(self) -> Iterator[Resource]:
        """``var.NAME`` records: the plan's value, the configuration's default."""
        declared = self.root.config.get("variables", {})
        for name in sorted(set(self.variables) | set(declared)):
            config = _member(declared, name)
            value = self.variables.get(name, config.get("default"))
            yield self._variable_record("", name, _symbolize(value, f"var.{name}"), config)

    def _variable_record(self, module_address: str, name: str, value: Any,
                         config: dict[str, Any]) -> Resource:
        """A variable record shaped like the HCL source's."""
        prefix = f"{module_address}." if module_address else ""
        return Resource(address=f"{prefix}var.{name}", type="variable", source=SOURCE,
                        attributes={"value": value, "default": config.get("default"),
                                    "sensitive": config.get("sensitive") is True},
                        file=self.name, line=None, mode="variable",
                        module_address=module_address, root_dir=".",
                        meta={"plan": True, "has_default": "default" in config})

    def _root_outputs(self) -> Iterator[Resource]:
        """``output.NAME`` records: planned value (unknown parts traced), ``sensitive``."""
        planned = _obj(_obj(self.document.get("planned_values"), "planned_values",
                            self.name).get("outputs"), "planned_values.outputs", self.name)
        changes = _obj(self.document.get("output_changes"), "output_changes", self.name)
        declared = self.root.config.get("outputs", {})
        for name in sorted(set(planned) | set(declared)):
            config, state, change = (_member(declared, name), _member(planned, name),
                                     _member(changes, name))
            expression = config.get("expression", {})
            trace = self.resolve(_Site(self.root), _all_references(expression))
            if change and change.get("after_unknown") is not True:
                value = _within(change.get("after"), change.get("after_unknown"), trace)
            elif "value" in state:
                value = _within(state["value"], None, trace)
            else:
                value = trace.unknown()
            sensitive = config.get("sensitive", state.get("sensitive", False)) is True
            yield self._output_record("", name, value, sensitive, expression)

    def _output_record(self, module_address: str, name: str, value: Any, sensitive: bool,
                       expression: Any) -> Resource:
        """An output record shaped like the HCL source's."""
        prefix = f"{module_address}." if module_address else ""
        return Resource(address=f"{prefix}output.{name}", type="output", source=SOURCE,
                        attributes={"value": value, "sensitive": sensitive}, file=self.name,
                        line=None, mode="output", module_address=module_address, root_dir=".",
                        meta={"plan": True, "expression_refs": _symbol_refs(expression)})

    def _module_symbols(self, module: _Module) -> Iterator[Resource]:
        """A module instance's variables and outputs (their values are not in the plan)."""
        arguments = module.call.get("expressions", {})
        for name, config in sorted(module.config.get("variables", {}).items()):
            config = config if isinstance(config, dict) else {}
            argument = arguments.get(name)
            if isinstance(argument, dict) and "constant_value" in argument:
                value = argument["constant_value"]
            elif isinstance(argument, dict) and argument.get("references") == ["each.key"] \
                    and module.key is not None:
                value = module.key  # the common `env = each.key`
            elif isinstance(argument, dict):
                trace = _Trace()
                self._variable(module, name, trace, 0)
                value = trace.unknown(MODULE_INPUT)
            else:
                value = _symbolize(config.get("default"), f"{module.prefix}var.{name}")
            yield self._variable_record(module.address, name, value, config)
        for name, config in sorted(module.config.get("outputs", {}).items()):
            config = config if isinstance(config, dict) else {}
            expression = config.get("expression", {})
            trace = self.resolve(_Site(module), _all_references(expression))
            yield self._output_record(module.address, name, trace.unknown(MODULE_OUTPUT),
                                      config.get("sensitive") is True, expression)


def _within(value: Any, unknown: Any, trace: _Trace) -> Any:
    """A value produced by one expression: unknown parts carry its trace, strings held by a
    variable are tagged."""
    if unknown is True:
        return trace.unknown()
    if isinstance(value, dict):
        unknowns = unknown if isinstance(unknown, dict) else {}
        keys = list(value) + [k for k, u in unknowns.items() if u is True and k not in value]
        return {k: _within(value.get(k), unknowns.get(k), trace) for k in keys}
    if isinstance(value, list):
        unknowns_list = unknown if isinstance(unknown, list) else []
        return [_within(item, _at(unknowns_list, i), trace) for i, item in enumerate(value)]
    if isinstance(value, str) and value in trace.symbols:
        return SymbolStr(value, trace.symbols[value])
    return value


def _symbol_refs(expression: Any) -> list[str]:
    """``var.X`` / ``local.Y`` names an output's expression mentions."""
    found = set()
    for reference in _all_references(expression):
        steps = parse_address(reference)
        if steps and len(steps) >= 2 and steps[0][0] in ("var", "local"):
            found.add(f"{steps[0][0]}.{steps[1][0]}")
    return sorted(found)


def _member(mapping: Any, name: str) -> dict[str, Any]:
    """``mapping[name]`` when both are objects, else an empty dict."""
    item = mapping.get(name) if isinstance(mapping, dict) else None
    return item if isinstance(item, dict) else {}


def _at(items: list[Any], index: int) -> Any:
    """``items[index]``, or ``None`` past the end."""
    return items[index] if index < len(items) else None


def _join(steps: Steps) -> str:
    """Steps back into an address."""
    return ".".join(name + ("" if key is None else format_key(key)) for name, key in steps)


def _base_of(address: str) -> str:
    """A module instance address without its last key."""
    steps = parse_address(address) or []
    return _join([*steps[:-1], (steps[-1][0], None)]) if steps else address


__all__ = ["PlanError", "format_key", "is_plan_json", "parse_address", "scan_plan"]
