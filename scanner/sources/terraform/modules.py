"""Evaluate a module instance: variables, locals, resources, data sources, child modules, outputs.

Everything is evaluated lazily and memoized, so references between resources resolve in
whatever order Terraform's graph would use; a reference cycle ends as an :class:`Unknown`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model import Resource
from ...values import Unknown, merge_unknowns
from .evaluator import (
    EvalError,
    Evaluator,
    Scope,
    as_collection,
    get_attr,
    get_index,
    symbol_value,
)
from .loader import ModuleLoader, ModuleSource, local_module_source
from .syntax import Block
from .typeconv import convert

META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "provider", "lifecycle",
                            "providers", "source", "version", "provisioner", "connection"})
_IN_PROGRESS = object()
MAX_MODULE_DEPTH = 16


@dataclass
class RunContext:
    """What one scan shares across module instances."""

    loader: ModuleLoader
    evaluator: Evaluator
    scan_root: Path
    root_dir: str
    """The root module folder, relative to the scan root (``envs/prod``)."""
    relative: Callable[[Path], str]
    warnings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class VariableValue:
    """A root variable's value and where it was set (``None`` file: the default)."""

    value: Any
    file: Path | None = None
    line: int | None = None


class ModuleInstance:
    """One instance of a module (the root, or ``module.NAME[KEY]`` of a caller)."""

    def __init__(self, run: RunContext, source: ModuleSource, prefix: str,
                 inputs: Callable[[str], Any] | None, input_names: frozenset[str],
                 root_values: dict[str, VariableValue] | None = None, depth: int = 0) -> None:
        self.run = run
        self.source = source
        self.prefix = prefix
        self._inputs = inputs
        self._input_names = input_names
        self._root_values = root_values or {}
        self.depth = depth
        self._memo: dict[str, Any] = {}
        self.variables = {b.labels[0]: b for b in source.of_type("variable") if b.labels}
        self.locals: dict[str, tuple[Any, Block]] = {}
        for block in source.of_type("locals"):
            for name, node in block.attributes.items():
                self.locals[name] = (node, block)
        self.resources = {(b.labels[0], b.labels[1]): b for b in source.of_type("resource")
                          if len(b.labels) == 2}
        self.data_blocks = {(b.labels[0], b.labels[1]): b for b in source.of_type("data")
                            if len(b.labels) == 2}
        self.module_calls = {b.labels[0]: b for b in source.of_type("module") if b.labels}
        self.outputs = {b.labels[0]: b for b in source.of_type("output") if b.labels}
        self.scope = Scope(self._root_name)

    # ---- memo --------------------------------------------------------------------------

    def _memoized(self, key: str, compute: Callable[[], Any]) -> Any:
        cached = self._memo.get(key)
        if cached is _IN_PROGRESS:
            return Unknown(f"reference cycle through {key}")
        if key in self._memo:
            return cached
        self._memo[key] = _IN_PROGRESS
        value = compute()
        self._memo[key] = value
        return value

    # ---- root names --------------------------------------------------------------------

    def _root_name(self, name: str) -> Any:
        if name == "var":
            return _Namespace(self.variable, "var")
        if name == "local":
            return _Namespace(self.local, "local")
        if name == "module":
            return _Namespace(self.module_value, "module")
        if name == "data":
            return _TypeNamespace(lambda t, n: self.resource_value(t, n, data=True), "data")
        if name == "path":
            module_dir = self.run.relative(self.source.directory)
            return {"module": module_dir, "root": self.run.root_dir or ".", "cwd": "."}
        if name == "terraform":
            return {"workspace": "default"}
        if name in ("self", "each", "count"):
            raise EvalError(f"'{name}' is not available here")
        return _Namespace(lambda n: self.resource_value(name, n), name)

    def variable(self, name: str) -> Any:
        """``var.NAME``."""
        return self._memoized("var." + name, lambda: self._variable(name))

    def _variable(self, name: str) -> Any:
        block = self.variables.get(name)
        if block is None:
            raise EvalError(f"undeclared variable '{name}'")
        origin = f"{self.prefix}var.{name}"
        if self._inputs is not None and name in self._input_names:
            return self._typed(block, self._inputs(name))
        if name in self._root_values:
            return symbol_value(self._typed(block, self._root_values[name].value), origin)
        if "default" in block.attributes:
            value = self.run.evaluator.evaluate_safely(block.attributes["default"],
                                                       Scope(_no_names))
            return symbol_value(self._typed(block, value), origin)
        if self._inputs is not None:
            return Unknown(f"variable {origin} is not set by its caller")
        return Unknown(f"variable {origin} has no value (no default, not set by tfvars or --var)")

    def _typed(self, block: Block, value: Any) -> Any:
        type_node = block.attributes.get("type")
        if type_node is None:
            return value
        return convert(value, type_node, self.run.evaluator, Scope(_no_names))

    def local(self, name: str) -> Any:
        """``local.NAME`` as other expressions see it: strings remember their origin."""
        return symbol_value(self.local_raw(name), f"{self.prefix}local.{name}")

    def local_raw(self, name: str) -> Any:
        """The value of ``local.NAME`` as written (literals stay plain strings)."""
        if name not in self.locals:
            raise EvalError(f"undeclared local '{name}'")
        return self._memoized("local." + name, lambda: self.run.evaluator.evaluate_safely(
            self.locals[name][0], self.scope))

    # ---- resources and data sources ----------------------------------------------------

    def resource_value(self, rtype: str, name: str, data: bool = False) -> Any:
        """The value of ``TYPE.NAME`` (or ``data.TYPE.NAME``): an instance or a collection."""
        key = ("data." if data else "") + f"{rtype}.{name}"
        return self._memoized("res:" + key, lambda: self._expand(rtype, name, data))

    def _expand(self, rtype: str, name: str, data: bool) -> Any:
        block = (self.data_blocks if data else self.resources).get((rtype, name))
        if block is None:
            raise EvalError(f"reference to undeclared {'data source' if data else 'resource'} "
                            f"{rtype}.{name}")
        base = self.prefix + ("data." if data else "") + f"{rtype}.{name}"
        return self._instances(block, base, lambda addr, names: _Instance(
            self, block, addr, names, rtype, "data" if data else "managed"))

    def _instances(self, block: Block, base: str,
                   make: Callable[[str, dict[str, Any]], Any]) -> Any:
        """Expand ``count`` / ``for_each`` into instances (a list, a dict, or one instance)."""
        evaluator = self.run.evaluator
        if "count" in block.attributes:
            count = evaluator.evaluate_safely(block.attributes["count"], self.scope)
            if isinstance(count, Unknown):
                return _UnknownCollection(make(base + "[?]", {"count": {"index": count}}), count)
            try:
                total = int(count)
            except (TypeError, ValueError):
                return _UnknownCollection(make(base + "[?]", {"count": {"index": Unknown(
                    "count is not a number")}}), Unknown("count is not a number"))
            return [make(f"{base}[{i}]", {"count": {"index": i}}) for i in range(total)]
        if "for_each" in block.attributes:
            each = evaluator.evaluate_safely(block.attributes["for_each"], self.scope)
            pairs = _for_each_pairs(each)
            if isinstance(pairs, Unknown):
                unknown_each = {"key": pairs, "value": pairs}
                return _UnknownCollection(make(base + "[?]", {"each": unknown_each}), pairs)
            return {k: make(f'{base}["{k}"]', {"each": {"key": k, "value": v}})
                    for k, v in pairs}
        return make(base, {})

    def all_instances(self) -> Iterator[_Instance]:
        """Every resource and data source instance of this module (not of children)."""
        for (rtype, name), _block in sorted(self.resources.items()):
            yield from _flatten(self.resource_value(rtype, name))
        for (rtype, name), _block in sorted(self.data_blocks.items()):
            yield from _flatten(self.resource_value(rtype, name, data=True))

    # ---- child modules -----------------------------------------------------------------

    def module_value(self, name: str) -> Any:
        """``module.NAME``: a child instance (or collection) exposing its outputs."""
        return self._memoized("module." + name, lambda: self._module(name))

    def _module(self, name: str) -> Any:
        block = self.module_calls.get(name)
        if block is None:
            raise EvalError(f"reference to undeclared module '{name}'")
        base = f"{self.prefix}module.{name}"
        return self._instances(block, base, lambda addr, names: self._child(block, addr, names))

    def _child(self, block: Block, address: str, names: dict[str, Any]) -> Any:
        source_node = block.attributes.get("source")
        source = self.run.evaluator.evaluate_safely(source_node, self.scope) \
            if source_node is not None else None
        if not isinstance(source, str) or not local_module_source(source):
            return _RemoteModule(address, str(source) if isinstance(source, str) else "?")
        if self.depth >= MAX_MODULE_DEPTH:
            return _RemoteModule(address, source)
        directory = (self.source.directory / source).resolve()
        if not directory.is_dir():
            self.run.warnings.append((address, f"module source {source} not found"))
            return _RemoteModule(address, source)
        child_source = self.run.loader.load(directory)
        scope = self.scope.child(**names)
        inputs = {k: v for k, v in block.attributes.items() if k not in META_ARGUMENTS}
        cache: dict[str, Any] = {}

        def read_input(input_name: str) -> Any:
            if input_name not in cache:
                cache[input_name] = self.run.evaluator.evaluate_safely(inputs[input_name],
                                                                       scope)
            return cache[input_name]

        return ModuleInstance(self.run, child_source, address + ".", read_input,
                              frozenset(inputs), depth=self.depth + 1)

    def child_instances(self) -> Iterator[ModuleInstance]:
        """Loaded child module instances (remote ones are skipped)."""
        for name in sorted(self.module_calls):
            for child in _flatten(self.module_value(name)):
                if isinstance(child, ModuleInstance):
                    yield child

    # ---- outputs -----------------------------------------------------------------------

    def get_attr(self, name: str) -> Any:
        """``module.NAME.OUTPUT``."""
        return self._memoized("output." + name, lambda: self._output(name))

    def _output(self, name: str) -> Any:
        block = self.outputs.get(name)
        if block is None:
            raise EvalError(f"module {self.prefix.rstrip('.')} has no output '{name}'")
        node = block.attributes.get("value")
        return None if node is None else self.run.evaluator.evaluate_safely(node, self.scope)

    def get_index(self, key: Any) -> Any:
        """A module instance cannot be indexed."""
        raise EvalError("a module instance cannot be indexed")

    def splat_items(self) -> list[Any]:
        """A splat over a single module instance."""
        return [self]

    # ---- the records -------------------------------------------------------------------

    def records(self) -> Iterator[Resource]:
        """Every resource, data source and symbol of this instance and its children."""
        relative = self.run.relative
        for instance in self.all_instances():
            yield instance.record()
        for name, block in sorted(self.variables.items()):
            value = self.variable(name)
            meta: dict[str, Any] = {"has_default": "default" in block.attributes}
            root_value = self._root_values.get(name)
            file, line = relative(Path(block.file)), block.line
            if root_value is not None and root_value.file is not None:
                meta["value_file"] = relative(root_value.file)
                meta["value_line"] = root_value.line
            sensitive = self.run.evaluator.evaluate_safely(
                block.attributes["sensitive"], Scope(_no_names)) \
                if "sensitive" in block.attributes else False
            default = self.run.evaluator.evaluate_safely(block.attributes["default"],
                                                         Scope(_no_names)) \
                if "default" in block.attributes else None
            yield Resource(address=f"{self.prefix}var.{name}", type="variable", source="terraform",
                           attributes=materialize({"value": value, "default": default,
                                                   "sensitive": sensitive}),
                           file=file, line=line, mode="variable",
                           module_address=self.prefix.rstrip("."), root_dir=self.run.root_dir,
                           meta=meta)
        for name, (_node, block) in sorted(self.locals.items()):
            yield Resource(address=f"{self.prefix}local.{name}", type="local", source="terraform",
                           attributes={"value": materialize(self.local_raw(name))},
                           file=relative(Path(block.file)),
                           line=block.attribute_lines.get(name, block.line), mode="local",
                           module_address=self.prefix.rstrip("."), root_dir=self.run.root_dir)
        for name, block in sorted(self.outputs.items()):
            sensitive = self.run.evaluator.evaluate_safely(block.attributes["sensitive"],
                                                           self.scope) \
                if "sensitive" in block.attributes else False
            yield Resource(address=f"{self.prefix}output.{name}", type="output",
                           source="terraform",
                           attributes=materialize({"value": self.get_attr(name),
                                                   "sensitive": sensitive}),
                           file=relative(Path(block.file)), line=block.line, mode="output",
                           module_address=self.prefix.rstrip("."), root_dir=self.run.root_dir,
                           meta={"expression_refs": _referenced_symbols(block)})
        for child in self.child_instances():
            yield from child.records()


class _Instance:
    """One resource or data source instance: config attributes known, computed ones unknown."""

    def __init__(self, module: ModuleInstance, block: Block, address: str,
                 names: dict[str, Any], rtype: str, mode: str) -> None:
        self.module = module
        self.block = block
        self.address = address
        self.names = names
        self.type = rtype
        self.mode = mode
        self._attributes: dict[str, Any] | None = None
        self._busy = False

    def attributes(self) -> dict[str, Any]:
        """The instance's evaluated configuration."""
        if self._attributes is None:
            if self._busy:
                return {}
            self._busy = True
            scope = self.module.scope.child(**self.names)
            try:
                self._attributes = _evaluate_body(self.module.run.evaluator, self.block, scope)
            except Exception as exc:  # an evaluator gap must not end the scan
                self.module.run.warnings.append(
                    (self.address, f"could not evaluate ({type(exc).__name__})"))
                self._attributes = {"__unknown__": Unknown(
                    f"{self.address} could not be evaluated ({type(exc).__name__})")}
            finally:
                self._busy = False
        return self._attributes

    def get_attr(self, name: str) -> Any:
        """``TYPE.NAME.ATTR``: the configured value, else unknown until apply."""
        attributes = self.attributes()
        if name in attributes and name not in ("id", "arn"):
            return attributes[name]
        return Unknown(f"{self.address}.{name} is known only after apply", (self.address,),
                       (f"{self.address}.{name}",))

    def get_index(self, key: Any) -> Any:
        """Indexing an instance without count/for_each is an error in Terraform."""
        raise EvalError(f"{self.address} has no count or for_each to index")

    def splat_items(self) -> list[Any]:
        """A splat over a single instance."""
        return [self]

    def record(self) -> Resource:
        """The inventory record of this instance."""
        run = self.module.run
        meta: dict[str, Any] = {}
        if self.address.endswith("[?]"):
            meta["instances_unknown"] = True
        return Resource(address=self.address, type=self.type, source="terraform",
                        attributes=materialize(self.attributes()),
                        file=run.relative(Path(self.block.file)),
                        line=self.block.line, mode=self.mode,
                        module_address=self.module.prefix.rstrip("."), root_dir=run.root_dir,
                        meta=meta)


class _RemoteModule:
    """A module that is not loaded (remote source): every output is unknown."""

    def __init__(self, address: str, source: str) -> None:
        self.address = address
        self.source = source

    def get_attr(self, name: str) -> Any:
        return Unknown(f"output of module {self.address} ({self.source}) is not loaded",
                       (self.address,))

    def get_index(self, key: Any) -> Any:
        raise EvalError("a module instance cannot be indexed")

    def splat_items(self) -> list[Any]:
        return [self]


class _UnknownCollection:
    """Instances whose ``count`` / ``for_each`` is unknown: one stand-in instance ``[?]``."""

    def __init__(self, stand_in: Any, reason: Unknown) -> None:
        self.stand_in = stand_in
        self.reason = reason

    def get_attr(self, name: str) -> Any:
        return merge_unknowns([self.reason], "instances known only after apply")

    def get_index(self, key: Any) -> Any:
        return self.stand_in

    def splat_items(self) -> Any:
        return merge_unknowns([self.reason], "instances known only after apply")


class _Namespace:
    """``var``, ``local``, ``module`` or a resource type: attribute access looks names up."""

    def __init__(self, lookup: Callable[[str], Any], label: str) -> None:
        self._lookup = lookup
        self._label = label

    def get_attr(self, name: str) -> Any:
        return self._lookup(name)

    def get_index(self, key: Any) -> Any:
        raise EvalError(f"'{self._label}' cannot be indexed")


class _TypeNamespace:
    """``data``: ``data.TYPE.NAME``."""

    def __init__(self, lookup: Callable[[str, str], Any], label: str) -> None:
        self._lookup = lookup
        self._label = label

    def get_attr(self, name: str) -> Any:
        return _Namespace(lambda n: self._lookup(name, n), f"{self._label}.{name}")

    def get_index(self, key: Any) -> Any:
        raise EvalError(f"'{self._label}' cannot be indexed")


def _no_names(name: str) -> Any:
    raise EvalError(f"'{name}' cannot be referenced here")


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [value[k] for k in sorted(value)]
    if isinstance(value, _UnknownCollection):
        return [value.stand_in]
    return [value]


def _for_each_pairs(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        if any(isinstance(k, Unknown) for k in value):
            return Unknown("for_each keys known only after apply")
        return sorted(value.items())
    if isinstance(value, list):
        if any(isinstance(v, Unknown) for v in value):
            return merge_unknowns(value, "for_each keys known only after apply")
        if not all(isinstance(v, str) for v in value):
            return Unknown("for_each over a list that is not a set of strings")
        return [(v, v) for v in sorted(set(value))]
    if value is None:
        return Unknown("for_each is null")
    return Unknown("for_each is not a map or set")


def _evaluate_body(evaluator: Evaluator, block: Block, scope: Scope) -> dict[str, Any]:
    """Evaluate a block's attributes and nested blocks (``dynamic`` blocks expanded)."""
    result: dict[str, Any] = {}
    for name, node in block.attributes.items():
        if name in META_ARGUMENTS:
            continue
        result[name] = evaluator.evaluate_safely(node, scope)
    for child in block.blocks:
        if child.type in ("lifecycle", "provisioner", "connection"):
            continue
        if child.type == "dynamic" and child.labels:
            _expand_dynamic(evaluator, child, scope, result)
        else:
            result.setdefault(child.type, []).append(_evaluate_body(evaluator, child, scope))
    return result


def _expand_dynamic(evaluator: Evaluator, block: Block, scope: Scope,
                    result: dict[str, Any]) -> None:
    target = block.labels[0]
    iterator_node = block.attributes.get("iterator")
    iterator = target
    if iterator_node is not None:
        named = evaluator.evaluate_safely(iterator_node, scope)
        iterator = named if isinstance(named, str) else target
    collection = evaluator.evaluate_safely(block.attributes.get("for_each"), scope) \
        if "for_each" in block.attributes else Unknown("dynamic block without for_each")
    try:
        collection = as_collection(collection)
    except EvalError:
        collection = Unknown(f"dynamic {target} for_each is not a collection")
    contents = block.child_blocks("content")
    if not contents:
        return
    entries = result.setdefault(target, [])
    if isinstance(collection, Unknown):
        entries.append({"__unknown__": merge_unknowns(
            [collection], f"dynamic {target} blocks known only after apply")})
        return
    pairs = collection.items() if isinstance(collection, dict) else enumerate(collection or [])
    for key, value in pairs:
        inner = scope.child(**{iterator: {"key": key, "value": value}})
        entries.append(_evaluate_body(evaluator, contents[0], inner))


def _referenced_symbols(block: Block) -> list[str]:
    """Names of variables and locals an output's value expression mentions (text-level)."""
    node = block.attributes.get("value")
    if node is None:
        return []
    found: list[str] = []
    for tree in node.iter_subtrees_topdown():
        if tree.data == "get_attr_expr_term":
            base = tree.children[0]
            if (hasattr(base, "children") and base.children
                    and getattr(base.children[0], "data", None) == "identifier"):
                root = str(base.children[0].children[0])
                if root in ("var", "local"):
                    name = tree.children[1].children[-1]
                    label = name.children[0] if hasattr(name, "children") else name
                    found.append(f"{root}.{label}")
    return sorted(set(found))


def materialize(value: Any) -> Any:
    """``value`` with lazily evaluated objects (whole resources, modules, namespaces) replaced by
    unknowns that keep their address: records hold plain data only."""
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [materialize(v) for v in value]
    if isinstance(value, (_Instance, _RemoteModule)):
        return Unknown(f"the whole object {value.address}", (value.address,))
    if isinstance(value, ModuleInstance):
        return Unknown(f"the whole module {value.prefix.rstrip('.')}",
                       (value.prefix.rstrip("."),))
    if isinstance(value, _UnknownCollection):
        return value.reason
    if isinstance(value, (_Namespace, _TypeNamespace)):
        return Unknown("a namespace used as a value")
    return value


__all__ = ["ModuleInstance", "RunContext", "VariableValue", "get_attr", "get_index"]
