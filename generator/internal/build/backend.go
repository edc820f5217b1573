package build

import (
	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
)

// backendFile is backend.tf: the azurerm backend the repo defaults
// declare, with the workload's state key, authenticating to the state
// account with Entra ID rather than its access keys
// (https://developer.hashicorp.com/terraform/language/backend/azurerm);
// nil without a backend (local state).
func (w *workload) backendFile() *hclgen.File {
	b := w.Backend
	if b == nil {
		return nil
	}
	f := hclgen.NewFile("backend.tf")
	body := f.Block("terraform")
	be := body.AppendNewBlock("backend", []string{"azurerm"}).Body()
	if b.ResourceGroupName != "" {
		hclgen.SetString(be, "resource_group_name", b.ResourceGroupName)
	}
	hclgen.SetString(be, "storage_account_name", b.StorageAccountName)
	hclgen.SetString(be, "container_name", b.ContainerName)
	hclgen.SetString(be, "key", b.Key)
	hclgen.SetBool(be, "use_azuread_auth", true)
	if b.SubscriptionID != "" {
		hclgen.SetString(be, "subscription_id", b.SubscriptionID)
	}
	if b.TenantID != "" {
		hclgen.SetString(be, "tenant_id", b.TenantID)
	}
	// The state account's cloud, which the repo defaults name.
	if b.Cloud != catalog.Public {
		hclgen.SetString(be, "environment", string(b.Cloud))
	}
	return f
}
