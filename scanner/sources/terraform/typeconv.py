"""Apply a variable's ``type`` constraint to its value, as Terraform does before using it.

Covers what changes values: ``optional(T, default)`` attributes of objects (missing ones become
their default or null), and primitive conversions (``"30"`` to a number, ``30`` to a string).
A value that does not fit the type is left as it is; unknowns pass through.
"""

from __future__ import annotations

from typing import Any

from lark import Tree

from ...values import Unknown
from .evaluator import Evaluator, Scope
from .functions import EvalError, to_number, to_string


def convert(value: Any, type_node: Any, evaluator: Evaluator, scope: Scope) -> Any:
    """``value`` converted to the type expression ``type_node`` (a lark expression tree)."""
    try:
        return _convert(value, _unwrap(type_node), evaluator, scope)
    except EvalError:
        return value


def _convert(value: Any, node: Any, evaluator: Evaluator, scope: Scope) -> Any:
    if value is None or isinstance(value, Unknown):
        return value
    name, args = _type_call(node)
    if name == "string" and isinstance(value, (int, float, bool)):
        return to_string(value)
    if name == "number" and isinstance(value, str):
        return to_number(value)
    if name == "bool" and value in ("true", "false"):
        return value == "true"
    if name in ("list", "set") and args and isinstance(value, list):
        return [_convert(v, args[0], evaluator, scope) for v in value]
    if name == "map" and args and isinstance(value, dict):
        return {k: _convert(v, args[0], evaluator, scope) for k, v in value.items()}
    if name == "object" and args and isinstance(value, dict):
        return _object(value, args[0], evaluator, scope)
    if name == "tuple" and args and isinstance(value, list):
        types = _tuple_items(args[0])
        return [_convert(v, t, evaluator, scope) for v, t in zip(value, types, strict=False)]
    return value


def _object(value: dict[str, Any], spec: Any, evaluator: Evaluator, scope: Scope
            ) -> dict[str, Any]:
    result = dict(value)
    for key, attr_type in _object_items(spec):
        attr_name, attr_args = _type_call(attr_type)
        if attr_name == "optional":
            if result.get(key) is None:
                result[key] = (evaluator.evaluate_safely(attr_args[1], scope)
                               if len(attr_args) > 1 else None)
            if attr_args and result[key] is not None:
                result[key] = _convert(result[key], attr_args[0], evaluator, scope)
        elif key in result:
            result[key] = _convert(result[key], attr_type, evaluator, scope)
    return result


def _unwrap(node: Any) -> Any:
    while isinstance(node, Tree) and node.data == "expr_term" and len(
            [c for c in node.children if isinstance(c, Tree)]) == 1:
        node = next(c for c in node.children if isinstance(c, Tree))
    return node


def _type_call(node: Any) -> tuple[str, list[Any]]:
    """(``name``, argument nodes) of a type expression such as ``map(object({...}))``."""
    node = _unwrap(node)
    if isinstance(node, Tree) and node.data == "identifier":
        return str(node.children[0]), []
    if isinstance(node, Tree) and node.data == "function_call":
        name = str(node.children[0].children[0])
        arguments = next((c for c in node.children if isinstance(c, Tree)
                          and c.data == "arguments"), None)
        args = [c for c in arguments.children if isinstance(c, Tree)
                and c.data != "new_line_or_comment"] if arguments is not None else []
        return name, args
    return "", []


def _object_items(spec: Any) -> list[tuple[str, Any]]:
    spec = _unwrap(spec)
    if not isinstance(spec, Tree) or spec.data != "object":
        return []
    items = []
    for elem in spec.children:
        if isinstance(elem, Tree) and elem.data == "object_elem":
            key_node = _unwrap(elem.children[0].children[0])
            key = key_node.children[0] if isinstance(key_node, Tree) else key_node
            if isinstance(key, Tree):  # a quoted key
                key = "".join(str(p.children[0]) for p in key.children if isinstance(p, Tree))
            items.append((str(key), elem.children[-1]))
    return items


def _tuple_items(spec: Any) -> list[Any]:
    spec = _unwrap(spec)
    if not isinstance(spec, Tree) or spec.data != "tuple":
        return []
    return [c for c in spec.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]
