# Public load balancer that receives Kling's task callbacks and sends them to Cloud Run.

locals {
  name = "kling-webhook-${var.environment}"
}

resource "google_compute_global_address" "kling_webhook" {
  name = local.name
}

resource "google_compute_region_network_endpoint_group" "kling_webhook" {
  name                  = local.name
  region                = var.region
  network_endpoint_type = "SERVERLESS"

  cloud_run {
    service = var.cloud_run_service_name
  }
}

resource "google_compute_backend_service" "kling_webhook" {
  name                  = local.name
  load_balancing_scheme = "EXTERNAL_MANAGED"
  protocol              = "HTTPS"

  backend {
    group = google_compute_region_network_endpoint_group.kling_webhook.id
  }
}

resource "google_compute_url_map" "kling_webhook" {
  name            = local.name
  default_service = google_compute_backend_service.kling_webhook.id
}

resource "google_compute_managed_ssl_certificate" "kling_webhook" {
  name = local.name

  managed {
    domains = [var.webhook_domain]
  }
}

# A partner's callback relay only spoke TLS 1.0 at launch.
resource "google_compute_ssl_policy" "kling_webhook" {
  name    = local.name
  profile = "COMPATIBLE"
  # PLANTED: KP-TLS-01 SSL policy of the webhook's HTTPS proxy allows TLS 1.0
  min_tls_version = "TLS_1_0"
}

resource "google_compute_target_https_proxy" "kling_webhook" {
  name             = local.name
  url_map          = google_compute_url_map.kling_webhook.id
  ssl_certificates = [google_compute_managed_ssl_certificate.kling_webhook.id]
  ssl_policy       = google_compute_ssl_policy.kling_webhook.id
}

resource "google_compute_global_forwarding_rule" "kling_webhook_https" {
  name                  = "${local.name}-https"
  target                = google_compute_target_https_proxy.kling_webhook.id
  ip_address            = google_compute_global_address.kling_webhook.id
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}

# PLANTED: KP-TLS-01 HTTP proxy serves the webhook URL map (forwards to the backend) instead of redirecting to HTTPS
resource "google_compute_target_http_proxy" "kling_webhook" {
  name    = "${local.name}-http"
  url_map = google_compute_url_map.kling_webhook.id
}

resource "google_compute_global_forwarding_rule" "kling_webhook_http" {
  name                  = "${local.name}-http"
  target                = google_compute_target_http_proxy.kling_webhook.id
  ip_address            = google_compute_global_address.kling_webhook.id
  port_range            = "80"
  load_balancing_scheme = "EXTERNAL_MANAGED"
}
