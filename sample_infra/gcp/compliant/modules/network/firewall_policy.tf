# Network firewall policy: the host allow-list. FQDN rules are resolved by Cloud NGFW, so a
# tcp:443 connection only gets out when its destination is api.klingai.com.

resource "google_compute_network_firewall_policy" "kling_egress" {
  name        = "kling-${var.environment}-egress"
  description = "Egress allow-list of the Kling workloads"
}

resource "google_compute_network_firewall_policy_rule" "allow_kling_api" {
  firewall_policy = google_compute_network_firewall_policy.kling_egress.name
  rule_name       = "allow-kling-api"
  description     = "HTTPS to the Kling API"
  priority        = 1000
  direction       = "EGRESS"
  action          = "allow"
  enable_logging  = true

  match {
    dest_fqdns = var.kling_allowed_fqdns

    layer4_configs {
      ip_protocol = "tcp"
      ports       = ["443"]
    }
  }
}

resource "google_compute_network_firewall_policy_rule" "allow_google_apis" {
  firewall_policy = google_compute_network_firewall_policy.kling_egress.name
  rule_name       = "allow-restricted-googleapis"
  description     = "HTTPS to restricted.googleapis.com (Cloud Storage) through Private Google Access"
  priority        = 1100
  direction       = "EGRESS"
  action          = "allow"
  enable_logging  = true

  match {
    dest_ip_ranges = ["199.36.153.4/30"]

    layer4_configs {
      ip_protocol = "tcp"
      ports       = ["443"]
    }
  }
}

resource "google_compute_network_firewall_policy_rule" "deny_all_egress" {
  firewall_policy = google_compute_network_firewall_policy.kling_egress.name
  rule_name       = "deny-all-egress"
  description     = "Everything else"
  priority        = 65000
  direction       = "EGRESS"
  action          = "deny"
  enable_logging  = true

  match {
    dest_ip_ranges = ["0.0.0.0/0"]

    layer4_configs {
      ip_protocol = "all"
    }
  }
}

resource "google_compute_network_firewall_policy_association" "kling_egress" {
  name              = "kling-${var.environment}-egress"
  attachment_target = google_compute_network.kling.id
  firewall_policy   = google_compute_network_firewall_policy.kling_egress.id
}
