"""KP-AUD-01 through the real parser on real fixtures: exact (rule, address, status) sets."""

from __future__ import annotations

from pathlib import Path

from kling_posture.catalogue import load_catalogue
from kling_posture.model import Finding

from .conftest import FIXTURES, scan, triples, write_tree

RULE = "KP-AUD-01"
CASES = FIXTURES / "kp_aud_01"
NO_TRAIL = ("no CloudTrail in the scanned code; audit logging of secret access cannot be "
            "verified (it is often managed in a separate account)")

AWS_TRAILS = {
    (RULE, "aws_cloudtrail.default_selectors", "PASS"),
    (RULE, "aws_cloudtrail.read_only", "PASS"),
    (RULE, "aws_cloudtrail.mixed_selectors", "PASS"),
    (RULE, "aws_cloudtrail.write_only", "FAIL"),
    (RULE, "aws_cloudtrail.data_events_only", "FAIL"),
    (RULE, "aws_cloudtrail.single_region", "FAIL"),
    (RULE, "aws_cloudtrail.stopped", "FAIL"),
    (RULE, "aws_cloudtrail.variable_region", "UNKNOWN"),
    (RULE, "aws_cloudtrail.variable_region_unvalidated", "FAIL"),
    (RULE, "aws_cloudtrail.dynamic_selectors", "UNKNOWN"),
    (RULE, "module.audit.aws_cloudtrail.advanced_management", "PASS"),
    (RULE, "module.audit.aws_cloudtrail.advanced_writes_only", "FAIL"),
    (RULE, "module.audit.aws_cloudtrail.advanced_data_only", "FAIL"),
}


def _by_address(path: Path, scope: str = "kling") -> dict[str, Finding]:
    return {f.resource.address: f for f in scan(path, scope=scope).findings if f.rule_id == RULE}


def test_aws_trails_are_judged_where_kling_secrets_are() -> None:
    assert triples(scan(CASES / "aws").findings, RULE) == AWS_TRAILS
    assert triples(scan(CASES / "aws", scope="all").findings, RULE) == AWS_TRAILS


def test_aws_evidence_and_messages() -> None:
    found = _by_address(CASES / "aws")
    write_only = found["aws_cloudtrail.write_only"]
    assert write_only.evidence == {
        "is_multi_region_trail": True, "enable_log_file_validation": True,
        "enable_logging": "true (default)",
        "event_selectors": [{"read_write_type": "WriteOnly", "include_management_events": True}],
        "management_read_events": "not logged"}
    assert "GetSecretValue is not logged" in write_only.message
    assert write_only.resource.line == 51
    single = found["aws_cloudtrail.single_region"]
    assert "not multi-region" in single.message
    assert "log file validation is off" in single.message
    # a known failure decides even when another value is unknown
    unvalidated = found["aws_cloudtrail.variable_region_unvalidated"]
    assert unvalidated.evidence["is_multi_region_trail"] == "unknown"
    assert unvalidated.message.endswith("(also unknown: is_multi_region_trail)")
    unknown = found["aws_cloudtrail.variable_region"]
    assert "var.multi_region" in unknown.message
    default = found["aws_cloudtrail.default_selectors"]
    assert default.evidence["event_selectors"].startswith("none")


def test_aws_kling_secrets_without_a_trail_give_one_unknown_on_the_first_kling_secret() -> None:
    kling = scan(CASES / "aws_no_trail").findings
    assert triples(kling, RULE) == {(RULE, "aws_secretsmanager_secret.kling_ak", "UNKNOWN")}
    finding = next(f for f in kling if f.rule_id == RULE)
    assert finding.message == NO_TRAIL
    assert finding.evidence == {"aws_cloudtrail": None, "kling_secrets": 2}
    # with --scope all every secret counts: the first one of the evaluation carries it
    assert triples(scan(CASES / "aws_no_trail", scope="all").findings, RULE) == {
        (RULE, "aws_secretsmanager_secret.database", "UNKNOWN")}


def test_aws_trails_without_kling_secrets_only_with_scope_all() -> None:
    assert triples(scan(CASES / "aws_no_kling").findings, RULE) == set()
    assert triples(scan(CASES / "aws_no_kling", scope="all").findings, RULE) == {
        (RULE, "aws_cloudtrail.main", "FAIL")}


def test_a_looked_up_kling_secret_counts(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
        data "aws_secretsmanager_secret" "kling_sk" {
          name = "kling/prod/sk"
        }
    '''})
    assert triples(scan(tmp_path).findings, RULE) == {
        (RULE, "data.aws_secretsmanager_secret.kling_sk", "UNKNOWN")}


def test_each_evaluation_is_judged_on_its_own(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "prod/main.tf": '''
            resource "aws_secretsmanager_secret" "kling" {
              name = "kling/prod/sk"
            }
        ''',
        "audit/main.tf": '''
            resource "aws_cloudtrail" "org" {
              name                       = "org"
              s3_bucket_name             = "logs"
              is_multi_region_trail      = true
              enable_log_file_validation = true
            }
        '''})
    assert triples(scan(tmp_path).findings, RULE) == {
        (RULE, "aws_secretsmanager_secret.kling", "UNKNOWN")}
    assert triples(scan(tmp_path, scope="all").findings, RULE) == {
        (RULE, "aws_secretsmanager_secret.kling", "UNKNOWN"),
        (RULE, "aws_cloudtrail.org", "PASS")}


def test_advanced_selector_that_drops_secrets_manager(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
        resource "aws_secretsmanager_secret" "kling" {
          name = "kling/prod/sk"
        }
        resource "aws_cloudtrail" "no_secrets_manager" {
          name                       = "t"
          s3_bucket_name             = "logs"
          is_multi_region_trail      = true
          enable_log_file_validation = true
          advanced_event_selector {
            field_selector {
              field  = "eventCategory"
              equals = ["Management"]
            }
            field_selector {
              field      = "eventSource"
              not_equals = ["secretsmanager.amazonaws.com"]
            }
          }
        }
        resource "aws_cloudtrail" "reads_only" {
          name                       = "r"
          s3_bucket_name             = "logs"
          is_multi_region_trail      = "true"
          enable_log_file_validation = true
          advanced_event_selector {
            field_selector {
              field  = "eventCategory"
              equals = ["Management"]
            }
            field_selector {
              field      = "readOnly"
              not_equals = ["false"]
            }
          }
        }
    '''})
    assert triples(scan(tmp_path).findings, RULE) == {
        (RULE, "aws_cloudtrail.no_secrets_manager", "FAIL"),
        (RULE, "aws_cloudtrail.reads_only", "PASS")}


GCP_CONFIGS = {
    (RULE, "google_project_iam_audit_config.prod_secrets", "PASS"),
    (RULE, "google_project_iam_audit_config.staging_secrets", "FAIL"),
    (RULE, "google_project_iam_audit_config.dev_all_services", "PASS"),
    (RULE, "google_project_iam_audit_config.dev_secrets", "PASS"),
    (RULE, "google_project_iam_audit_config.variable_service", "UNKNOWN"),
    (RULE, "google_folder_iam_audit_config.media", "FAIL"),
}


def test_gcp_audit_configs() -> None:
    assert triples(scan(CASES / "gcp").findings, RULE) == GCP_CONFIGS
    # other services are not judged, with --scope all either
    assert triples(scan(CASES / "gcp", scope="all").findings, RULE) == GCP_CONFIGS


def test_gcp_evidence_and_messages() -> None:
    found = _by_address(CASES / "gcp")
    staging = found["google_project_iam_audit_config.staging_secrets"]
    assert staging.evidence == {
        "service": "secretmanager.googleapis.com", "log_types": ["ADMIN_READ", "DATA_WRITE"]}
    assert "does not enable DATA_READ" in staging.message
    union = found["google_project_iam_audit_config.dev_secrets"]
    assert union.evidence["data_read_from"] == [
        "google_project_iam_audit_config.dev_all_services"]
    exempted = found["google_project_iam_audit_config.dev_all_services"]
    assert exempted.evidence["data_read_exempted_members"] == [
        "serviceAccount:ci@kling-dev.iam.gserviceaccount.com"]


def test_gcp_organization_config_and_authoritative_policies() -> None:
    expected = {
        (RULE, "google_organization_iam_audit_config.org", "PASS"),
        (RULE, "google_project_iam_audit_config.prod_secrets", "PASS"),
        (RULE, "google_project_iam_policy.render", "PASS"),
    }
    assert triples(scan(CASES / "gcp_policy").findings, RULE) == expected
    assert triples(scan(CASES / "gcp_policy", scope="all").findings, RULE) == expected
    inherited = _by_address(CASES / "gcp_policy")["google_project_iam_audit_config.prod_secrets"]
    assert "inherited from the organization" in inherited.message


def test_gcp_kling_secrets_without_audit_config_give_one_unknown() -> None:
    findings = scan(CASES / "gcp_no_audit").findings
    assert triples(findings, RULE) == {
        (RULE, "google_secret_manager_secret.kling_ak", "UNKNOWN")}
    assert "no audit config for Secret Manager" in next(
        f.message for f in findings if f.rule_id == RULE)
    # the storage audit config is not judged; the anchor stays the first Kling secret
    assert triples(scan(CASES / "gcp_no_audit", scope="all").findings, RULE) == {
        (RULE, "google_secret_manager_secret.webhook_token", "UNKNOWN")}


def test_gcp_without_kling_secrets_only_with_scope_all() -> None:
    assert triples(scan(CASES / "gcp_no_kling").findings, RULE) == set()
    assert triples(scan(CASES / "gcp_no_kling", scope="all").findings, RULE) == {
        (RULE, "google_project_iam_audit_config.secrets", "FAIL"),
        (RULE, "google_project_iam_policy.acme", "FAIL")}


def test_gcp_policy_data_that_cannot_be_read_is_unknown(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
        variable "policy" {
          type = string
        }
        resource "google_secret_manager_secret" "kling_sk" {
          secret_id = "kling-sk"
          replication {
            auto {}
          }
        }
        resource "google_project_iam_policy" "prod" {
          project     = "kling-prod"
          policy_data = var.policy
        }
        resource "google_project_iam_policy" "json" {
          project     = "kling-json"
          policy_data = jsonencode({
            auditConfigs = [{
              service         = "allServices"
              auditLogConfigs = [{ logType = "DATA_READ" }]
            }]
          })
        }
    '''})
    assert triples(scan(tmp_path).findings, RULE) == {
        (RULE, "google_project_iam_policy.prod", "UNKNOWN"),
        (RULE, "google_project_iam_policy.json", "PASS")}


def test_catalogue_entry() -> None:
    rule = next(r for r in load_catalogue() if r.id == RULE)
    assert rule.severity.value == "medium"
    assert rule.sources == ["terraform", "aws", "gcp"]
    assert rule.frameworks == {"iso27001": ["A.8.15"], "soc2": ["CC7.2"],
                               "nist_800_53": ["AU-2", "AU-12"], "gdpr": ["Art. 30"]}
