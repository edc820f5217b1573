package migrate

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// inUse is a storage sub-resource the root shows an account's clients use,
// and the block or argument that shows it.
type inUse struct {
	subresource string
	what        string // azurerm_storage_share.reports, is_hns_enabled = true
	rng         hcl.Range
}

// childSubresources: the sub-resource each child resource type of a
// storage account is reached through. A Data Lake filesystem is reached
// through dfs and, for its blob operations, blob
// (https://learn.microsoft.com/azure/storage/common/storage-private-endpoints).
var childSubresources = map[string][]string{
	"azurerm_storage_container":                 {"blob"},
	"azurerm_storage_data_lake_gen2_filesystem": {"blob", "dfs"},
	"azurerm_storage_share":                     {"file"},
	"azurerm_storage_queue":                     {"queue"},
	"azurerm_storage_table":                     {"table"},
}

// subresourceOrder is the order endpoints are written in.
var subresourceOrder = []string{"blob", "dfs", "file", "queue", "table", "web"}

// subresourcesInUse reads what the root shows of an account's use:
// is_hns_enabled = true (Data Lake), a static_website block (web), and the
// child resources that name the account by storage_account_id or
// storage_account_name, sorted by sub-resource and position.
func (r *root) subresourcesInUse(acc *account) []inUse {
	var out []inUse
	if a := acc.s.Body.Attributes["is_hns_enabled"]; a != nil {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().Equals(cty.Bool) && v.True() {
			out = append(out, inUse{"blob", "is_hns_enabled = true", a.SrcRange}, inUse{"dfs", "is_hns_enabled = true", a.SrcRange})
		}
	}
	for _, b := range blocksOf(acc.s.Body, "static_website") {
		out = append(out, inUse{"web", "static_website", b.DefRange()})
	}
	name := attrString(acc.s.Body, "name")
	for addr, b := range r.resources {
		subs, ok := childSubresources[b.s.Labels[0]]
		if !ok || !r.namesAccount(b, acc, name) {
			continue
		}
		for _, sub := range subs {
			out = append(out, inUse{sub, addr, b.s.DefRange()})
		}
	}
	for addr, b := range r.resources {
		host, ok := storageHosts[b.s.Labels[0]]
		if !ok || !r.hostUses(b, host, acc, name) {
			continue
		}
		for _, sub := range host.subresources {
			if sub == "file" && !host.alwaysShare && !r.contentShare(b) {
				continue
			}
			out = append(out, inUse{sub, "the host of " + addr, b.s.DefRange()})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].subresource != out[j].subresource {
			return slices.Index(subresourceOrder, out[i].subresource) < slices.Index(subresourceOrder, out[j].subresource)
		}
		if out[i].rng.Filename != out[j].rng.Filename {
			return out[i].rng.Filename < out[j].rng.Filename
		}
		return out[i].rng.Start.Byte < out[j].rng.Start.Byte
	})
	return out
}

// namesAccount: a child names the account by storage_account_id =
// ACCOUNT.id, storage_account_name = ACCOUNT.name, or the account's literal
// name.
func (r *root) namesAccount(child block, acc *account, name string) bool {
	for attr, want := range map[string]string{"storage_account_id": "id", "storage_account_name": "name"} {
		a := child.s.Body.Attributes[attr]
		if a == nil {
			continue
		}
		if target, got, ok := reference(a.Expr); ok && target == acc.address() && got == want {
			return true
		}
		if attr == "storage_account_name" && name != "" && attrString(child.s.Body, attr) == name {
			return true
		}
	}
	return false
}

// subresourcesFor decides which sub-resources of an account get a private
// endpoint: --subresources when given, else blob and every sub-resource in
// use (a FileStorage account serves files only). A sub-resource in use that
// the flag leaves out is a problem at the block that shows it: its clients
// would lose access at cutover.
func (r *root) subresourcesFor(acc *account, flag []string) ([]string, hcl.Diagnostics) {
	used := r.subresourcesInUse(acc)
	if len(flag) > 0 {
		var problems hcl.Diagnostics
		for _, u := range used {
			if !slices.Contains(flag, u.subresource) {
				problems = append(problems, problem(u.rng, fmt.Sprintf("%s uses %s (%s), which --subresources %s leaves out, so its clients would lose access at cutover",
					acc.address(), u.subresource, u.what, strings.Join(flag, ",")),
					"add "+u.subresource+" to --subresources, or leave the flag out to take what the root uses"))
			}
		}
		return flag, problems
	}
	if attrString(acc.s.Body, "account_kind") == "FileStorage" {
		return []string{"file"}, nil
	}
	subs := []string{"blob"}
	for _, u := range used {
		if !slices.Contains(subs, u.subresource) {
			subs = append(subs, u.subresource)
		}
	}
	sort.Slice(subs, func(i, j int) bool {
		return slices.Index(subresourceOrder, subs[i]) < slices.Index(subresourceOrder, subs[j])
	})
	return subs, nil
}

// storageHost is an app whose runtime keeps its own state in the storage
// account an argument names.
type storageHost struct {
	arg          string // the argument that names the account
	subresources []string
	alwaysShare  bool // file whatever the plan
}

// storageHosts are the apps that run on the Azure Functions host. The host
// uses blob (function keys, bindings state), queue (retries, blob trigger
// receipts, Durable Functions) and table (Durable Functions), and on the
// Consumption and Premium plans an Azure Files share that holds the app's
// code (https://learn.microsoft.com/azure/azure-functions/storage-considerations);
// Microsoft's lock-down of such an account gives each its private endpoint
// (https://learn.microsoft.com/azure/azure-functions/functions-create-vnet#lock-down-your-storage-account).
// A Standard logic app runs on the same host and always has the share
// (https://learn.microsoft.com/azure/logic-apps/secure-single-tenant-workflow-virtual-network-private-endpoint);
// Flex Consumption deploys from a blob container and has no share (the
// same storage-considerations page).
var storageHosts = map[string]storageHost{
	"azurerm_linux_function_app":            {"storage_account_name", []string{"blob", "file", "queue", "table"}, false},
	"azurerm_linux_function_app_slot":       {"storage_account_name", []string{"blob", "file", "queue", "table"}, false},
	"azurerm_windows_function_app":          {"storage_account_name", []string{"blob", "file", "queue", "table"}, false},
	"azurerm_windows_function_app_slot":     {"storage_account_name", []string{"blob", "file", "queue", "table"}, false},
	"azurerm_logic_app_standard":            {"storage_account_name", []string{"blob", "file", "queue", "table"}, true},
	"azurerm_function_app_flex_consumption": {"storage_container_endpoint", []string{"blob", "queue", "table"}, false},
}

// hostUses: the host's argument refers to the account (ACCOUNT.name,
// "${ACCOUNT.primary_blob_endpoint}deploy") or is its literal name.
func (r *root) hostUses(b block, host storageHost, acc *account, name string) bool {
	a := b.s.Body.Attributes[host.arg]
	if a == nil {
		return false
	}
	for _, t := range a.Expr.Variables() {
		if len(t) >= 2 {
			if attr, ok := t[1].(hcl.TraverseAttr); ok && t.RootName()+"."+attr.Name == acc.address() {
				return true
			}
		}
	}
	return name != "" && attrString(b.s.Body, host.arg) == name
}

// contentShare: whether a function app keeps its code on an Azure Files
// share. azurerm sets the share up on Elastic Premium and Consumption
// plans unless content_share_force_disabled is true
// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v4.81.0/internal/services/appservice/linux_function_app_resource.go).
// A plan endpointgen cannot read
// counts as one with a share: an endpoint too many costs little, one too
// few stops the app at cutover.
func (r *root) contentShare(b block) bool {
	if a := b.s.Body.Attributes["content_share_force_disabled"]; a != nil {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().Equals(cty.Bool) && v.IsKnown() && !v.IsNull() && v.True() {
			return false
		}
	}
	a := b.s.Body.Attributes["service_plan_id"]
	if a == nil {
		return true
	}
	plan, attr, ok := reference(a.Expr)
	if !ok || attr != "id" {
		return true
	}
	p, ok := r.resources[plan]
	if !ok || p.s.Labels[0] != "azurerm_service_plan" {
		return true
	}
	sku := strings.ToUpper(attrString(p.s.Body, "sku_name"))
	if sku == "" {
		return true
	}
	return sku == "Y1" || strings.HasPrefix(sku, "EP")
}
