"""Evaluate HCL expressions (lark trees from python-hcl2) the way Terraform would at plan time.

What cannot be known becomes an explicit :class:`Unknown` that keeps the resource addresses it
depends on, so a reference such as ``aws_secretsmanager_secret.kling.arn`` is unknown in value
but known in identity.  Expressions Terraform would reject raise :class:`EvalError` internally
and end as an unknown with the reason at the attribute that holds them.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Callable
from typing import Any, Protocol

import hcl2
from lark import Token, Tree

from ...values import SymbolStr, Unknown, UnknownTruthValue, contains_unknown, merge_unknowns
from .functions import (
    APPLY_TIME_FUNCTIONS,
    FUNCTIONS,
    EvalError,
    NeedsUnknown,
    to_number,
    to_string,
)
from .syntax import unescape


class Traversable(Protocol):
    """A value whose attributes and elements are looked up lazily (resources, namespaces)."""

    def get_attr(self, name: str) -> Any:
        """The value of attribute ``name``."""

    def get_index(self, key: Any) -> Any:
        """The element at ``key``."""


class Scope:
    """The names an expression can see: iteration variables over a module's root names."""

    def __init__(self, resolve_root: Callable[[str], Any], names: dict[str, Any] | None = None
                 ) -> None:
        self._resolve_root = resolve_root
        self.names = names or {}

    def child(self, **names: Any) -> Scope:
        """A scope with extra names (``each``, ``count``, ``for`` variables)."""
        return Scope(self._resolve_root, {**self.names, **names})

    def lookup(self, name: str) -> Any:
        """Resolve a root identifier."""
        if name in self.names:
            return self.names[name]
        return self._resolve_root(name)


class Evaluator:
    """Evaluates expression trees; ``read_file`` serves Terraform's ``file()`` function."""

    def __init__(self, read_file: Callable[[str], Any]) -> None:
        self._read_file = read_file

    def evaluate(self, node: Any, scope: Scope) -> Any:
        """Evaluate ``node``; raises :class:`EvalError` where Terraform would fail."""
        if isinstance(node, Token):
            return self._token(node)
        method = getattr(self, "_" + node.data, None)
        if method is None:
            return Unknown(f"unsupported expression '{node.data}'")
        return method(node, scope)

    def evaluate_safely(self, node: Any, scope: Scope) -> Any:
        """Evaluate ``node``; an expression that fails becomes an :class:`Unknown`."""
        try:
            return self.evaluate(node, scope)
        except EvalError as exc:
            return Unknown(f"could not evaluate: {exc}")
        except UnknownTruthValue as exc:
            return exc.unknown
        except RecursionError:
            return Unknown("could not evaluate: expression nests too deeply")
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            return Unknown(f"could not evaluate: unsupported construct ({type(exc).__name__})")

    # ---- terms -------------------------------------------------------------------------

    def _token(self, token: Token) -> Any:
        return str(token)

    def _expr_term(self, node: Tree, scope: Scope) -> Any:
        children = [c for c in node.children if isinstance(c, Tree) and c.data !=
                    "new_line_or_comment"]
        if not children:
            raise EvalError("empty expression")
        return self.evaluate(children[0], scope)

    def _int_lit(self, node: Tree, scope: Scope) -> int:
        return int(str(node.children[0]))

    def _float_lit(self, node: Tree, scope: Scope) -> float:
        return float(str(node.children[0]))

    def _literal_value(self, node: Tree, scope: Scope) -> Any:
        return {"true": True, "false": False, "null": None}[str(node.children[0])]

    def _identifier(self, node: Tree, scope: Scope) -> Any:
        return scope.lookup(str(node.children[0]))

    def _tuple(self, node: Tree, scope: Scope) -> list[Any]:
        return [self.evaluate(c, scope) for c in _exprs(node)]

    def _object(self, node: Tree, scope: Scope) -> Any:
        result: dict[str, Any] = {}
        for elem in node.children:
            if not isinstance(elem, Tree) or elem.data != "object_elem":
                continue
            key_node = elem.children[0].children[0]
            key = self._object_key(key_node, scope)
            value = self.evaluate(elem.children[-1], scope)
            if isinstance(key, Unknown):
                return merge_unknowns([key], "object key known only after apply")
            result[key] = value
        return result

    def _object_key(self, node: Any, scope: Scope) -> Any:
        bare = _bare_identifier(node)
        if bare is not None:
            return bare
        if isinstance(node, Tree) and node.data == "keyword":
            return str(node.children[0])
        key = self.evaluate(node, scope)
        return key if isinstance(key, Unknown) else to_string(key)

    # ---- strings and templates ---------------------------------------------------------

    def _string(self, node: Tree, scope: Scope) -> Any:
        parts = [p.children[0] for p in node.children
                 if isinstance(p, Tree) and p.data == "string_part"]
        return self._template(parts, scope)

    def _template(self, parts: list[Any], scope: Scope) -> Any:
        if any(isinstance(p, Tree) and p.data.startswith("template_") for p in parts):
            return self._template_with_directives(parts, scope)
        if len(parts) == 1 and isinstance(parts[0], Tree):
            return self.evaluate(parts[0].children[1], scope)  # "${x}" keeps x's type
        pieces: list[Any] = []
        for part in parts:
            if isinstance(part, Token):
                pieces.append(unescape(str(part)))
            else:
                pieces.append(self.evaluate(part.children[1], scope))
        return _concat(pieces)

    def _template_with_directives(self, parts: list[Any], scope: Scope) -> Any:
        """``%{if}``/``%{else}``/``%{endif}`` are honoured; ``%{for}`` makes the string unknown."""
        pieces: list[Any] = []
        active: list[bool] = []
        for part in parts:
            kind = part.data if isinstance(part, Tree) else "text"
            if kind == "template_for_start":
                return Unknown("template %{for} directive not evaluated")
            if kind == "template_if_start":
                cond = self.evaluate(_exprs(part)[0], scope)
                if isinstance(cond, Unknown):
                    return merge_unknowns([cond])
                active.append(bool(cond))
            elif kind == "template_else":
                active[-1] = not active[-1]
            elif kind == "template_endif":
                active.pop()
            elif all(active):
                pieces.append(unescape(str(part)) if kind == "text"
                              else self.evaluate(part.children[1], scope))
        return _concat(pieces)

    def _heredoc_template(self, node: Tree, scope: Scope) -> Any:
        return self._heredoc(str(node.children[0]), scope, trim=False)

    def _heredoc_template_trim(self, node: Tree, scope: Scope) -> Any:
        return self._heredoc(str(node.children[0]), scope, trim=True)

    def _heredoc(self, raw: str, scope: Scope, trim: bool) -> Any:
        lines = raw.splitlines(keepends=True)[1:-1]
        if trim:
            indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
            cut = min(indents, default=0)
            lines = [line[cut:] for line in lines]
        return self.render_template("".join(lines), scope)

    def render_template(self, body: str, scope: Scope) -> Any:
        """A template text (heredoc body, ``templatefile`` content) with ``${...}`` evaluated;
        ``%{...}`` directives make it unknown."""
        if "%{" in body.replace("%%{", ""):
            return Unknown("template directive not evaluated")
        pieces: list[Any] = []
        for is_expr, text in _split_template(body):
            pieces.append(self.evaluate(_parse_expression(text), scope) if is_expr
                          else text.replace("$${", "${").replace("%%{", "%{"))
        if len(pieces) == 1 and not isinstance(pieces[0], str):
            return pieces[0]
        return _concat(pieces)

    def _template_string(self, node: Tree, scope: Scope) -> str:
        return unescape(str(node.children[0])[2:-2])

    # ---- traversal -----------------------------------------------------------------------

    def _get_attr_expr_term(self, node: Tree, scope: Scope) -> Any:
        base = self.evaluate(node.children[0], scope)
        return get_attr(base, _attr_name(node.children[1]))

    def _index_expr_term(self, node: Tree, scope: Scope) -> Any:
        base = self.evaluate(node.children[0], scope)
        return self._apply_index(base, node.children[1], scope)

    def _apply_index(self, base: Any, index: Tree, scope: Scope) -> Any:
        if index.data == "short_index":
            key: Any = int(str(index.children[-1]))
        else:
            key = self.evaluate(_exprs(index)[0], scope)
        return get_index(base, key)

    def _attr_splat_expr_term(self, node: Tree, scope: Scope) -> Any:
        return self._splat(node, scope)

    def _full_splat_expr_term(self, node: Tree, scope: Scope) -> Any:
        return self._splat(node, scope)

    def _splat(self, node: Tree, scope: Scope) -> Any:
        base = self.evaluate(node.children[0], scope)
        steps = [c for c in node.children[1].children if isinstance(c, Tree)]
        items = splat_items(base)
        if isinstance(items, Unknown):
            return items
        result = []
        for item in items:
            for step in steps:
                if step.data == "get_attr":
                    item = get_attr(item, _attr_name(step))
                else:
                    item = self._apply_index(item, step, scope)
            result.append(item)
        return result

    # ---- operators -----------------------------------------------------------------------

    def _unary_op(self, node: Tree, scope: Scope) -> Any:
        operator = str(node.children[0])
        value = self.evaluate(node.children[1], scope)
        if isinstance(value, Unknown):
            return value
        if operator == "!":
            if not isinstance(value, bool):
                raise EvalError("'!' needs a bool")
            return not value
        return -to_number(value)

    def _binary_op(self, node: Tree, scope: Scope) -> Any:
        left = self.evaluate(node.children[0], scope)
        term = node.children[1]
        operator = str(term.children[0].children[0])
        short_circuit = (operator == "&&" and left is False) or (operator == "||" and left is True)
        if short_circuit:
            return left
        right = self.evaluate(_exprs(term)[-1], scope)
        return binary(operator, left, right)

    def _conditional(self, node: Tree, scope: Scope) -> Any:
        cond_node, true_node, false_node = _exprs(node)
        condition = self.evaluate(cond_node, scope)
        if isinstance(condition, Unknown):
            a = self.evaluate_safely(true_node, scope)
            b = self.evaluate_safely(false_node, scope)
            if a == b and not contains_unknown(a):
                return a
            return merge_unknowns([condition, a, b], condition.reason)
        if not isinstance(condition, bool):
            condition = condition in ("true",) if isinstance(condition, str) else bool(condition)
        return self.evaluate(true_node if condition else false_node, scope)

    # ---- for expressions -----------------------------------------------------------------

    def _for_tuple_expr(self, node: Tree, scope: Scope) -> Any:
        intro, body = _for_parts(node)
        results: list[Any] = []
        for inner in self._for_iterations(intro, node, scope):
            if isinstance(inner, Unknown):
                return inner
            results.append(self.evaluate(body[0], inner))
        return results

    def _for_object_expr(self, node: Tree, scope: Scope) -> Any:
        intro, body = _for_parts(node)
        grouping = any(isinstance(c, Token) and str(c) == "..." for c in node.children)
        result: dict[str, Any] = {}
        for inner in self._for_iterations(intro, node, scope):
            if isinstance(inner, Unknown):
                return inner
            key = self.evaluate(body[0], inner)
            if isinstance(key, Unknown):
                return merge_unknowns([key], "for expression key known only after apply")
            value = self.evaluate(body[1], inner)
            if grouping:
                result.setdefault(to_string(key), []).append(value)
            else:
                result[to_string(key)] = value
        return result

    def _for_iterations(self, intro: Tree, node: Tree, scope: Scope) -> Any:
        names = [str(c.children[0]) for c in intro.children
                 if isinstance(c, Tree) and c.data == "identifier"]
        source = next(c for c in _exprs(intro) if c.data != "identifier")
        collection = as_collection(self.evaluate(source, scope))
        if isinstance(collection, Unknown):
            yield merge_unknowns([collection], "for expression over a value known after apply")
            return
        cond = next((c for c in node.children if isinstance(c, Tree) and c.data == "for_cond"),
                    None)
        if isinstance(collection, dict):
            pairs = list(collection.items())
        elif isinstance(collection, (list, tuple)):
            pairs = list(enumerate(collection))
        else:
            raise EvalError("for expression over a value that is not a collection")
        for key, value in pairs:
            inner = scope.child(**({names[0]: key, names[1]: value} if len(names) == 2
                                   else {names[0]: value}))
            if cond is not None:
                keep = self.evaluate(_exprs(cond)[0], inner)
                if isinstance(keep, Unknown):
                    yield merge_unknowns([keep], "for expression filter known only after apply")
                    return
                if not keep:
                    continue
            yield inner

    # ---- functions -----------------------------------------------------------------------

    def _function_call(self, node: Tree, scope: Scope) -> Any:
        names = [str(c.children[0]) for c in node.children
                 if isinstance(c, Tree) and c.data == "identifier"]
        name = names[-1]
        args_node = next((c for c in node.children if isinstance(c, Tree)
                          and c.data == "arguments"), None)
        arg_nodes = _exprs(args_node) if args_node is not None else []
        expand = args_node is not None and any(
            isinstance(c, Token) and str(c) == "..." for c in args_node.children)
        if len(names) > 1:
            return Unknown(f"provider function {'::'.join(names)} not evaluated")
        if name == "try":
            return self._try(arg_nodes, scope)
        if name == "can":
            return self._can(arg_nodes, scope)
        args = [self.evaluate(a, scope) for a in arg_nodes]
        if expand and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            args.extend(last)
        if name == "file":
            return self._read_file(to_string(args[0])) if not isinstance(args[0], Unknown) \
                else args[0]
        if name == "templatefile":
            return self._templatefile(args)
        if name in APPLY_TIME_FUNCTIONS:
            return Unknown(f"{name}() is known only at apply time")
        function = FUNCTIONS.get(name)
        if function is None:
            return merge_unknowns(args, f"function {name}() not evaluated")
        if any(isinstance(a, Unknown) for a in args) and name not in ("jsonencode", "coalesce"):
            return merge_unknowns(args)
        try:
            return function(*args)
        except NeedsUnknown:
            return merge_unknowns(args)
        except EvalError:
            raise
        except (TypeError, ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
            raise EvalError(f"{name}(): {type(exc).__name__}") from None

    def _templatefile(self, args: list[Any]) -> Any:
        """``templatefile(path, vars)``: the file (inside the scanned tree) rendered with only
        ``vars`` in scope, as Terraform does."""
        if len(args) != 2:
            raise EvalError("templatefile() takes a path and a map of variables")
        path, variables = args
        if isinstance(path, Unknown) or isinstance(variables, Unknown):
            return merge_unknowns(args)
        if not isinstance(variables, dict):
            raise EvalError("templatefile() variables must be a map")
        text = self._read_file(to_string(path))
        if isinstance(text, Unknown):
            return text
        return self.render_template(str(text), Scope(_template_root, dict(variables)))

    def _try(self, arg_nodes: list[Any], scope: Scope) -> Any:
        for arg in arg_nodes:
            try:
                value = self.evaluate(arg, scope)
            except (EvalError, UnknownTruthValue):
                continue
            return value
        raise EvalError("try(): no argument could be evaluated")

    def _can(self, arg_nodes: list[Any], scope: Scope) -> Any:
        try:
            value = self.evaluate(arg_nodes[0], scope)
        except (EvalError, UnknownTruthValue):
            return False
        return merge_unknowns([value]) if isinstance(value, Unknown) else True


# ---- value operations shared with the module evaluator ---------------------------------------


def get_attr(base: Any, name: str) -> Any:
    """``base.name`` on dicts, traversable objects and unknowns."""
    if isinstance(base, Unknown):
        return base
    if isinstance(base, dict):
        if name in base:
            return base[name]
        raise EvalError(f"no attribute '{name}'")
    if hasattr(base, "get_attr"):
        return base.get_attr(name)
    if isinstance(base, list):
        raise EvalError(f"'.{name}' on a list: use [*] or an index")
    raise EvalError(f"no attribute '{name}' on a {type(base).__name__}")


def get_index(base: Any, key: Any) -> Any:
    """``base[key]`` on lists, dicts, traversable objects and unknowns."""
    if isinstance(base, Unknown):
        return base
    if isinstance(key, Unknown):
        return merge_unknowns([key, base] if hasattr(base, "address") else [key])
    if hasattr(base, "get_index"):
        return base.get_index(key)
    if isinstance(base, dict):
        name = to_string(key)
        if name in base:
            return base[name]
        raise EvalError(f"no key '{name}'")
    if isinstance(base, (list, tuple)):
        try:
            return base[int(to_number(key))]
        except IndexError:
            raise EvalError("index out of range") from None
    raise EvalError(f"cannot index a {type(base).__name__}")


def as_collection(value: Any) -> Any:
    """``value`` as a list or dict to iterate over; lazily expanded objects are unwrapped."""
    if isinstance(value, (dict, list, tuple, Unknown)) or value is None:
        return value
    if hasattr(value, "splat_items"):
        items = value.splat_items()
        if isinstance(items, Unknown) or len(items) != 1 or items[0] is not value:
            return items
    raise EvalError("expected a collection")


def splat_items(base: Any) -> Any:
    """The elements a splat iterates over (a single value is a one-element list, null none)."""
    if isinstance(base, Unknown):
        return base
    if hasattr(base, "splat_items"):
        return base.splat_items()
    if base is None:
        return []
    if isinstance(base, (list, tuple)):
        return list(base)
    if isinstance(base, dict):
        return [base]
    return [base]


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: math.fmod(a, b),  # the sign follows the dividend, as in Terraform
}
_COMPARISON: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


def binary(operator: str, left: Any, right: Any) -> Any:
    """Apply a binary operator with Terraform's rules and unknown propagation."""
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return merge_unknowns([left, right])
    if operator in ("==", "!="):
        if contains_unknown(left) or contains_unknown(right):
            return merge_unknowns([left, right])
        equal = _normalize(left) == _normalize(right)
        return equal if operator == "==" else not equal
    if operator in ("&&", "||"):
        if not isinstance(left, bool) or not isinstance(right, bool):
            raise EvalError(f"'{operator}' needs bools")
        return (left and right) if operator == "&&" else (left or right)
    a, b = to_number(left), to_number(right)
    if operator in _COMPARISON:
        return _COMPARISON[operator](a, b)
    try:
        result = _ARITHMETIC[operator](a, b)
    except ZeroDivisionError:
        raise EvalError("division by zero") from None
    return int(result) if isinstance(result, float) and result.is_integer() and operator != "/" \
        else result


def _normalize(value: Any) -> Any:
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _concat(pieces: list[Any]) -> Any:
    if any(isinstance(p, Unknown) for p in pieces):
        lead = []
        for piece in pieces:
            if isinstance(piece, Unknown):
                lead.append(piece.prefix)
                break
            if isinstance(piece, (list, dict)) or piece is None:
                break
            lead.append(to_string(piece))
        return dataclasses.replace(merge_unknowns(pieces), prefix="".join(lead))
    if any(isinstance(p, (list, dict)) for p in pieces):
        raise EvalError("a list or map cannot be part of a string")
    return "".join(to_string(p) for p in pieces)


# ---- tree helpers --------------------------------------------------------------------------

_SKIP = frozenset({"new_line_or_comment", "binary_operator", "identifier_list"})


def _exprs(node: Tree) -> list[Any]:
    """The expression children of ``node`` (skipping punctuation, comments and keywords)."""
    return [c for c in node.children if isinstance(c, Tree) and c.data not in _SKIP
            and c.data not in ("for_intro", "for_cond", "keyword")]


def _for_parts(node: Tree) -> tuple[Tree, list[Any]]:
    intro = next(c for c in node.children if isinstance(c, Tree) and c.data == "for_intro")
    body = [c for c in _exprs(node) if c is not intro]
    return intro, body


def _attr_name(node: Tree) -> str:
    target = node.children[-1]
    return str(target.children[0]) if isinstance(target, Tree) else str(target)


def _bare_identifier(node: Any) -> str | None:
    if isinstance(node, Tree) and node.data == "expr_term" and len(node.children) == 1:
        inner = node.children[0]
        if isinstance(inner, Tree) and inner.data == "identifier":
            return str(inner.children[0])
    return None


def _template_root(name: str) -> Any:
    raise EvalError(f"'{name}' is not a template variable")


def symbol_value(value: Any, origin: str) -> Any:
    """Tag strings read from a variable or local with its origin (the first origin wins)."""
    if isinstance(value, SymbolStr):
        return value
    if isinstance(value, str):
        return SymbolStr(value, origin)
    if isinstance(value, dict):
        return {k: symbol_value(v, origin) for k, v in value.items()}
    if isinstance(value, list):
        return [symbol_value(v, origin) for v in value]
    return value


def _split_template(body: str) -> list[tuple[bool, str]]:
    """Split heredoc text into literal pieces and ``${...}`` expression sources."""
    pieces: list[tuple[bool, str]] = []
    pos = 0
    for match in re.finditer(r"(?<!\$)\$\{", body):
        if match.start() < pos:
            continue
        end = _closing_brace(body, match.end())
        pieces.append((False, body[pos:match.start()]))
        pieces.append((True, body[match.end():end].strip().strip("~").strip()))
        pos = end + 1
    pieces.append((False, body[pos:]))
    return [p for p in pieces if p[1] or p[0]]


def _closing_brace(text: str, start: int) -> int:
    depth, i, quote = 1, start, False
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = False
        elif ch == '"':
            quote = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise EvalError("unterminated interpolation in heredoc")


@functools.lru_cache(maxsize=4096)
def _parse_expression(source: str) -> Tree:
    try:
        tree = hcl2.parses_to_tree(f"x = {source}\n")
    except Exception:
        raise EvalError("invalid interpolation in heredoc") from None
    attribute = next(c for c in tree.children[0].children
                     if isinstance(c, Tree) and c.data == "attribute")
    return attribute.children[-1]
