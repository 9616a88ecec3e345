"""The rule catalogue: metadata validated on load, IDs equal to file names, CONTROLS.md clauses."""

from __future__ import annotations

from pathlib import Path

import pytest

from kling_posture import catalogue
from kling_posture.catalogue import CatalogueError, load_catalogue

EXPECTED_CLAUSES = {
    "KP-CRED-01": {"iso27001": ["A.5.17", "A.8.24"], "soc2": ["CC6.1"],
                   "nist_800_53": ["IA-5(7)", "SC-28"], "gdpr": ["Art. 32"]},
    "KP-ROT-01": {"iso27001": ["A.5.17"], "soc2": ["CC6.1"], "nist_800_53": ["IA-5", "SC-12"],
                  "gdpr": ["Art. 32"]},
    "KP-ENV-01": {"iso27001": ["A.8.31"], "soc2": ["CC6.1", "CC8.1"],
                  "nist_800_53": ["CM-7", "SC-32"], "gdpr": ["Art. 32"]},
    "KP-NET-01": {"iso27001": ["A.8.20", "A.8.22"], "soc2": ["CC6.6"], "nist_800_53": ["SC-7(5)"],
                  "gdpr": ["Art. 32", "Art. 44"]},
    "KP-TLS-01": {"iso27001": ["A.8.24"], "soc2": ["CC6.7"], "nist_800_53": ["SC-8(1)", "SC-13"],
                  "gdpr": ["Art. 32(1)(a)"]},
    "KP-AUD-01": {"iso27001": ["A.8.15"], "soc2": ["CC7.2"], "nist_800_53": ["AU-2", "AU-12"],
                  "gdpr": ["Art. 30"]},
    "KP-DATA-01": {"iso27001": ["A.8.10", "A.5.33"], "soc2": ["C1.2", "CC6.1"],
                   "nist_800_53": ["SI-12", "AC-3"], "gdpr": ["Art. 5(1)(e)", "Art. 32"]},
    "KP-API-01": {"iso27001": ["A.8.24"], "soc2": ["CC6.7"], "nist_800_53": ["SC-8(1)"],
                  "gdpr": ["Art. 32"]},
}


def test_catalogue_loads_with_the_framework_mapping_of_controls_md() -> None:
    rules = {rule.id: rule for rule in load_catalogue()}
    assert set(rules) == set(EXPECTED_CLAUSES)
    for rule_id, clauses in EXPECTED_CLAUSES.items():
        assert rules[rule_id].frameworks == clauses
    assert rules["KP-ROT-01"].parameters == {"max_rotation_days": 90}
    assert all(rule.check is not None for rule in rules.values())


VALID = Path(catalogue.__file__).parent.parent / "rules" / "KP-ROT-01.toml"


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace('id = "KP-ROT-01"', 'id = "KP-ROT-02"'), "id must equal"),
    (lambda t: t.replace('severity = "high"', 'severity = "urgent"'), "severity"),
    (lambda t: t.replace('gdpr = ["Art. 32"]', ""), "frameworks"),
    (lambda t: t.replace('title = ', 'colour = "red"\ntitle = '), "unknown keys"),
    (lambda t: t.replace('why = """', 'why_not = """'), "'why' is required"),
])
def test_invalid_metadata_is_rejected(edit, message) -> None:  # type: ignore[no-untyped-def]
    import tomllib

    data = tomllib.loads(edit(VALID.read_text()))
    with pytest.raises(CatalogueError, match=message):
        catalogue._validate("KP-ROT-01", data)
