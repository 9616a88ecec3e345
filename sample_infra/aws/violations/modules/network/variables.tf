variable "environment" {
  description = "Deployment environment (dev or prod)."
  type        = string
}

variable "cidr_block" {
  description = "CIDR of the VPC (/16)."
  type        = string
}

variable "availability_zones" {
  description = "Availability zones to spread the subnets over."
  type        = list(string)
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
