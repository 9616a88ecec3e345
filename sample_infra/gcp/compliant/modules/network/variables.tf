variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be \"dev\" or \"prod\"."
  }
}

variable "region" {
  description = "Region of the subnetwork, router and NAT."
  type        = string
}

variable "subnet_cidr" {
  description = "Range of the subnetwork used by Cloud Run Direct VPC egress (/24 or larger)."
  type        = string
}

variable "kling_allowed_fqdns" {
  description = "Internet hosts the workloads may reach on tcp:443. Everything else is denied."
  type        = list(string)
  default     = ["api.klingai.com"]
}

variable "workload_tag" {
  description = "Network tag carried by the Kling workloads (Cloud Run network interface tags)."
  type        = string
  default     = "kling-worker"
}
