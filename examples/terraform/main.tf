# One Butane config, three clouds: Terraform's external data source runs
# `kindling terraform` at plan time (run terraform in this directory, with
# kindling on PATH), which transpiles node.bu and fits the result to each
# platform's user-data field. Each instance reads data.external.<name>.result.
# Result keys: rendered, user_data, user_data_base64, sha512, size, strategy,
# warnings (a JSON list). Fill in the variables for the clouds you use and
# delete the rest.

terraform {
  required_providers {
    external = { source = "hashicorp/external", version = "~> 2.3" }
    aws      = { source = "hashicorp/aws", version = "~> 5.0" }
    google   = { source = "hashicorp/google", version = "~> 6.0" }
    azurerm  = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}

variable "ec2_ami" {
  description = "a Fedora CoreOS AMI in your region (aws ec2 describe-images --owners 125523088429)"
  type        = string
}

variable "gce_zone" {
  type    = string
  default = "europe-west1-b"
}

variable "azure_resource_group" {
  type = string
}

variable "azure_location" {
  type    = string
  default = "westeurope"
}

variable "azure_nic_id" {
  description = "the resource id of an existing network interface"
  type        = string
}

variable "azure_image_id" {
  description = "the resource id of a Fedora CoreOS image or gallery image version"
  type        = string
}

# ---- EC2: UserData takes 16,384 bytes; a larger config becomes a gzip pointer config.
data "external" "ec2_node" {
  program = ["kindling", "terraform"]
  query = {
    path      = "node.bu"
    files_dir = "files"
    strict    = "true"
    platform  = "ec2"
  }
}

resource "aws_instance" "node" {
  ami           = var.ec2_ami
  instance_type = "t3.small"
  user_data     = data.external.ec2_node.result.user_data
  tags          = { Name = "node1" }
}

# ---- GCE: the metadata value user-data takes 262,144 bytes.
data "external" "gce_node" {
  program = ["kindling", "terraform"]
  query = {
    path      = "node.bu"
    files_dir = "files"
    strict    = "true"
    platform  = "gce"
  }
}

resource "google_compute_instance" "node" {
  name         = "node1"
  machine_type = "e2-small"
  zone         = var.gce_zone
  boot_disk {
    initialize_params {
      image = "projects/fedora-coreos-cloud/global/images/family/fedora-coreos-stable"
    }
  }
  network_interface {
    network = "default"
  }
  metadata = {
    user-data = data.external.gce_node.result.user_data
  }
}

# ---- Azure: custom_data takes 65,535 bytes; user_data is already base64, as custom_data wants it.
data "external" "azure_node" {
  program = ["kindling", "terraform"]
  query = {
    path      = "node.bu"
    files_dir = "files"
    strict    = "true"
    platform  = "azure"
  }
}

resource "azurerm_linux_virtual_machine" "node" {
  name                  = "node1"
  resource_group_name   = var.azure_resource_group
  location              = var.azure_location
  size                  = "Standard_B2s"
  admin_username        = "core"
  network_interface_ids = [var.azure_nic_id]
  source_image_id       = var.azure_image_id
  custom_data           = data.external.azure_node.result.user_data
  admin_ssh_key {
    username   = "core"
    public_key = file("~/.ssh/id_ed25519.pub")
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
}

output "sizes" {
  value = {
    ec2   = "${data.external.ec2_node.result.size} bytes, ${data.external.ec2_node.result.strategy}"
    gce   = "${data.external.gce_node.result.size} bytes, ${data.external.gce_node.result.strategy}"
    azure = "${data.external.azure_node.result.size} bytes, ${data.external.azure_node.result.strategy}"
  }
}
