"""The Terraform evaluator through the real parser: values, functions, modules and unknowns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kling_posture.values import SymbolStr, Unknown

from .conftest import inventory_of


def attrs(tmp_path: Path, body: str, prelude: str = "", **options: Any) -> dict[str, Any]:
    """The attributes of ``resource "t" "r" { body }`` evaluated with ``prelude`` beside it."""
    inventory = inventory_of(tmp_path, {"main.tf": prelude + '\nresource "t" "r" {\n' + body
                                        + "\n}\n"}, **options)
    found = [r for r in inventory if r.address == "t.r"]
    assert found, [r.address for r in inventory]
    return found[0].attributes


def test_literals_and_operators(tmp_path: Path) -> None:
    a = attrs(tmp_path, """
      s = "x"
      n = 1 + 2 * 3
      f = 7 / 2
      b = !false && (1 < 2 || false)
      c = 3 == 3.0
      neg = -4 % 3
      nul = null
      l = [1, "two", true]
      m = { a = 1, "b-c" = 2 }
    """)
    assert a == {"s": "x", "n": 7, "f": 3.5, "b": True, "c": True, "neg": -1, "nul": None,
                 "l": [1, "two", True], "m": {"a": 1, "b-c": 2}}


def test_variables_locals_templates_and_conditionals(tmp_path: Path) -> None:
    prelude = """
      variable "env" { default = "prod" }
      variable "days" { default = 30 }
      locals {
        name = "kling-${var.env}"
        long = var.env == "prod" ? "yes" : "no"
      }
    """
    a = attrs(tmp_path, """
      name  = local.name
      flag  = local.long
      whole = "${var.days}"
      esc   = "$${not} \\"q\\" \\n"
      heredoc = <<-EOT
        hello ${upper(var.env)}
          indented
      EOT
      directive = "%{ if var.env == "prod" }P%{ else }D%{ endif }"
    """, prelude)
    assert a["name"] == "kling-prod"
    assert a["flag"] == "yes"
    assert a["whole"] == 30  # a lone interpolation keeps its type
    assert a["esc"] == '${not} "q" \n'
    assert a["heredoc"] == "hello PROD\n  indented\n"
    assert a["directive"] == "P"
    assert isinstance(a["name"], SymbolStr) and a["name"].origin == "local.name"


def test_functions(tmp_path: Path) -> None:
    a = attrs(tmp_path, """
      j  = jsonencode({ b = [1, 2], a = "x" })
      d  = jsondecode("{\\"k\\": [true]}")
      lk = lookup({ a = 1 }, "b", 9)
      mg = merge({ a = 1, b = 1 }, { b = 2 })
      cc = concat([1], [2, 3])
      fm = format("%s-%03d", "k", 7)
      jn = join(",", ["a", "b"])
      sp = split("/", "a/b")
      lo = lower("AbC")
      up = upper("abc")
      rp = replace("a-b-c", "-", "_")
      rr = replace("kling42", "/[0-9]+/", "")
      co = coalesce("", null, "z")
      tr = try(local.missing, "fallback")
      cn = can(local.missing)
      ts = tostring(5)
      tn = tonumber("12")
      le = length({ a = 1, b = 2 })
      el = element(["a", "b"], 3)
      ks = keys({ b = 1, a = 2 })
      vs = values({ b = 1, a = 2 })
      st = toset(["b", "a", "b"])
      tl = tolist(["x"])
      fl = flatten([[1], [2, [3]]])
      ct = contains(["a"], "a")
      sw = startswith("kling", "kl")
      ew = endswith("kling", "ng")
      tp = trimprefix("kling-prod", "kling-")
      tx = trimsuffix("kling-prod", "-prod")
    """)
    assert a["j"] == '{"a":"x","b":[1,2]}'
    assert a["d"] == {"k": [True]}
    assert (a["lk"], a["mg"], a["cc"]) == (9, {"a": 1, "b": 2}, [1, 2, 3])
    assert (a["fm"], a["jn"], a["sp"]) == ("k-007", "a,b", ["a", "b"])
    assert (a["lo"], a["up"], a["rp"], a["rr"]) == ("abc", "ABC", "a_b_c", "kling")
    assert (a["co"], a["tr"], a["cn"]) == ("z", "fallback", False)
    assert (a["ts"], a["tn"], a["le"], a["el"]) == ("5", 12, 2, "b")
    assert (a["ks"], a["vs"], a["st"], a["tl"]) == (["a", "b"], [2, 1], ["a", "b"], ["x"])
    assert (a["fl"], a["ct"], a["sw"], a["ew"]) == ([1, 2, 3], True, True, True)
    assert (a["tp"], a["tx"]) == ("prod", "kling")


def test_file_function_is_confined_to_the_scanned_tree(tmp_path: Path) -> None:
    (tmp_path / "policy.json").write_text('{"x": 1}')
    a = attrs(tmp_path, """
      inside  = file("${path.module}/policy.json")
      outside = file("/etc/hostname")
    """)
    assert a["inside"] == '{"x": 1}'
    assert isinstance(a["outside"], Unknown)


def test_for_expressions_and_splats(tmp_path: Path) -> None:
    prelude = """
      locals {
        envs = { dev = 1, prod = 2 }
      }
      resource "s" "many" {
        count = 2
        name  = "n${count.index}"
      }
    """
    a = attrs(tmp_path, """
      up     = [for k, v in local.envs : upper(k) if v > 1]
      obj    = { for k, v in local.envs : v => k }
      group  = { for k, v in local.envs : "all" => k... }
      names  = s.many[*].name
      legacy = s.many.*.name
      ids    = s.many[*].id
    """, prelude)
    assert a["up"] == ["PROD"]
    assert a["obj"] == {"1": "dev", "2": "prod"}
    assert a["group"] == {"all": ["dev", "prod"]}
    assert a["names"] == ["n0", "n1"] and a["legacy"] == ["n0", "n1"]
    assert all(isinstance(i, Unknown) for i in a["ids"])
    assert a["ids"][1].refs == ("s.many[1]",)


def test_apply_time_attributes_keep_their_identity(tmp_path: Path) -> None:
    prelude = """
      resource "aws_secretsmanager_secret" "kling" {
        for_each = toset(["ak", "sk"])
        name     = "kling/${each.key}"
      }
    """
    a = attrs(tmp_path, """
      arn       = aws_secretsmanager_secret.kling["sk"].arn
      name      = aws_secretsmanager_secret.kling["ak"].name
      templated = "${aws_secretsmanager_secret.kling["sk"].arn}:key::"
    """, prelude)
    assert isinstance(a["arn"], Unknown)
    assert a["arn"].refs == ('aws_secretsmanager_secret.kling["sk"]',)
    assert a["name"] == "kling/ak"
    assert isinstance(a["templated"], Unknown)
    assert a["templated"].refs == ('aws_secretsmanager_secret.kling["sk"]',)


def test_unknowns_propagate_and_are_never_guessed(tmp_path: Path) -> None:
    prelude = 'variable "unset" {}\nvariable "flag" { type = bool }\n'
    a = attrs(tmp_path, """
      plain     = var.unset
      derived   = upper(var.unset)
      sum       = var.unset + 1
      cond      = var.flag ? "a" : "b"
      same      = var.flag ? "a" : "a"
      composite = "x-${var.unset}"
      listed    = [var.unset, "k"]
      encoded   = jsonencode({ a = var.unset, b = "lit" })
      ts        = timestamp()
    """, prelude)
    for key in ("plain", "derived", "sum", "cond", "composite", "ts", "encoded"):
        assert isinstance(a[key], Unknown), key
    assert a["same"] == "a"
    assert isinstance(a["listed"][0], Unknown) and a["listed"][1] == "k"
    assert a["encoded"].structure["b"] == "lit"


def test_variable_precedence(tmp_path: Path) -> None:
    (tmp_path / "extra.tfvars").write_text('v = "from-var-file"\nw = "w-file"\n')
    files = {
        "main.tf": """
          variable "v" { default = "default" }
          variable "w" { default = "default" }
          variable "x" { default = "default" }
          variable "y" { default = "default" }
          resource "t" "r" {
            v = var.v
            w = var.w
            x = var.x
            y = var.y
          }
        """,
        "terraform.tfvars": 'v = "tfvars"\nx = "tfvars"\n',
        "b.auto.tfvars": 'x = "auto"\ny = "auto"\n',
    }
    inventory = inventory_of(tmp_path, files, var_files=[tmp_path / "extra.tfvars"],
                             variables={"w": "cli"})
    resource = next(r for r in inventory if r.address == "t.r")
    assert resource.attributes == {"v": "from-var-file", "w": "cli", "x": "auto", "y": "auto"}


def test_count_for_each_and_empty_collections(tmp_path: Path) -> None:
    inventory = inventory_of(tmp_path, {"main.tf": """
      variable "unknown_count" {}
      resource "t" "counted" { count = 2 }
      resource "t" "none" { count = 0 }
      resource "t" "keyed" { for_each = { prod = 1, dev = 2 } }
      resource "t" "empty" { for_each = {} }
      resource "t" "unknown" { count = var.unknown_count }
    """})
    addresses = {r.address for r in inventory if r.type == "t"}
    assert addresses == {"t.counted[0]", "t.counted[1]", 't.keyed["dev"]', 't.keyed["prod"]',
                         "t.unknown[?]"}


def test_local_modules_are_evaluated_with_caller_inputs(tmp_path: Path) -> None:
    inventory = inventory_of(tmp_path, {
        "main.tf": """
          module "api" {
            source   = "./modules/api"
            for_each = toset(["dev", "prod"])
            env      = each.key
          }
          module "remote" {
            source = "terraform-aws-modules/lambda/aws"
          }
          resource "t" "uses" {
            name   = module.api["prod"].name
            remote = module.remote.lambda_function_arn
          }
        """,
        "modules/api/main.tf": """
          variable "env" {}
          resource "aws_lambda_function" "kling" {
            function_name = "kling-${var.env}"
          }
          output "name" { value = aws_lambda_function.kling.function_name }
        """,
    })
    by_address = {r.address: r for r in inventory}
    assert by_address['module.api["prod"].aws_lambda_function.kling'].attributes == {
        "function_name": "kling-prod"}
    assert by_address['module.api["dev"].aws_lambda_function.kling'].file == \
        "modules/api/main.tf"
    assert by_address["t.uses"].attributes["name"] == "kling-prod"
    assert isinstance(by_address["t.uses"].attributes["remote"], Unknown)
    # the called module folder is not evaluated a second time as a root of its own
    assert not any(r.address == "aws_lambda_function.kling" for r in inventory)


def test_dynamic_blocks_expand(tmp_path: Path) -> None:
    a = attrs(tmp_path, """
      dynamic "egress" {
        for_each = [443, 80]
        content {
          from_port = egress.value
        }
      }
      nested { x = 1 }
    """)
    assert a["egress"] == [{"from_port": 443}, {"from_port": 80}]
    assert a["nested"] == [{"x": 1}]


def test_parse_error_is_reported_and_other_files_still_load(tmp_path: Path) -> None:
    inventory = inventory_of(tmp_path, {
        "good.tf": 'resource "t" "ok" {}\n',
        "bad.tf": 'resource "t" "broken" {\n  a = \n',
    })
    assert [r.address for r in inventory if r.type == "t"] == ["t.ok"]
    assert len(inventory.errors) == 1
    error = inventory.errors[0]
    assert error.file == "bad.tf" and error.line is not None


def test_variable_types_fill_optional_attributes_and_convert(tmp_path: Path) -> None:
    prelude = """
      variable "rotation" {
        type = map(object({
          days     = optional(number)
          schedule = optional(string, "rate(30 days)")
        }))
        default = { ak = { days = "45" } }
      }
      variable "port" {
        type    = string
        default = 443
      }
    """
    a = attrs(tmp_path, """
      days     = var.rotation["ak"].days
      schedule = var.rotation["ak"].schedule
      port     = var.port
    """, prelude)
    assert a == {"days": 45, "schedule": "rate(30 days)", "port": "443"}


def test_a_partly_unknown_string_keeps_its_literal_start(tmp_path: Path) -> None:
    a = attrs(tmp_path, """
      url  = "https://${aws_lb.x.dns_name}/callback"
      none = "${aws_lb.x.dns_name}/callback"
    """, 'resource "aws_lb" "x" {}\n')
    assert isinstance(a["url"], Unknown) and a["url"].prefix == "https://"
    assert a["url"].refs == ("aws_lb.x",)
    assert a["none"].prefix == ""


def test_templatefile_and_yamldecode(tmp_path: Path) -> None:
    (tmp_path / "env.tpl").write_text("KLING_BASE_URL=${base}\nREGION=${upper(region)}\n")
    (tmp_path / "config.yaml").write_text("kling:\n  host: api.klingai.com\n  ports: [443]\n")
    a = attrs(tmp_path, """
      rendered = templatefile("${path.module}/env.tpl", { base = "https://api.klingai.com", region = "eu" })
      missing  = templatefile("${path.module}/env.tpl", { base = "x" })
      config   = yamldecode(file("${path.module}/config.yaml"))
    """)
    assert a["rendered"] == "KLING_BASE_URL=https://api.klingai.com\nREGION=EU\n"
    assert isinstance(a["missing"], Unknown)  # a variable the template needs is not given
    assert a["config"] == {"kling": {"host": "api.klingai.com", "ports": [443]}}
