variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "region" {
  description = "Region of the subnetwork, router and NAT."
  type        = string
}

variable "subnet_cidr" {
  description = "Range of the workload subnetwork."
  type        = string
}
