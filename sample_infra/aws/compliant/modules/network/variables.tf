variable "environment" {
  description = "Deployment environment (dev or prod). Used in names and tags."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be \"dev\" or \"prod\"."
  }
}

variable "cidr_block" {
  description = "CIDR of the VPC that hosts the Kling workloads (a /16: split into /20 subnets, four tiers per AZ)."
  type        = string
}

variable "availability_zones" {
  description = "Availability zones to spread the subnets over (two or three)."
  type        = list(string)
}

variable "kling_allowed_domains" {
  description = "Domains the workloads may reach on the internet. Everything else is dropped by the Network Firewall."
  type        = list(string)
  default     = ["api.klingai.com"]
}

variable "interface_endpoint_services" {
  description = "AWS services reached through interface VPC endpoints instead of the internet."
  type        = set(string)
  default     = ["secretsmanager", "ecr.api", "ecr.dkr", "logs"]
}

variable "firewall_log_retention_days" {
  description = "Retention of the Network Firewall alert and flow logs."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
