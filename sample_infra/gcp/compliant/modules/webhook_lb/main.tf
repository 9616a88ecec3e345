# The public endpoint that receives Kling's task callbacks:
#
#   https://<webhook_domain>/callback
#     -> global forwarding rule :443 -> target HTTPS proxy (SSL policy: TLS 1.2+, MODERN)
#     -> URL map -> backend service -> serverless NEG -> Cloud Run kling-worker
#
#   plain HTTP on :80            -> forwarding rule :80 -> target HTTP proxy
#     -> URL map that only answers 301 to https://

locals {
  name = "kling-webhook-${var.environment}"
}

resource "google_compute_global_address" "kling_webhook" {
  name   = local.name
  labels = var.labels
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
  description           = "Kling callbacks -> Cloud Run kling-worker"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  protocol              = "HTTPS"

  backend {
    group = google_compute_region_network_endpoint_group.kling_webhook.id
  }

  log_config {
    enable      = true
    sample_rate = 1.0
  }
}

resource "google_compute_url_map" "kling_webhook" {
  name            = local.name
  description     = "Kling webhook routing"
  default_service = google_compute_backend_service.kling_webhook.id
}

resource "google_compute_managed_ssl_certificate" "kling_webhook" {
  name = local.name

  managed {
    domains = [var.webhook_domain]
  }
}

# TLS 1.2 is the floor; MODERN drops the legacy CBC/3DES suites.
resource "google_compute_ssl_policy" "kling_webhook" {
  name            = local.name
  description     = "Kling webhook: TLS 1.2+"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
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
  ip_protocol           = "TCP"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  labels                = var.labels
}

# --- Port 80: redirect only ------------------------------------------------------------

resource "google_compute_url_map" "kling_webhook_redirect" {
  name        = "${local.name}-redirect"
  description = "HTTP -> HTTPS for the Kling webhook"

  default_url_redirect {
    https_redirect         = true
    redirect_response_code = "MOVED_PERMANENTLY_DEFAULT"
    strip_query            = false
  }
}

resource "google_compute_target_http_proxy" "kling_webhook_redirect" {
  name    = "${local.name}-redirect"
  url_map = google_compute_url_map.kling_webhook_redirect.id
}

resource "google_compute_global_forwarding_rule" "kling_webhook_http" {
  name                  = "${local.name}-http"
  target                = google_compute_target_http_proxy.kling_webhook_redirect.id
  ip_address            = google_compute_global_address.kling_webhook.id
  port_range            = "80"
  ip_protocol           = "TCP"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  labels                = var.labels
}

resource "google_dns_record_set" "kling_webhook" {
  managed_zone = var.dns_zone_name
  name         = "${var.webhook_domain}."
  type         = "A"
  ttl          = 300
  rrdatas      = [google_compute_global_address.kling_webhook.address]
}
