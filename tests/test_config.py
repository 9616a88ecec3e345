"""The configuration file: parameters, scope, rule selection; clear errors naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kling_posture.config import ConfigError, find_config, load_config
from kling_posture.pipeline import ScanRequest, run_scan

from .conftest import FIXTURES, triples

KNOWN = {"max_rotation_days": 90, "allowed_egress": ["api.klingai.com:443"]}
RULES = ["KP-CRED-01", "KP-ROT-01"]


def write(tmp_path: Path, text: str, name: str = ".kling-posture.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_defaults_without_a_file() -> None:
    config = load_config(None, KNOWN, RULES)
    assert config.scope is None and config.parameters == {} and config.waivers == []


def test_a_full_file_is_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '''
scope = "all"
fail_on = "high"
kling_patterns = ["VIDEOGEN_.*KEY"]
webhook_urls = ["https://hooks.example.com/kling"]
[parameters]
max_rotation_days = 30
[rules]
disable = ["KP-CRED-01"]
[environments]
"stacks/blue/**" = "prod"
[[waivers]]
rule = "KP-ROT-01"
resource = "aws_secretsmanager_secret.*"
reason = "rotation lambda ships in VID-7"
until = 2027-03-31
'''), KNOWN, RULES)
    assert (config.scope, config.fail_on) == ("all", "high")
    assert config.parameters == {"max_rotation_days": 30}
    assert config.disable == ["KP-CRED-01"]
    assert config.environments == {"stacks/blue/**": "prod"}
    assert config.waivers[0].until.isoformat() == "2027-03-31"


@pytest.mark.parametrize(("text", "message"), [
    ("colour = 1", "unknown key 'colour'"),
    ("scope = \"everything\"", "scope must be one of"),
    ("[parameters]\nmax_rotation_day = 30", "unknown key 'parameters.max_rotation_day'"),
    ("[parameters]\nmax_rotation_days = \"30\"", "parameters.max_rotation_days must be"),
    ("[parameters]\nmax_rotation_days = -1", "positive"),
    ("[parameters]\nallowed_egress = \"api.klingai.com:443\"", "parameters.allowed_egress"),
    ("[rules]\ndisable = [\"KP-NOPE-01\"]", "unknown rule 'KP-NOPE-01'"),
    ("kling_patterns = [\"(\"]", "not a valid regular expression"),
    ("[[waivers]]\nrule = \"KP-ROT-01\"\nresource = \"x\"\nreason = \"r\"", "until must be a date"),
    ("[[waivers]]\nrule = \"KP-ROT-01\"\nresource = \"x\"\nuntil = 2027-01-01", "reason"),
    ("scope = \nfail_on = \"low\"", "not valid TOML (line 1"),
])
def test_bad_values_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_config(write(tmp_path, text), KNOWN, RULES)


def test_pyproject_table_is_found(tmp_path: Path) -> None:
    path = write(tmp_path, '[tool.kling-posture]\nscope = "all"\n', "pyproject.toml")
    assert find_config(tmp_path) == path
    assert load_config(path, KNOWN, RULES).scope == "all"


def test_config_changes_the_scan(tmp_path: Path) -> None:
    config = write(tmp_path, '[parameters]\nmax_rotation_days = 200\n[rules]\n'
                             'disable = ["KP-CRED-01"]\n')
    result = run_scan(ScanRequest(path=FIXTURES / "kp_rot_01" / "gcp", config_path=config))
    assert "KP-CRED-01" not in {f.rule_id for f in result.findings}
    assert triples(result.findings, "KP-ROT-01") == {
        ("KP-ROT-01", "google_secret_manager_secret.kling_ak", "PASS"),
        ("KP-ROT-01", "google_secret_manager_secret.kling_sk", "PASS"),
        ("KP-ROT-01", "google_secret_manager_secret.webhook_token", "FAIL"),
    }
    assert result.parameters["KP-ROT-01"] == {"max_rotation_days": 200}
