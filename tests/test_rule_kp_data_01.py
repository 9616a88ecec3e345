"""KP-DATA-01 through the real parser on real fixtures: exact (rule, address, status) sets."""

from __future__ import annotations

from pathlib import Path

from kling_posture.catalogue import load_catalogue
from kling_posture.model import Finding

from .conftest import FIXTURES, scan, triples, write_tree

RULE = "KP-DATA-01"
CASES = FIXTURES / "kp_data_01"

AWS_KLING = {
    (RULE, "aws_s3_bucket.kling_videos", "PASS"),
    (RULE, "aws_s3_bucket.kling_public_policy", "FAIL"),
    (RULE, "aws_s3_bucket.kling_thumbnails", "FAIL"),
    (RULE, "aws_s3_bucket.kling_archive", "FAIL"),
    (RULE, "aws_s3_bucket.kling_legacy", "PASS"),
    (RULE, "aws_s3_bucket.kling_previews", "FAIL"),
    (RULE, "aws_s3_bucket.kling_drafts", "UNKNOWN"),
    (RULE, 'aws_s3_bucket.kling_renders["eu"]', "PASS"),
    (RULE, 'aws_s3_bucket.kling_renders["us"]', "PASS"),
    (RULE, "aws_s3_bucket.video_output", "FAIL"),
}

GCP_KLING = {
    (RULE, "google_storage_bucket.kling_videos", "PASS"),
    (RULE, "google_storage_bucket.kling_audit_copies", "PASS"),
    (RULE, "google_storage_bucket.kling_defaults", "FAIL"),
    (RULE, "google_storage_bucket.kling_shared", "FAIL"),
    (RULE, "google_storage_bucket.kling_versioned", "FAIL"),
    (RULE, "google_storage_bucket.renders", "FAIL"),
    (RULE, "google_storage_bucket.kling_staging", "UNKNOWN"),
    (RULE, "google_storage_bucket.video_outputs", "FAIL"),
}


def _by_address(path: Path, scope: str = "kling") -> dict[str, Finding]:
    return {f.resource.address: f for f in scan(path, scope=scope).findings if f.rule_id == RULE}


def test_aws_cases() -> None:
    assert triples(scan(CASES / "aws").findings, RULE) == AWS_KLING


def test_aws_scope_all_judges_every_bucket() -> None:
    assert triples(scan(CASES / "aws", scope="all").findings, RULE) == AWS_KLING | {
        (RULE, "aws_s3_bucket.access_logs", "FAIL")}


def test_aws_evidence_lists_every_sub_check() -> None:
    found = _by_address(CASES / "aws")
    thumbnails = found["aws_s3_bucket.kling_thumbnails"]
    assert thumbnails.resource.line == 107
    assert thumbnails.evidence == {
        "public_access_block": {
            "block_public_acls": True, "block_public_policy": True, "ignore_public_acls": True,
            "restrict_public_buckets": False,
            "from": ["aws_s3_bucket_public_access_block.kling_thumbnails"]},
        "public_acl": {"aws_s3_bucket_acl.kling_thumbnails": "public-read"},
        "public_policy": {"policies": [], "public_statements": []},
        "lifecycle_expiration": {"from": "aws_s3_bucket_lifecycle_configuration.kling_thumbnails",
                                 "rule": "expire", "days": 14, "prefix": "thumbs/"},
        "failed_checks": ["public_access_block", "public_acl"],
    }
    assert "restrict_public_buckets" in thumbnails.message
    assert "public-read" in thumbnails.message
    archive = found["aws_s3_bucket.kling_archive"]
    assert archive.evidence["failed_checks"] == ["public_access_block", "lifecycle_expiration"]
    assert "no public access block" in archive.message
    policy = found["aws_s3_bucket.kling_public_policy"]
    assert policy.evidence["public_policy"]["public_statements"] == [
        "aws_s3_bucket_policy.kling_public_policy statement PublicRead"]
    previews = found["aws_s3_bucket.kling_previews"]
    assert "AnyoneOverTls" in previews.message
    drafts = found["aws_s3_bucket.kling_drafts"]
    assert drafts.evidence["unknown_checks"] == ["lifecycle_expiration"]
    assert "var.retention_days" in drafts.message
    videos = found["aws_s3_bucket.kling_videos"]
    assert videos.message.endswith("objects expire after 30 days")


def test_aws_account_block_and_unresolved_attachment() -> None:
    expected = {
        (RULE, "aws_s3_bucket.kling_output", "PASS"),
        (RULE, "aws_s3_bucket.kling_uploads", "UNKNOWN"),
    }
    assert triples(scan(CASES / "aws_account").findings, RULE) == expected
    assert triples(scan(CASES / "aws_account", scope="all").findings, RULE) == expected
    uploads = _by_address(CASES / "aws_account")["aws_s3_bucket.kling_uploads"]
    assert "aws_s3_bucket_lifecycle_configuration.uploads" in uploads.message


def test_aws_a_known_failure_decides_over_an_unknown(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
        variable "days" {
          type = number
        }
        resource "aws_s3_bucket" "kling" {
          bucket = "kling-out"
        }
        resource "aws_s3_bucket_lifecycle_configuration" "kling" {
          bucket = aws_s3_bucket.kling.id
          rule {
            id     = "expire"
            status = "Enabled"
            filter {}
            expiration {
              days = var.days
            }
          }
        }
    '''})
    findings = [f for f in scan(tmp_path).findings if f.rule_id == RULE]
    assert triples(findings, RULE) == {(RULE, "aws_s3_bucket.kling", "FAIL")}
    assert findings[0].evidence["unknown_checks"] == ["lifecycle_expiration"]
    assert "also unknown: lifecycle_expiration" in findings[0].message


def test_aws_public_grants_and_not_principal(tmp_path: Path) -> None:
    block = '''
        resource "aws_s3_bucket_public_access_block" "{name}" {{
          bucket                  = aws_s3_bucket.{name}.id
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }}
        resource "aws_s3_bucket_lifecycle_configuration" "{name}" {{
          bucket = aws_s3_bucket.{name}.id
          rule {{
            id     = "expire"
            status = "Enabled"
            filter {{}}
            expiration {{
              days = 30
            }}
          }}
        }}
    '''
    write_tree(tmp_path, {"main.tf": "".join(block.format(name=n) for n in (
        "kling_grant", "kling_not_principal", "kling_vpc_only")) + '''
        resource "aws_s3_bucket" "kling_grant" {
          bucket = "kling-grant"
        }
        resource "aws_s3_bucket_acl" "kling_grant" {
          bucket = aws_s3_bucket.kling_grant.id
          access_control_policy {
            grant {
              grantee {
                type = "Group"
                uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
              }
              permission = "READ"
            }
            owner {
              id = "abc"
            }
          }
        }
        resource "aws_s3_bucket" "kling_not_principal" {
          bucket = "kling-not-principal"
        }
        resource "aws_s3_bucket_policy" "kling_not_principal" {
          bucket = aws_s3_bucket.kling_not_principal.id
          policy = jsonencode({
            Statement = [{
              Effect       = "Allow"
              NotPrincipal = { AWS = "arn:aws:iam::123456789012:root" }
              Action       = "s3:GetObject"
              Resource     = "arn:aws:s3:::kling-not-principal/*"
            }]
          })
        }
        resource "aws_s3_bucket" "kling_vpc_only" {
          bucket = "kling-vpc-only"
        }
        resource "aws_s3_bucket_policy" "kling_vpc_only" {
          bucket = aws_s3_bucket.kling_vpc_only.id
          policy = jsonencode({
            Statement = [{
              Effect    = "Allow"
              Principal = "*"
              Action    = "s3:GetObject"
              Resource  = "arn:aws:s3:::kling-vpc-only/*"
              Condition = { StringEquals = { "aws:SourceVpce" = "vpce-1a2b3c4d" } }
            }]
          })
        }
    '''})
    assert triples(scan(tmp_path).findings, RULE) == {
        (RULE, "aws_s3_bucket.kling_grant", "FAIL"),
        (RULE, "aws_s3_bucket.kling_not_principal", "FAIL"),
        (RULE, "aws_s3_bucket.kling_vpc_only", "PASS"),
    }


def test_aws_bucket_used_by_a_kling_ecs_task_is_in_scope(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
        resource "aws_s3_bucket" "renders" {
          bucket = "acme-renders"
        }
        resource "aws_s3_bucket" "unrelated" {
          bucket = "acme-unrelated"
        }
        resource "aws_ecs_task_definition" "kling" {
          family = "kling-worker"
          container_definitions = jsonencode([{
            name  = "worker"
            image = "worker:1"
            environment = [{ name = "RENDER_BUCKET", value = aws_s3_bucket.renders.arn }]
          }])
        }
    '''})
    assert triples(scan(tmp_path).findings, RULE) == {(RULE, "aws_s3_bucket.renders", "FAIL")}


def test_gcp_cases() -> None:
    assert triples(scan(CASES / "gcp").findings, RULE) == GCP_KLING
    assert triples(scan(CASES / "gcp", scope="all").findings, RULE) == GCP_KLING | {
        (RULE, "google_storage_bucket.terraform_state", "FAIL")}


def test_gcp_evidence_and_messages() -> None:
    found = _by_address(CASES / "gcp")
    defaults = found["google_storage_bucket.kling_defaults"]
    assert defaults.evidence == {
        "public_access_prevention": "inherited (default)",
        "uniform_bucket_level_access": False,
        "retention": None,
        "public_iam": {"grants": [], "public_members": {}},
        "failed_checks": ["public_access_prevention", "uniform_bucket_level_access",
                          "retention"],
    }
    shared = found["google_storage_bucket.kling_shared"]
    assert shared.evidence["public_iam"]["public_members"] == {
        "google_storage_bucket_iam_member.kling_shared_public": ["allUsers"]}
    assert "allUsers" in shared.message
    versioned = found["google_storage_bucket.kling_versioned"]
    assert "noncurrent versions" in versioned.message
    copies = found["google_storage_bucket.kling_audit_copies"]
    assert copies.evidence["retention"] == {"retention_policy": {"retention_period": 2592000}}


def test_count_zero_has_no_finding() -> None:
    addresses = {f.resource.address for f in scan(CASES / "aws", scope="all").findings}
    assert not any("kling_disabled" in a for a in addresses)


def test_catalogue_entry() -> None:
    rule = next(r for r in load_catalogue() if r.id == RULE)
    assert rule.severity.value == "medium"
    assert rule.sources == ["terraform", "aws", "gcp"]
    assert rule.frameworks == {"iso27001": ["A.8.10", "A.5.33"], "soc2": ["C1.2", "CC6.1"],
                               "nist_800_53": ["SI-12", "AC-3"],
                               "gdpr": ["Art. 5(1)(e)", "Art. 32"]}


def test_gcp_members_from_resource_attributes_are_named_principals(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.tf": '''
        variable "reader" {
          type = string
        }
        resource "google_service_account" "kling_worker" {
          account_id = "kling-worker"
        }
        resource "google_storage_bucket" "kling_named" {
          name                        = "kling-named"
          location                    = "EU"
          public_access_prevention    = "enforced"
          uniform_bucket_level_access = true
          retention_policy {
            retention_period = 86400
          }
        }
        resource "google_storage_bucket_iam_member" "worker" {
          bucket = google_storage_bucket.kling_named.name
          role   = "roles/storage.objectAdmin"
          member = "serviceAccount:${google_service_account.kling_worker.email}"
        }
        resource "google_storage_bucket" "kling_variable" {
          name                        = "kling-variable"
          location                    = "EU"
          public_access_prevention    = "enforced"
          uniform_bucket_level_access = true
          retention_policy {
            retention_period = 86400
          }
        }
        resource "google_storage_bucket_iam_member" "reader" {
          bucket = google_storage_bucket.kling_variable.name
          role   = "roles/storage.objectViewer"
          member = var.reader
        }
    '''})
    assert triples(scan(tmp_path).findings, RULE) == {
        (RULE, "google_storage_bucket.kling_named", "PASS"),
        (RULE, "google_storage_bucket.kling_variable", "UNKNOWN"),
    }
