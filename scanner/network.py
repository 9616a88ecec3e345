"""Network paths of workloads, followed once for every rule that needs them.

AWS: workload → security groups → egress rules (inline ``egress`` blocks,
``aws_security_group_rule`` of type egress, ``aws_vpc_security_group_egress_rule``); workload →
VPC → Network Firewall → policy → rule groups; VPC → Route 53 Resolver DNS Firewall.
GCP: workload → VPC network (Cloud Run ``vpc_access``, Cloud Functions connectors) → egress
``google_compute_firewall`` rules, firewall policy FQDN rules, Secure Web Proxy rules.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any

from .graph import Graph, Resolved, block, blocks, dig
from .model import Resource
from .values import Unknown, contains_unknown

ALL_PORTS = (0, 65535)
SG_TYPES = ("aws_security_group",)
EGRESS_RULE_TYPES = ("aws_security_group_rule", "aws_vpc_security_group_egress_rule")


@dataclass
class EgressRule:
    """One egress permission, normalized."""

    holder: Resource
    """The security group (inline rule) or the separate rule resource that declares it."""
    protocol: Any
    ports: Any
    """(from, to) inclusive, :data:`ALL_PORTS` for every port, or an Unknown."""
    destinations: list[Any]
    """CIDR strings; ``"sg"`` / ``"prefix-list"`` for in-network references; Unknowns."""

    @property
    def all_protocols(self) -> bool:
        """True for protocol ``-1`` / ``all``."""
        return isinstance(self.protocol, str) and self.protocol.lower() in ("-1", "all")

    def describe(self) -> str:
        """``tcp 80 to 0.0.0.0/0`` style text for messages and evidence."""
        protocol = "all protocols" if self.all_protocols else str(self.protocol)
        ports = "" if self.all_protocols else (
            "" if isinstance(self.ports, Unknown) else
            f" {self.ports[0]}" if self.ports[0] == self.ports[1] else
            f" {self.ports[0]}-{self.ports[1]}")
        where = ", ".join(d if isinstance(d, str) else "unknown" for d in self.destinations)
        return f"{protocol}{ports} to {where}"


@dataclass
class Attachment:
    """What a workload's egress is made of."""

    groups: list[Resource] = field(default_factory=list)
    unresolved: list[Any] = field(default_factory=list)
    no_vpc: bool = False


def attached_security_groups(graph: Graph, workload: Resource) -> Attachment:
    """The security groups of a Lambda, ECS service, instance or launch template."""
    attributes = workload.attributes
    rtype = workload.type
    if rtype == "aws_lambda_function":
        config = blocks(attributes.get("vpc_config"))
        subnets = config[0].get("subnet_ids") if config else None
        if not config or subnets == []:
            return Attachment(no_vpc=True)
        value = config[0].get("security_group_ids")
    elif rtype == "aws_ecs_service":
        value = dig(attributes, "network_configuration.security_groups")
    elif rtype == "aws_instance":
        value = [attributes.get("vpc_security_group_ids"), attributes.get("security_groups")]
    elif rtype == "aws_launch_template":
        value = [attributes.get("vpc_security_group_ids"),
                 [n.get("security_groups") for n in blocks(attributes.get("network_interfaces"))]]
    else:
        return Attachment()
    resolved = graph.resolve(value, workload, SG_TYPES)
    return Attachment(resolved.targets, resolved.unresolved)


def egress_rules(graph: Graph, group: Resource) -> list[EgressRule]:
    """Every egress permission of ``group``, inline or declared by separate rule resources."""
    rules = [_inline(group, block) for block in blocks(group.attributes.get("egress"))]
    for rule in graph.referrers(group, EGRESS_RULE_TYPES, "security_group_id"):
        if rule.type == "aws_security_group_rule":
            if rule.attributes.get("type") == "egress":
                rules.append(_inline(rule, rule.attributes))
        else:
            rules.append(_vpc_rule(rule))
    return rules


def _inline(holder: Resource, block: dict[str, Any]) -> EgressRule:
    if "__unknown__" in block:
        return EgressRule(holder, block["__unknown__"], block["__unknown__"],
                          [block["__unknown__"]])
    destinations = _cidrs(block.get("cidr_blocks")) + _cidrs(block.get("ipv6_cidr_blocks"))
    if any(_present(block.get(k)) for k in ("security_groups", "source_security_group_id",
                                             "self")):
        destinations.append("sg")
    if _present(block.get("prefix_list_ids")):
        destinations.append("prefix-list")
    return EgressRule(holder, block.get("protocol"), _ports(block.get("from_port"),
                                                           block.get("to_port"),
                                                           block.get("protocol")), destinations)


def _vpc_rule(rule: Resource) -> EgressRule:
    attributes = rule.attributes
    destinations = _cidrs(attributes.get("cidr_ipv4")) + _cidrs(attributes.get("cidr_ipv6"))
    if _present(attributes.get("referenced_security_group_id")):
        destinations.append("sg")
    if _present(attributes.get("prefix_list_id")):
        destinations.append("prefix-list")
    protocol = attributes.get("ip_protocol")
    return EgressRule(rule, protocol, _ports(attributes.get("from_port"),
                                             attributes.get("to_port"), protocol), destinations)


def _list_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _present(value: Any) -> bool:
    """Set to something (an unknown counts: the reference exists, its value is not known)."""
    return isinstance(value, Unknown) or value not in (None, "", [], False)


def _cidrs(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, Unknown)):
        return [value]
    if isinstance(value, list):
        return [v for v in value if v is not None]
    return []


def _ports(start: Any, end: Any, protocol: Any) -> Any:
    if isinstance(protocol, str) and protocol.lower() in ("-1", "all"):
        return ALL_PORTS
    if isinstance(start, Unknown) or isinstance(end, Unknown):
        return start if isinstance(start, Unknown) else end
    if start is None and end is None:
        return ALL_PORTS
    try:
        low = int(start if start is not None else end)
        high = int(end if end is not None else start)
    except (TypeError, ValueError):
        return Unknown("port range is not a number")
    return (low, high) if low >= 0 else ALL_PORTS


def leaves_network(destination: Any, vpc_cidrs: list[str]) -> Any:
    """True when ``destination`` is outside the VPC (or the private ranges when its CIDR is not
    known); an Unknown when it cannot be read."""
    if isinstance(destination, Unknown):
        return destination
    if destination in ("sg", "prefix-list"):
        return False
    try:
        network = ipaddress.ip_network(str(destination), strict=False)
    except ValueError:
        return Unknown(f"'{destination}' is not a CIDR block")
    inside = [ipaddress.ip_network(c, strict=False) for c in vpc_cidrs if _is_cidr(c)]
    if inside:
        return not any(network.version == n.version and network.subnet_of(n)  # type: ignore[arg-type]
                       for n in inside)
    return not network.is_private


def _is_cidr(text: Any) -> bool:
    try:
        ipaddress.ip_network(str(text), strict=False)
    except ValueError:
        return False
    return isinstance(text, str)


def ports_beyond(rule: EgressRule, allowed_ports: set[int]) -> Any:
    """True when ``rule`` opens a port outside ``allowed_ports`` (or all protocols)."""
    if rule.all_protocols:
        return True
    if isinstance(rule.ports, Unknown) or isinstance(rule.protocol, Unknown):
        return rule.ports if isinstance(rule.ports, Unknown) else rule.protocol
    low, high = rule.ports
    return not (low == high and low in allowed_ports) and not (
        low >= min(allowed_ports, default=0) and high <= max(allowed_ports, default=-1)
        and all(p in allowed_ports for p in range(low, high + 1)))


# ---- VPC and the domain allow-lists -------------------------------------------------------------


def workload_vpc(graph: Graph, workload: Resource, groups: list[Resource]) -> Resolved:
    """The VPC of a workload: through its subnets, else its security groups."""
    subnets: Any = None
    if workload.type == "aws_lambda_function":
        subnets = dig(workload.attributes, "vpc_config.subnet_ids")
    elif workload.type == "aws_ecs_service":
        subnets = dig(workload.attributes, "network_configuration.subnets")
    elif workload.type == "aws_instance":
        subnets = workload.attributes.get("subnet_id")
    if subnets is not None:
        resolved_subnets = graph.resolve(subnets, workload, ("aws_subnet",))
        if resolved_subnets.targets:
            vpc_ids = [s.attributes.get("vpc_id") for s in resolved_subnets.targets]
            return graph.resolve(vpc_ids, workload, ("aws_vpc",))
    vpc_ids = [g.attributes.get("vpc_id") for g in groups]
    if not vpc_ids:
        return Resolved(unresolved=[Unknown("no subnet or security group names the VPC")])
    return graph.resolve(vpc_ids, workload, ("aws_vpc",))


def vpc_cidrs(vpc: Resolved) -> list[str]:
    """The IPv4 / IPv6 CIDR blocks of the resolved VPC(s)."""
    cidrs = []
    for target in vpc.targets:
        for key in ("cidr_block", "ipv6_cidr_block"):
            value = target.attributes.get(key)
            if isinstance(value, str):
                cidrs.append(value)
    return cidrs


@dataclass
class DomainEnforcement:
    """A domain allow-list found for a network, and whether it holds only the allowed hosts."""

    kind: str
    resource: Resource
    hosts: list[str]
    valid: bool
    problem: str = ""


def aws_domain_enforcement(graph: Graph, vpc: Resource, allowed_hosts: set[str]
                           ) -> list[DomainEnforcement]:
    """Network Firewall rule groups and DNS Firewall rule groups guarding ``vpc``."""
    found: list[DomainEnforcement] = []
    for firewall in graph.referrers(vpc, ("aws_networkfirewall_firewall",), "vpc_id"):
        policies = graph.resolve(firewall.attributes.get("firewall_policy_arn"), firewall,
                                 ("aws_networkfirewall_firewall_policy",)).targets
        for policy in policies:
            references = blocks(dig(policy.attributes,
                                    "firewall_policy.stateful_rule_group_reference"))
            for reference in references:
                groups = graph.resolve(reference.get("resource_arn"), policy,
                                       ("aws_networkfirewall_rule_group",)).targets
                found.extend(_network_firewall_group(group, allowed_hosts) for group in groups)
    associations = graph.referrers(
        vpc, ("aws_route53_resolver_firewall_rule_group_association",), "vpc_id")
    for association in associations:
        groups = graph.resolve(association.attributes.get("firewall_rule_group_id"), association,
                               ("aws_route53_resolver_firewall_rule_group",)).targets
        found.extend(_dns_firewall_group(graph, group, allowed_hosts) for group in groups)
    return found


def _network_firewall_group(group: Resource, allowed: set[str]) -> DomainEnforcement:
    source = block(dig(group.attributes, "rule_group.rules_source.rules_source_list"))
    if not isinstance(source, dict):
        return DomainEnforcement("network-firewall", group, [], False,
                                 "rule group has no domain list (rules_source_list)")
    targets = source.get("targets")
    types = source.get("target_types")
    kind = source.get("generated_rules_type")
    if contains_unknown([targets, types, kind]):
        return DomainEnforcement("network-firewall", group, [], False,
                                 "domain list known only after apply")
    hosts = [str(t) for t in targets or []]
    problem = ("not an ALLOWLIST" if kind != "ALLOWLIST" else
               "TLS_SNI is not among its target types" if "TLS_SNI" not in (types or []) else
               _hosts_problem(hosts, allowed))
    return DomainEnforcement("network-firewall", group, hosts, not problem, problem)


def _dns_firewall_group(graph: Graph, group: Resource, allowed: set[str]) -> DomainEnforcement:
    rules = graph.referrers(group, ("aws_route53_resolver_firewall_rule",),
                            "firewall_rule_group_id")
    allows: list[tuple[int, list[str]]] = []
    blocks_all: list[int] = []
    for rule in rules:
        lists = graph.resolve(rule.attributes.get("firewall_domain_list_id"), rule,
                              ("aws_route53_resolver_firewall_domain_list",)).targets
        domains = [str(d).rstrip(".") for lst in lists
                   for d in _list_of(lst.attributes.get("domains")) if isinstance(d, str)]
        priority = rule.attributes.get("priority")
        if not isinstance(priority, int):
            continue
        if rule.attributes.get("action") == "ALLOW":
            allows.append((priority, domains))
        elif rule.attributes.get("action") == "BLOCK" and "*" in domains:
            blocks_all.append(priority)
    hosts = sorted({d for _, ds in allows for d in ds})
    if not blocks_all:
        return DomainEnforcement("dns-firewall", group, hosts, False,
                                 "no BLOCK rule for every domain ('*')")
    problem = _hosts_problem(hosts, allowed) or (
        "" if all(p < min(blocks_all) for p, _ in allows) else
        "an ALLOW rule is evaluated after the block-all rule")
    return DomainEnforcement("dns-firewall", group, hosts, not problem, problem)


def _hosts_problem(hosts: list[str], allowed: set[str]) -> str:
    if not hosts:
        return "the allow-list is empty"
    extra = sorted(h for h in hosts if h.lower().lstrip("*.") != h.lower() or h.lower()
                   not in allowed)
    return f"allows hosts beyond allowed_egress: {', '.join(extra)}" if extra else ""


# ---- GCP ------------------------------------------------------------------------------------

GCP_EGRESS_ALL = "ALL_TRAFFIC"


def gcp_egress_network(graph: Graph, workload: Resource) -> tuple[Any, str]:
    """(network reference or None, how egress leaves) for a Cloud Run service/job or function."""
    attributes = workload.attributes
    if workload.type in ("google_cloud_run_v2_service", "google_cloud_run_v2_job"):
        template = block(dig(attributes, "template"))
        if workload.type == "google_cloud_run_v2_job":
            template = block(dig(attributes, "template.template"))
        access = block(dig(template, "vpc_access")) if template is not None else None
        if not isinstance(access, dict):
            return None, "no vpc_access: egress goes straight to the internet"
        egress = access.get("egress", "PRIVATE_RANGES_ONLY")
        interface = block(access.get("network_interfaces"))
        network = interface.get("network") if isinstance(interface, dict) else interface
        if network is None:
            network = _connector_network(graph, workload, access.get("connector"))
        return network, str(egress) if not isinstance(egress, Unknown) else "unknown"
    if workload.type == "google_cloudfunctions2_function":
        config = block(dig(attributes, "service_config"))
        connector = config.get("vpc_connector") if isinstance(config, dict) else None
        setting = config.get("vpc_connector_egress_settings") if isinstance(config, dict) else None
    else:
        connector = attributes.get("vpc_connector")
        setting = attributes.get("vpc_connector_egress_settings")
    if connector is None:
        return None, "no VPC connector: egress goes straight to the internet"
    return _connector_network(graph, workload, connector), (
        str(setting) if isinstance(setting, str) else "PRIVATE_RANGES_ONLY" if setting is None
        else "unknown")


def _connector_network(graph: Graph, workload: Resource, connector: Any) -> Any:
    if connector is None:
        return None
    found = graph.resolve(connector, workload, ("google_vpc_access_connector",)).targets
    if found:
        return found[0].attributes.get("network")
    return Unknown("the VPC connector is not in the scanned code")


PORT_RANGE = re.compile(r"^(\d+)(?:-(\d+))?$")


def gcp_rule_ports(rule_block: dict[str, Any]) -> Any:
    """(protocol, [(from, to)...]) of an allow/deny block; all ports when none are listed."""
    protocol = rule_block.get("protocol")
    ports = rule_block.get("ports")
    if isinstance(ports, Unknown) or isinstance(protocol, Unknown):
        return ports if isinstance(ports, Unknown) else protocol
    if not ports:
        return protocol, [ALL_PORTS]
    ranges = []
    for port in ports:
        match = PORT_RANGE.match(str(port))
        if not match:
            return Unknown(f"port '{port}' cannot be read")
        low = int(match.group(1))
        ranges.append((low, int(match.group(2) or low)))
    return protocol, ranges
