package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// mysqlFlexible is an Azure Database for MySQL flexible server. MySQL needs
// an administrator login and password when the server is created. The
// password comes from an ephemeral variable into the write-only argument
// administrator_password_wo, so it never reaches the plan or the state
// (Terraform 1.11 or newer); raising its _version variable rotates it.
type mysqlFlexible struct{}

// mysqlVersion is the newest MySQL that azurerm 4.81 and 5.x both accept for
// a new flexible server (they take 5.7, 8.0.21 and, since azurerm 4.55, 8.4:
// https://github.com/hashicorp/terraform-provider-azurerm/issues/31099).
// Azure offers 8.4, the LTS release, to new servers and as the upgrade from
// 8.0 (https://learn.microsoft.com/azure/mysql/flexible-server/how-to-upgrade).
const mysqlVersion = "8.4"

func (mysqlFlexible) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_mysql_flexible_server", names.Label(svc.Name)}
}

func (m mysqlFlexible) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return m.address(svc).Dot("fqdn").Tokens()
}

func (mysqlFlexible) variables(svc manifest.Service) []variable {
	base := outputPrefix(svc)
	return append([]variable{
		{name: base + "_administrator_login", description: "Administrator login of the MySQL flexible server " + svc.Name + ".", typ: hclwrite.TokensForIdentifier("string")},
		{name: base + "_administrator_password", description: "Administrator password of the MySQL flexible server " + svc.Name + "; ephemeral: written to Azure, never to the plan or state.", typ: hclwrite.TokensForIdentifier("string"), sensitive: true, ephemeral: true},
		{name: base + "_administrator_password_version", description: "Raise it to make Terraform send a new administrator password (write-only arguments are sent only when their version changes).", typ: hclwrite.TokensForIdentifier("number"), value: hclgen.Number(1)},
	}, entraAdminVariables(svc, "user or group", "MySQL flexible server")...)
}

func (mysqlFlexible) posture(manifest.Service) []string {
	return []string{"Microsoft Entra administrator (through a user-assigned identity)",
		"**password authentication stays on** until the identity may read Microsoft Entra ID (see below)",
		"administrator password write-only (never in the state)", "MySQL " + mysqlVersion + ", General Purpose D2ds_v4"}
}

func (m mysqlFlexible) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", m.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "version", mysqlVersion)
	hclgen.SetString(b, "sku_name", "GP_Standard_D2ds_v4")
	access := "Disabled"
	if fw.publicAccess {
		access = "Enabled"
	}
	hclgen.SetString(b, "public_network_access", access)
	vars := m.variables(svc)
	hclgen.SetRef(b, "administrator_login", hclgen.Ref{"var", vars[0].name})
	hclgen.SetRef(b, "administrator_password_wo", hclgen.Ref{"var", vars[1].name})
	hclgen.SetRef(b, "administrator_password_wo_version", hclgen.Ref{"var", vars[2].name})
	hclgen.SetRef(b, "tags", tagsVar)
	// Microsoft Entra authentication needs a user-assigned identity on the
	// server and an Entra administrator (Azure.MySQL.AAD,
	// https://learn.microsoft.com/azure/mysql/flexible-server/concepts-azure-ad-authentication).
	id := hclgen.Ref{"azurerm_user_assigned_identity", names.Label(svc.Name)}
	identity := hclgen.Nested(b, "identity")
	hclgen.SetString(identity, "type", "UserAssigned")
	hclgen.SetRaws(identity, "identity_ids", id.Dot("id").Tokens())
	hclgen.IgnoreChanges(b, "zone")

	u := f.Block("resource", id...)
	hclgen.SetString(u, "name", names.Shorten("id-"+svc.Name, 128))
	w.placeIn(u)
	hclgen.SetRef(u, "tags", tagsVar)

	// Azure takes the administrator before the identity may read Entra ID
	// (the provider's acceptance test sets one with a new identity,
	// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/mysql/mysql_flexible_server_active_directory_administrator_resource_test.go);
	// Entra logins work once that grant is made, outside this module.
	admin := f.Block("resource", "azurerm_mysql_flexible_server_active_directory_administrator", names.Label(svc.Name))
	hclgen.SetRef(admin, "server_id", m.address(svc).Dot("id"))
	hclgen.SetRef(admin, "identity_id", id.Dot("id"))
	hclgen.SetRef(admin, "login", hclgen.Ref{"var", vars[3].name})
	hclgen.SetRef(admin, "object_id", hclgen.Ref{"var", vars[4].name})
	hclgen.SetRef(admin, "tenant_id", clientConfig.Dot("tenant_id"))
}

func (m mysqlFlexible) checks(_ *workload, svc manifest.Service, fw firewall) []check {
	a := m.address(svc)
	want, state := "Disabled", "disabled"
	if fw.publicAccess {
		want, state = "Enabled", "enabled"
	}
	return []check{isString(a.Dot("public_network_access").Tokens(), want, a.Address()+" has public network access "+state+".")}
}
