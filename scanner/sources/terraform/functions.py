"""Terraform's built-in functions, on known values.

Each function receives already-evaluated arguments.  An argument (or a nested element a
function must read) that is :class:`Unknown` makes the result unknown: functions raise
:class:`NeedsUnknown` and the caller turns that into an :class:`Unknown` carrying the refs.
Misuse (wrong types, missing keys) raises :class:`EvalError`, as Terraform would fail.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import re
from collections.abc import Callable
from typing import Any

from ...values import JsonStr, Unknown, contains_unknown, merge_unknowns


class EvalError(Exception):
    """An expression Terraform itself would reject or fail on."""


class NeedsUnknown(Exception):
    """A function needed a value that is unknown."""


def _known(value: Any) -> Any:
    if isinstance(value, Unknown):
        raise NeedsUnknown
    return value


def _str(value: Any) -> str:
    value = _known(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return to_string(value)
    if isinstance(value, str):
        return value
    raise EvalError(f"expected a string, got {type(value).__name__}")


def to_string(value: Any) -> str:
    """Terraform's string conversion of a primitive."""
    value = _known(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, str)):
        return str(value)
    if value is None:
        raise EvalError("null value in a string")
    raise EvalError(f"cannot convert {type(value).__name__} to string")


def to_number(value: Any) -> int | float:
    """Terraform's number conversion."""
    value = _known(value)
    if isinstance(value, bool):
        raise EvalError("cannot convert bool to number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise EvalError("not a number") from None
        return int(number) if number.is_integer() and "." not in value else number
    raise EvalError("cannot convert to number")


def _list(value: Any) -> list[Any]:
    value = _known(value)
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, dict):
        raise EvalError("expected a list, got an object")
    raise EvalError("expected a list")


def _dict(value: Any) -> dict[str, Any]:
    value = _known(value)
    if isinstance(value, dict):
        return value
    raise EvalError("expected a map or object")


def _collection_items(value: Any) -> list[Any]:
    value = _known(value)
    if isinstance(value, dict):
        return list(value.values())
    return _list(value)


def tf_jsonencode(value: Any) -> Any:
    """``jsonencode``: a :class:`JsonStr`, or an unknown that keeps the structure."""
    if contains_unknown(value):
        return Unknown("jsonencode of a value known only after apply",
                       merge_unknowns([value]).refs, structure=value)
    try:
        return JsonStr(json.dumps(value, separators=(",", ":"), sort_keys=True), value)
    except (TypeError, ValueError):
        raise EvalError("value cannot be encoded as JSON") from None


def tf_jsondecode(text: Any) -> Any:
    """``jsondecode``."""
    try:
        return json.loads(_str(text))
    except ValueError:
        raise EvalError("invalid JSON") from None


def tf_yamldecode(text: Any) -> Any:
    """``yamldecode`` (YAML 1.2 core schema as far as PyYAML's safe loader goes)."""
    import yaml

    try:
        return yaml.safe_load(_str(text))
    except yaml.YAMLError:
        raise EvalError("invalid YAML") from None


def tf_lookup(mapping: Any, key: Any, *default: Any) -> Any:
    """``lookup(map, key, default)``."""
    data = _dict(mapping)
    name = _str(key)
    if name in data:
        return data[name]
    if default:
        return default[0]
    raise EvalError("lookup: key not found and no default")


def tf_merge(*maps: Any) -> dict[str, Any]:
    """``merge``: later maps win."""
    result: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        result.update(_dict(item))
    return result


def tf_concat(*lists: Any) -> list[Any]:
    """``concat``."""
    return [x for item in lists for x in _list(item)]


def tf_format(spec: Any, *args: Any) -> str:
    """``format`` with Terraform's verbs (%s %d %f %v %q %t %%, widths and precision)."""
    text = _str(spec)
    out: list[str] = []
    index = 0
    pos = 0
    for match in re.finditer(r"%([-+ #0]*)(\d*)(?:\.(\d+))?([sdfvqtxXobeEgG%])", text):
        out.append(text[pos:match.start()])
        pos = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        if index >= len(args):
            raise EvalError("format: not enough arguments")
        arg = _known(args[index])
        index += 1
        if verb in "sv":
            piece = _str(arg) if not isinstance(arg, (list, dict)) else json.dumps(arg)
        elif verb == "q":
            piece = json.dumps(_str(arg))
        elif verb == "t":
            piece = "true" if arg else "false"
        elif verb == "d":
            out.append(("%" + flags + width + "d") % int(to_number(arg)))
            continue
        else:
            piece = ("%" + flags + width + ("." + precision if precision else "") + verb) % (
                to_number(arg))
            out.append(piece)
            continue
        out.append(piece.rjust(int(width)) if width and "-" not in flags
                   else piece.ljust(int(width)) if width else piece)
    out.append(text[pos:])
    return "".join(out)


def tf_join(separator: Any, *lists: Any) -> str:
    """``join``."""
    return _str(separator).join(_str(x) for item in lists for x in _list(item))


def tf_split(separator: Any, text: Any) -> list[str]:
    """``split``."""
    return _str(text).split(_str(separator))


def tf_replace(text: Any, search: Any, replacement: Any) -> str:
    """``replace``: a ``/regex/`` search is a regular expression."""
    subject, pattern, repl = _str(text), _str(search), _str(replacement)
    if len(pattern) > 1 and pattern.startswith("/") and pattern.endswith("/"):
        go_repl = re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", repl)
        return re.sub(pattern[1:-1], go_repl, subject)
    return subject.replace(pattern, repl)


def tf_coalesce(*values: Any) -> Any:
    """``coalesce``: the first value that is not null or empty string."""
    for value in values:
        if isinstance(value, Unknown):
            raise NeedsUnknown
        if value is not None and value != "":
            return value
    raise EvalError("coalesce: no non-null argument")


def tf_coalescelist(*values: Any) -> Any:
    """``coalescelist``: the first non-empty list."""
    for value in values:
        if _list(value):
            return value
    raise EvalError("coalescelist: no non-empty list")


def tf_element(items: Any, index: Any) -> Any:
    """``element`` wraps around."""
    data = _list(items)
    if not data:
        raise EvalError("element: empty list")
    return data[int(to_number(index)) % len(data)]


def tf_keys(mapping: Any) -> list[str]:
    """``keys`` in lexical order."""
    return sorted(_dict(mapping))


def tf_values(mapping: Any) -> list[Any]:
    """``values`` in key order."""
    data = _dict(mapping)
    return [data[k] for k in sorted(data)]


def tf_toset(items: Any) -> list[Any]:
    """``toset``: unique elements (sorted when they are all strings, as Terraform shows sets)."""
    data = _list(items)
    unique: list[Any] = []
    for item in data:
        if item not in unique:
            unique.append(item)
    if all(isinstance(x, str) for x in unique):
        unique.sort()
    return unique


def tf_flatten(items: Any) -> list[Any]:
    """``flatten``."""
    result: list[Any] = []
    for item in _list(items):
        if isinstance(item, Unknown):
            raise NeedsUnknown
        if isinstance(item, (list, tuple)):
            result.extend(tf_flatten(list(item)))
        else:
            result.append(item)
    return result


def tf_length(value: Any) -> int:
    """``length`` of a string, list or map."""
    value = _known(value)
    if isinstance(value, (str, list, tuple, dict)):
        return len(value)
    raise EvalError("length: unsupported type")


def tf_contains(items: Any, value: Any) -> bool:
    """``contains``."""
    data = _list(items)
    if isinstance(value, Unknown) or any(isinstance(x, Unknown) for x in data):
        raise NeedsUnknown
    return value in data


def tf_tobool(value: Any) -> bool:
    """``tobool``."""
    value = _known(value)
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError("cannot convert to bool")


def tf_zipmap(keys: Any, values: Any) -> dict[str, Any]:
    """``zipmap``."""
    return dict(zip([_str(k) for k in _list(keys)], _list(values), strict=False))


def tf_distinct(items: Any) -> list[Any]:
    """``distinct``."""
    result: list[Any] = []
    for item in _list(items):
        if item not in result:
            result.append(item)
    return result


def tf_compact(items: Any) -> list[str]:
    """``compact``: drop null and empty strings."""
    return [_str(x) for x in _list(items) if _known(x) not in (None, "")]


def tf_slice(items: Any, start: Any, end: Any) -> list[Any]:
    """``slice``."""
    return _list(items)[int(to_number(start)):int(to_number(end))]


def tf_substr(text: Any, offset: Any, length: Any) -> str:
    """``substr``; a length of -1 means to the end."""
    subject = _str(text)
    begin, size = int(to_number(offset)), int(to_number(length))
    return subject[begin:] if size < 0 else subject[begin:begin + size]


def tf_regex(pattern: Any, text: Any) -> Any:
    """``regex``: the match, its groups as a list, or named groups as a map."""
    match = re.search(_str(pattern), _str(text))
    if not match:
        raise EvalError("regex: no match")
    if match.groupdict():
        return match.groupdict()
    return list(match.groups()) if match.groups() else match.group(0)


def tf_cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    """``cidrsubnet``."""
    network = ipaddress.ip_network(_str(prefix), strict=False)
    subnets = network.subnets(prefixlen_diff=int(to_number(newbits)))
    for index, subnet in enumerate(subnets):
        if index == int(to_number(netnum)):
            return str(subnet)
    raise EvalError("cidrsubnet: netnum out of range")


def tf_range(*args: Any) -> list[int | float]:
    """``range``."""
    numbers = [to_number(a) for a in args]
    start, stop, step = (0, numbers[0], 1) if len(numbers) == 1 else (
        numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 1)
    count = max(0, math.ceil((stop - start) / step))
    if count > 1024:
        raise EvalError("range: too many elements")
    return [start + i * step for i in range(count)]


def _wrap(fn: Callable[[str], Any]) -> Callable[[Any], Any]:
    return lambda value: fn(_str(value))


def _one(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return fn


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": tf_jsonencode,
    "jsondecode": tf_jsondecode,
    "yamldecode": tf_yamldecode,
    "lookup": tf_lookup,
    "merge": tf_merge,
    "concat": tf_concat,
    "format": tf_format,
    "join": tf_join,
    "split": tf_split,
    "lower": _wrap(str.lower),
    "upper": _wrap(str.upper),
    "title": _wrap(str.title),
    "trimspace": _wrap(str.strip),
    "chomp": _wrap(lambda s: s.rstrip("\r\n")),
    "replace": tf_replace,
    "coalesce": tf_coalesce,
    "coalescelist": tf_coalescelist,
    "tostring": lambda v: None if v is None else to_string(v),
    "tonumber": lambda v: None if v is None else to_number(v),
    "tobool": lambda v: None if v is None else tf_tobool(v),
    "tolist": lambda v: _collection_items(v) if not isinstance(v, dict) else list(v.values()),
    "tomap": lambda v: dict(_dict(v)),
    "toset": tf_toset,
    "length": tf_length,
    "element": tf_element,
    "keys": tf_keys,
    "values": tf_values,
    "flatten": tf_flatten,
    "contains": tf_contains,
    "startswith": lambda s, p: _str(s).startswith(_str(p)),
    "endswith": lambda s, p: _str(s).endswith(_str(p)),
    "trimprefix": lambda s, p: _str(s).removeprefix(_str(p)),
    "trimsuffix": lambda s, p: _str(s).removesuffix(_str(p)),
    "trim": lambda s, c: _str(s).strip(_str(c)),
    "zipmap": tf_zipmap,
    "distinct": tf_distinct,
    "compact": tf_compact,
    "slice": tf_slice,
    "substr": tf_substr,
    "regex": tf_regex,
    "can_regex": tf_regex,
    "min": lambda *a: min(to_number(x) for x in a),
    "max": lambda *a: max(to_number(x) for x in a),
    "abs": lambda x: abs(to_number(x)),
    "ceil": lambda x: math.ceil(to_number(x)),
    "floor": lambda x: math.floor(to_number(x)),
    "index": lambda items, v: _list(items).index(v),
    "reverse": lambda items: list(reversed(_list(items))),
    "sort": lambda items: sorted(_str(x) for x in _list(items)),
    "one": lambda items: (_list(items) or [None])[0],
    "sum": lambda items: sum(to_number(x) for x in _list(items)),
    "alltrue": lambda items: all(_known(x) in (True, "true") for x in _list(items)),
    "anytrue": lambda items: any(_known(x) in (True, "true") for x in _list(items)),
    "base64encode": lambda s: base64.b64encode(_str(s).encode()).decode(),
    "base64decode": lambda s: base64.b64decode(_str(s)).decode("utf-8", "replace"),
    "sha256": lambda s: hashlib.sha256(_str(s).encode()).hexdigest(),
    "md5": lambda s: hashlib.md5(_str(s).encode()).hexdigest(),
    "cidrsubnet": tf_cidrsubnet,
    "range": tf_range,
    "setunion": lambda *a: tf_toset([x for item in a for x in _list(item)]),
    "setintersection": lambda first, *rest: [x for x in tf_toset(first)
                                            if all(x in _list(r) for r in rest)],
    "setsubtract": lambda a, b: [x for x in tf_toset(a) if x not in _list(b)],
    "transpose": lambda m: {v: sorted(k for k, vs in _dict(m).items() if v in _list(vs))
                            for vs in _dict(m).values() for v in _list(vs)},
    "nonsensitive": _one(lambda v: v),
    "sensitive": _one(lambda v: v),
    "type": _one(lambda v: type(v).__name__),
}
"""Functions evaluated on known values. Anything else (``timestamp``, ``uuid``, ``templatefile``,
provider functions) yields an :class:`Unknown`; ``file``, ``try`` and ``can`` need the evaluator
and live there."""

APPLY_TIME_FUNCTIONS = frozenset({"timestamp", "uuid", "bcrypt", "uuidv5", "plantimestamp"})
