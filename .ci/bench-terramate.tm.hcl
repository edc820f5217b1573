# make bench, with terramate: the root config of a tree of N stacks, each
# generating what `endpointgen generate` writes for one bench manifest (a
# private-endpoint storage account): the same files, resources and
# attributes, the per-workload names from stack metadata and globals. Not
# byte for byte: terramate writes its own header, drops comments and sorts
# attributes, and the resource labels, output names and test run name
# that endpointgen derives from the workload's names are fixed here
# ("this", "blob", storage_account_id), as a terramate user would write them.
# .ci/bench copies this file to the tree's root; each stack is a stack.tm.hcl
# of the stack's name and its globals location and storage_account.

terramate {
  # Makes this directory the project root without a git repository (as
  # tested: 0.17.2).
  required_version = ">= 0.17"

  config {
    # A benchmark reports nothing to anyone.
    telemetry {
      enabled = false
    }
  }
}

globals {
  workload = terramate.stack.name
}

generate_hcl "versions.tf" {
  content {
    terraform {
      required_version = ">= 1.11"

      required_providers {
        azurerm = {
          source  = "hashicorp/azurerm"
          version = "~> 5.2"
        }
      }
    }
  }
}

generate_hcl "providers.tf" {
  content {
    provider "azurerm" {
      subscription_id     = var.subscription_id
      environment         = "public"
      storage_use_azuread = true

      features {
        storage {
          data_plane_available = false
        }
      }
    }
  }
}

generate_hcl "variables.tf" {
  content {
    variable "subscription_id" {
      type        = string
      description = "ID of the Azure subscription to deploy into. When null, the azurerm provider reads ARM_SUBSCRIPTION_ID."
      default     = null
    }

    variable "tags" {
      type        = map(string)
      description = "Tags applied to every resource that takes tags."
      default     = {}
    }
  }
}

generate_hcl "main.tf" {
  content {
    resource "azurerm_resource_group" "this" {
      name     = "rg-${global.workload}"
      location = global.location
      tags     = var.tags
    }

    resource "azurerm_virtual_network" "this" {
      name                = "vnet-${global.workload}"
      resource_group_name = azurerm_resource_group.this.name
      location            = azurerm_resource_group.this.location
      address_space       = ["10.0.0.0/16"]
      tags                = var.tags
    }

    resource "azurerm_network_security_group" "this" {
      name                = "nsg-snet-${global.workload}"
      resource_group_name = azurerm_resource_group.this.name
      location            = azurerm_resource_group.this.location
      tags                = var.tags
    }

    resource "azurerm_subnet" "this" {
      name                                 = "snet-${global.workload}"
      resource_group_name                  = azurerm_resource_group.this.name
      virtual_network_name                 = azurerm_virtual_network.this.name
      address_prefixes                     = ["10.0.1.0/24"]
      default_outbound_access_enabled      = false
      network_security_group_id_wo         = azurerm_network_security_group.this.id
      network_security_group_id_wo_version = 1
    }
  }
}

generate_hcl "storage.tf" {
  content {
    resource "azurerm_storage_account" "this" {
      name                              = global.storage_account
      resource_group_name               = azurerm_resource_group.this.name
      location                          = azurerm_resource_group.this.location
      account_kind                      = "StorageV2"
      account_tier                      = "Standard"
      account_replication_type          = "LRS"
      https_traffic_only_enabled        = true
      min_tls_version                   = "TLS1_2"
      allow_nested_items_to_be_public   = false
      shared_access_key_enabled         = false
      default_to_oauth_authentication   = true
      infrastructure_encryption_enabled = true
      public_network_access_enabled     = false
      tags                              = var.tags

      network_rules {
        default_action             = "Deny"
        bypass                     = ["AzureServices"]
        ip_rules                   = []
        virtual_network_subnet_ids = []
      }
    }
  }
}

generate_hcl "private_endpoints.tf" {
  content {
    resource "azurerm_private_endpoint" "blob" {
      name                          = "pe-${global.storage_account}-blob"
      resource_group_name           = azurerm_resource_group.this.name
      location                      = azurerm_resource_group.this.location
      subnet_id                     = azurerm_subnet.this.id
      custom_network_interface_name = "nic-pe-${global.storage_account}-blob"
      tags                          = var.tags

      private_service_connection {
        name                           = "psc-${global.storage_account}-blob"
        private_connection_resource_id = azurerm_storage_account.this.id
        subresource_names              = ["blob"]
        is_manual_connection           = false
      }

      private_dns_zone_group {
        name                 = "pdzg-${global.storage_account}-blob"
        private_dns_zone_ids = [azurerm_private_dns_zone.blob.id]
      }
    }
  }
}

generate_hcl "dns.tf" {
  content {
    resource "azurerm_private_dns_zone" "blob" {
      name                = "privatelink.blob.core.windows.net"
      resource_group_name = azurerm_resource_group.this.name
      tags                = var.tags
    }

    resource "azurerm_private_dns_zone_virtual_network_link" "blob" {
      name                 = "link-vnet-${global.workload}"
      private_dns_zone_id  = azurerm_private_dns_zone.blob.id
      virtual_network_id   = azurerm_virtual_network.this.id
      registration_enabled = false
      resolution_policy    = "NxDomainRedirect"
      tags                 = var.tags
    }
  }
}

generate_hcl "outputs.tf" {
  content {
    output "resource_group_id" {
      description = "ID of the resource group."
      value       = azurerm_resource_group.this.id
    }

    output "virtual_network_id" {
      description = "ID of the virtual network."
      value       = azurerm_virtual_network.this.id
    }

    output "subnet_id" {
      description = "ID of the workload subnet."
      value       = azurerm_subnet.this.id
    }

    output "storage_account_id" {
      description = "ID of the Storage account ${global.storage_account}."
      value       = azurerm_storage_account.this.id
    }

    output "storage_account_blob_fqdn" {
      description = "Host name of the blob endpoint of ${global.storage_account}; inside the VNet it resolves to the private endpoint."
      value       = azurerm_storage_account.this.primary_blob_host
    }

    output "storage_account_blob_private_ip" {
      description = "Private IP address of the blob private endpoint of ${global.storage_account}."
      value       = azurerm_private_endpoint.blob.private_service_connection[0].private_ip_address
    }
  }
}

generate_hcl "tests/posture.tftest.hcl" {
  lets {
    subscription = "/subscriptions/00000000-0000-0000-0000-000000000000"
    group        = "${let.subscription}/resourceGroups/rg-${global.workload}"
    vnet         = "${let.group}/providers/Microsoft.Network/virtualNetworks/vnet-${global.workload}"
    subnet       = "${let.vnet}/subnets/snet-${global.workload}"
    zone         = "${let.group}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
    account      = "${let.group}/providers/Microsoft.Storage/storageAccounts/${global.storage_account}"
  }

  content {
    mock_provider "azurerm" {
      mock_data "azurerm_client_config" {
        defaults = {
          tenant_id = "00000000-0000-0000-0000-0000000000aa"
        }
      }
    }

    override_resource {
      target          = azurerm_virtual_network.this
      override_during = plan
      values = {
        id = let.vnet
      }
    }

    override_resource {
      target          = azurerm_subnet.this
      override_during = plan
      values = {
        id = let.subnet
      }
    }

    override_resource {
      target          = azurerm_private_dns_zone.blob
      override_during = plan
      values = {
        id = let.zone
      }
    }

    override_resource {
      target          = azurerm_storage_account.this
      override_during = plan
      values = {
        id = let.account
        network_rules = {
          ip_rules                   = ["192.0.2.250"]
          virtual_network_subnet_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-seed/providers/Microsoft.Network/virtualNetworks/vnet-seed/subnets/snet-left-out"]
        }
      }
    }

    run "storage_account" {
      command = plan

      assert {
        condition     = azurerm_storage_account.this.public_network_access_enabled == false
        error_message = "azurerm_storage_account.this has public network access disabled."
      }

      assert {
        condition     = azurerm_storage_account.this.network_rules[0].default_action == "Deny"
        error_message = "azurerm_storage_account.this denies by default: its firewall's default action is Deny."
      }

      assert {
        condition     = azurerm_storage_account.this.default_to_oauth_authentication == true
        error_message = "azurerm_storage_account.this defaults to Microsoft Entra authentication."
      }

      assert {
        condition     = azurerm_storage_account.this.https_traffic_only_enabled == true
        error_message = "azurerm_storage_account.this has https_traffic_only_enabled = true, as the manifest says."
      }

      assert {
        condition     = azurerm_storage_account.this.allow_nested_items_to_be_public == false
        error_message = "azurerm_storage_account.this has allow_nested_items_to_be_public = false, as the manifest says."
      }

      assert {
        condition     = azurerm_storage_account.this.shared_access_key_enabled == false
        error_message = "azurerm_storage_account.this has shared_access_key_enabled = false, as the manifest says."
      }

      assert {
        condition     = azurerm_storage_account.this.infrastructure_encryption_enabled == true
        error_message = "azurerm_storage_account.this has infrastructure_encryption_enabled = true, as the manifest says."
      }

      assert {
        condition     = azurerm_storage_account.this.min_tls_version == "TLS1_2"
        error_message = "azurerm_storage_account.this has min_tls_version = TLS1_2, as the manifest says."
      }

      assert {
        condition     = try(length(azurerm_storage_account.this.network_rules[0].virtual_network_subnet_ids), 0) == 0
        error_message = "azurerm_storage_account.this admits no subnets."
      }

      assert {
        condition     = try(length(azurerm_storage_account.this.network_rules[0].ip_rules), 0) == 0
        error_message = "azurerm_storage_account.this admits no public IP ranges."
      }

      assert {
        condition     = toset(azurerm_private_endpoint.blob.private_service_connection[0].subresource_names) == toset(["blob"])
        error_message = "azurerm_private_endpoint.blob connects to the sub-resource (group ID) blob."
      }

      assert {
        condition     = azurerm_private_endpoint.blob.private_service_connection[0].private_connection_resource_id == let.account
        error_message = "azurerm_private_endpoint.blob connects to azurerm_storage_account.this."
      }

      assert {
        condition     = azurerm_private_endpoint.blob.private_service_connection[0].is_manual_connection == false
        error_message = "azurerm_private_endpoint.blob is approved automatically."
      }

      assert {
        condition     = azurerm_private_endpoint.blob.subnet_id == let.subnet
        error_message = "azurerm_private_endpoint.blob sits in the subnet snet-${global.workload}."
      }

      assert {
        condition     = toset(azurerm_private_endpoint.blob.private_dns_zone_group[0].private_dns_zone_ids) == toset([let.zone])
        error_message = "azurerm_private_endpoint.blob registers in the private DNS zone privatelink.blob.core.windows.net."
      }
    }

    run "network" {
      command = plan

      assert {
        condition     = try(length(azurerm_subnet.this.service_endpoint[*].service), 0) == 0
        error_message = "azurerm_subnet.this carries no service endpoints."
      }

      assert {
        condition     = azurerm_private_dns_zone.blob.name == "privatelink.blob.core.windows.net"
        error_message = "azurerm_private_dns_zone.blob is the zone privatelink.blob.core.windows.net."
      }

      assert {
        condition     = azurerm_private_dns_zone_virtual_network_link.blob.virtual_network_id == let.vnet
        error_message = "azurerm_private_dns_zone_virtual_network_link.blob links the VNet vnet-${global.workload}."
      }

      assert {
        condition     = azurerm_private_dns_zone_virtual_network_link.blob.private_dns_zone_id == let.zone
        error_message = "azurerm_private_dns_zone_virtual_network_link.blob links the zone privatelink.blob.core.windows.net."
      }
    }
  }
}

# Markdown, not HCL: generate_file, a template of the stack's names.
generate_file "README.md" {
  content = <<-EOT
    <!-- Code generated by terramate; DO NOT EDIT. -->
    # ${global.workload}: private-endpoint (azurerm 5)

    This Terraform root module was generated by terramate from the stack `${global.workload}`.
    Change the stack's configuration and generate again rather than editing these files: every
    file here carries a "DO NOT EDIT" header and is rewritten on the next run.

    ## What it builds

    - Resource group `rg-${global.workload}` in `${global.location}` (public cloud).
    - Virtual network `vnet-${global.workload}` (10.0.0.0/16).
    - Subnet `snet-${global.workload}` (10.0.1.0/24).
      Its network security group `nsg-snet-${global.workload}` (Azure's default rules) is set in the request that creates the subnet, so a policy that denies subnets without one lets it pass. Default outbound internet access is off (a private subnet): give the workload a NAT gateway or a firewall route if it needs the internet; service and private endpoints need neither.
    - Storage account `${global.storage_account}` (`azurerm_storage_account.this`): StorageV2, HTTPS only, TLS 1.2 minimum, no anonymous blob access, shared-key access disabled (Entra ID only), infrastructure (double) encryption, LRS replication, firewall default action Deny. Public network access is **disabled**.
      - Private endpoint `azurerm_private_endpoint.blob` for the `blob` sub-resource, registered in `privatelink.blob.core.windows.net`.
    - Private DNS zone `privatelink.blob.core.windows.net`, linked to `vnet-${global.workload}` (resolution policy NxDomainRedirect).

    ## Traffic path

    Clients keep using each service's normal host name (never the `privatelink` name), which resolves
    through a CNAME to the `privatelink` zone and from there to the private endpoint's address in
    `snet-${global.workload}`: traffic stays on private IP addresses and **no public IP is involved**. With public
    network access disabled, the services refuse requests from anywhere else. Inside `vnet-${global.workload}` that
    resolution works at once when the VNet uses Azure-provided DNS (or DNS servers that forward to
    168.63.129.16): the zones are linked to it.

    ## DNS

    Clients outside the linked VNets (on-premises, other spokes) get the private address only if their
    DNS forwards these zones to Azure DNS (168.63.129.16) through a resolver in a VNet linked to the
    zones (for example an Azure DNS Private Resolver); otherwise they resolve the public address and
    are refused:

    - `privatelink.blob.core.windows.net`

    The links use resolution policy `NxDomainRedirect` (the default): a name the zone has no record for
    falls back to public resolution instead of failing with NXDOMAIN, so another resource of the same
    service that has a private endpoint elsewhere stays reachable from this VNet.

    ## Trade-offs of the two patterns for this workload

    - **service-endpoint** costs nothing extra and needs no DNS change, but the services keep a public
      endpoint (closed to all but the subnet and listed ranges), only clients in the subnet benefit,
      on-premises and peered networks cannot use it, and it changes the subnet's source address for
      every resource of the service.
    - **private-endpoint** gives each service a private address reachable from peered VNets and
      on-premises, with public access disabled; it costs an endpoint per sub-resource (billed per hour
      and per GB), an address in the subnet for each, and DNS that resolves the `privatelink` zones
      everywhere clients are.

    This workload uses **private-endpoint**.

    ## Diagram

    ```mermaid
    flowchart LR
      subgraph vnet["VNet vnet-${global.workload}"]
        subgraph subnet["Subnet snet-${global.workload}"]
          pe_blob["private endpoint blob"]
          clients["workload"]
        end
      end
      storage[("Storage account ${global.storage_account}")]
      zone0{{"privatelink.blob.core.windows.net"}}
      pe_blob -->|private link| storage
      pe_blob -.->|A record| zone0
      zone0 -.->|linked| vnet
      clients -->|private IP| pe_blob
    ```

    ## Use

    ```sh
    terraform init
    terraform plan -out tfplan
    terraform apply tfplan
    ```

    `terraform test` (Terraform 1.11 or newer) runs `tests/posture.tftest.hcl` offline, without
    credentials, against a mocked azurerm provider: it asserts on the plan what the stack promises
    (public network access, default-deny firewalls and their rules, authentication settings,
    private endpoints and their DNS zone groups, zones and their VNet links). Run it in CI before `terraform plan`.

    The identity running Terraform needs:

    - rights to create the resource group `rg-${global.workload}` and the resources in it (Contributor
      on the subscription, or an equivalent custom role);
    - nothing on the data plane: the provider manages storage through Resource Manager
      only (`data_plane_available = false`), so plans work from a runner outside the allowed networks.

    ## Inputs

    | Name | Description |
    |---|---|
    | `subscription_id` | ID of the Azure subscription to deploy into. When null, the azurerm provider reads ARM_SUBSCRIPTION_ID. |
    | `tags` | Tags applied to every resource that takes tags. |

    ## Outputs

    | Name | Description |
    |---|---|
    | `resource_group_id` | ID of the resource group. |
    | `virtual_network_id` | ID of the virtual network. |
    | `subnet_id` | ID of the workload subnet. |
    | `storage_account_id` | ID of the Storage account ${global.storage_account}. |
    | `storage_account_blob_fqdn` | Host name of the blob endpoint of ${global.storage_account}; inside the VNet it resolves to the private endpoint. |
    | `storage_account_blob_private_ip` | Private IP address of the blob private endpoint of ${global.storage_account}. |
  EOT
}
