package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// containerRegistry is a Premium Azure Container Registry
// (azurerm_container_registry). Private-endpoint only: azurerm 4 removed the
// registry's virtual-network rule ("network_rule_set.virtual_network …
// removed", 4.0 upgrade guide), so no service-endpoint pattern can be written.
type containerRegistry struct{}

func (containerRegistry) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_container_registry", names.Label(svc.Name)}
}

func (c containerRegistry) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return c.address(svc).Dot("login_server").Tokens()
}

func (containerRegistry) variables(manifest.Service) []variable { return nil }

func (containerRegistry) posture(manifest.Service) []string {
	return []string{"Premium", "admin user disabled (Microsoft Entra only)", "no anonymous pull", "artifact export disabled (no import into other registries, no export pipelines)"}
}

func (c containerRegistry) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", c.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "sku", "Premium")
	hclgen.SetBool(b, "admin_enabled", false)
	hclgen.SetBool(b, "anonymous_pull_enabled", false)
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	// No import or transfer out of the registry (Azure.ACR.ExportPolicy,
	// https://learn.microsoft.com/azure/container-registry/data-loss-prevention);
	// Azure takes it only once public network access is off.
	if !fw.publicAccess {
		hclgen.SetBool(b, "export_policy_enabled", false)
	}
	hclgen.SetRef(b, "tags", tagsVar)
}

func (c containerRegistry) checks(_ *workload, svc manifest.Service, fw firewall) []check {
	a := c.address(svc)
	at := a.Address()
	checks := []check{
		publicAccessCheck(a, fw),
		isBool(a.Dot("admin_enabled").Tokens(), false, at+" has no admin user."),
		isBool(a.Dot("anonymous_pull_enabled").Tokens(), false, at+" allows no anonymous pull."),
	}
	if !fw.publicAccess {
		checks = append(checks, isBool(a.Dot("export_policy_enabled").Tokens(), false, at+" allows no export of its artifacts."))
	}
	return checks
}
