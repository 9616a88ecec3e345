"""The configuration file: ``.kling-posture.toml``, ``[tool.kling-posture]`` or ``--config``.

Every key is validated; an unknown key or a bad value is a :class:`ConfigError` naming the key.
Example::

    scope = "kling"                 # or "all"
    fail_on = "high"
    kling_patterns = ["VIDEOGEN_.*KEY"]
    webhook_urls = ["https://hooks.example.com/kling"]

    [parameters]
    max_rotation_days = 60
    allowed_egress = ["api.klingai.com:443", "api-singapore.klingai.com:443"]
    cert_min_days_left = 21

    [rules]
    disable = ["KP-DATA-01"]        # or enable = [...] to run only those

    [environments]                  # path glob or address glob -> environment
    "stacks/blue/**" = "prod"

    [[waivers]]
    rule = "KP-NET-01"
    resource = "module.legacy.*"    # address or ARN; * and ? match
    reason = "legacy egress proxy, replaced in VID-512"
    until = 2027-03-31
    owner = "platform-team"
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILE = ".kling-posture.toml"
SCOPES = ("kling", "all")
SEVERITIES = ("info", "low", "medium", "high", "critical")
TOP_LEVEL = {"scope", "fail_on", "kling_patterns", "webhook_urls", "parameters", "rules",
             "environments", "waivers"}
WAIVER_KEYS = {"rule", "resource", "reason", "until", "owner"}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class ConfigWaiver:
    """A waiver declared in the configuration file (for any source, live ones included)."""

    rule: str
    resource: str
    reason: str
    until: dt.date
    owner: str | None = None


@dataclass
class Config:
    """Validated settings; defaults where the file is silent."""

    path: Path | None = None
    scope: str | None = None
    fail_on: str | None = None
    kling_patterns: list[str] = field(default_factory=list)
    webhook_urls: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    enable: list[str] | None = None
    disable: list[str] = field(default_factory=list)
    environments: dict[str, str] = field(default_factory=dict)
    waivers: list[ConfigWaiver] = field(default_factory=list)


def find_config(scan_path: Path) -> Path | None:
    """The configuration beside the scanned tree: ``.kling-posture.toml`` or a pyproject table."""
    folder = scan_path if scan_path.is_dir() else scan_path.parent
    candidate = folder / CONFIG_FILE
    if candidate.is_file():
        return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return None
        if "kling-posture" in data.get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | None, known_parameters: dict[str, Any],
                known_rules: list[str]) -> Config:
    """Read and validate ``path`` (``None``: all defaults)."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({_toml_position(exc)})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("kling-posture", {})
    return _validate(path, data, known_parameters, known_rules)


def _toml_position(exc: Exception) -> str:
    match = re.search(r"at line (\d+), column (\d+)", str(exc))
    return f"line {match.group(1)}, column {match.group(2)}" if match else "syntax error"


def _validate(path: Path, data: dict[str, Any], known_parameters: dict[str, Any],
              known_rules: list[str]) -> Config:
    where = str(path)
    unknown = sorted(set(data) - TOP_LEVEL)
    if unknown:
        known = ", ".join(sorted(TOP_LEVEL))
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' (known: {known})")
    config = Config(path=path)
    config.scope = _choice(where, "scope", data.get("scope"), SCOPES)
    config.fail_on = _choice(where, "fail_on", data.get("fail_on"), SEVERITIES)
    config.kling_patterns = _patterns(where, data.get("kling_patterns", []))
    config.webhook_urls = _strings(where, "webhook_urls", data.get("webhook_urls", []))
    for url in config.webhook_urls:
        if not re.match(r"^[a-z]+://", url):
            raise ConfigError(f"{where}: webhook_urls: '{url}' is not a URL")
    config.parameters = _parameters(where, data.get("parameters", {}), known_parameters)
    rules = _table(where, "rules", data.get("rules", {}))
    unknown = sorted(set(rules) - {"enable", "disable"})
    if unknown:
        raise ConfigError(f"{where}: unknown key 'rules.{unknown[0]}' (known: enable, disable)")
    if "enable" in rules:
        config.enable = _rule_ids(where, "rules.enable", rules["enable"], known_rules)
    config.disable = _rule_ids(where, "rules.disable", rules.get("disable", []), known_rules)
    environments = _table(where, "environments", data.get("environments", {}))
    config.environments = {str(k): _string(where, f"environments.{k}", v)
                           for k, v in environments.items()}
    waivers = data.get("waivers", [])
    if not isinstance(waivers, list):
        raise ConfigError(f"{where}: waivers must be an array of tables ([[waivers]])")
    config.waivers = [_waiver(where, i, w, known_rules) for i, w in enumerate(waivers)]
    return config


def _choice(where: str, key: str, value: Any, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    if value not in choices:
        raise ConfigError(f"{where}: {key} must be one of {', '.join(choices)}")
    return str(value)


def _string(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key} must be a non-empty string")
    return value


def _strings(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return [_string(where, key, v) for v in value]


def _table(where: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a table")
    return value


def _patterns(where: str, value: Any) -> list[str]:
    patterns = _strings(where, "kling_patterns", value)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error:
            raise ConfigError(f"{where}: kling_patterns: '{pattern}' is not a valid regular "
                              "expression") from None
    return patterns


def _parameters(where: str, value: Any, known: dict[str, Any]) -> dict[str, Any]:
    table = _table(where, "parameters", value)
    result: dict[str, Any] = {}
    for key, item in table.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key 'parameters.{key}' "
                              f"(known: {', '.join(sorted(known))})")
        default = known[key]
        if isinstance(default, bool) or not isinstance(item, type(default)) or (
                isinstance(default, list) and not all(isinstance(x, str) for x in item)):
            raise ConfigError(f"{where}: parameters.{key} must be "
                              f"{_kind(default)} like {default!r}")
        if isinstance(item, int) and item <= 0:
            raise ConfigError(f"{where}: parameters.{key} must be a positive number")
        result[key] = item
    return result


def _kind(default: Any) -> str:
    return "a list of strings" if isinstance(default, list) else f"a {type(default).__name__}"


def _rule_ids(where: str, key: str, value: Any, known: list[str]) -> list[str]:
    ids = _strings(where, key, value)
    for rule_id in ids:
        if rule_id not in known:
            raise ConfigError(f"{where}: {key}: unknown rule '{rule_id}'")
    return ids


def _waiver(where: str, index: int, value: Any, known_rules: list[str]) -> ConfigWaiver:
    key = f"waivers[{index}]"
    table = _table(where, key, value)
    unknown = sorted(set(table) - WAIVER_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key '{key}.{unknown[0]}'")
    rule = _string(where, f"{key}.rule", table.get("rule"))
    if rule not in known_rules:
        raise ConfigError(f"{where}: {key}.rule: unknown rule '{rule}'")
    until = table.get("until")
    if isinstance(until, str):
        try:
            until = dt.date.fromisoformat(until)
        except ValueError:
            until = None
    if not isinstance(until, dt.date) or isinstance(until, dt.datetime):
        raise ConfigError(f"{where}: {key}.until must be a date such as 2027-03-31")
    owner = table.get("owner")
    resource = _string(where, f"{key}.resource", table.get("resource"))
    return ConfigWaiver(rule=rule, resource=resource,
                        reason=_string(where, f"{key}.reason", table.get("reason")), until=until,
                        owner=_string(where, f"{key}.owner", owner) if owner is not None else None)
