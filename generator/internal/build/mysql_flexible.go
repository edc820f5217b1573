package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// mysqlFlexible is an Azure Database for MySQL flexible server. MySQL needs
// an administrator login and password when the server is created. The
// password comes from an ephemeral variable into the write-only argument
// administrator_password_wo, so it never reaches the plan or the state
// (Terraform 1.11 or newer); raising its _version variable rotates it.
type mysqlFlexible struct{}

func (mysqlFlexible) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_mysql_flexible_server", hclgen.Label(svc.Name)}
}

func (m mysqlFlexible) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return m.address(svc).Dot("fqdn").Tokens()
}

func (mysqlFlexible) variables(svc manifest.Service) []variable {
	base := outputPrefix(svc)
	return []variable{
		{name: base + "_administrator_login", description: "Administrator login of the MySQL flexible server " + svc.Name + ".", typ: hclwrite.TokensForIdentifier("string")},
		{name: base + "_administrator_password", description: "Administrator password of the MySQL flexible server " + svc.Name + "; ephemeral: written to Azure, never to the plan or state.", typ: hclwrite.TokensForIdentifier("string"), sensitive: true, ephemeral: true},
		{name: base + "_administrator_password_version", description: "Raise it to make Terraform send a new administrator password (write-only arguments are sent only when their version changes).", typ: hclwrite.TokensForIdentifier("number"), value: hclwrite.TokensForValue(cty.NumberIntVal(1))},
	}
}

func (mysqlFlexible) posture(manifest.Service) []string {
	return []string{"administrator password write-only (never in the state)", "MySQL 8.0.21, General Purpose D2ds_v4"}
}

func (m mysqlFlexible) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", m.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "version", "8.0.21")
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
	hclgen.IgnoreChanges(b, "zone")
}

func (m mysqlFlexible) checks(_ *workload, svc manifest.Service, fw firewall) []check {
	a := m.address(svc)
	want, state := "Disabled", "disabled"
	if fw.publicAccess {
		want, state = "Enabled", "enabled"
	}
	return []check{isString(a.Dot("public_network_access").Tokens(), want, a.Address()+" has public network access "+state+".")}
}
