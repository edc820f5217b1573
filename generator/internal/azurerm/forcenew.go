package azurerm

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

const providerSource = "https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/"

// forceNew lists, for each resource type a migration must keep, the
// arguments whose change makes Terraform replace it (ForceNew in the
// provider's schema, or forced by its CustomizeDiff); a nested block's
// argument is "block.argument". Replacing any of these resources mid-migration
// is an outage: a new account has no data, a new subnet or endpoint a new
// address. Each list comes from the provider source named beside it.
var forceNew = map[string][]string{
	// storage/storage_account_resource.go; account_kind, account_replication_type
	// and large_file_share_enabled force replacement on some changes (CustomizeDiff).
	"azurerm_storage_account": {"name", "resource_group_name", "location", "account_kind", "account_tier",
		"account_replication_type", "is_hns_enabled", "infrastructure_encryption_enabled", "nfsv3_enabled",
		"queue_encryption_key_type", "table_encryption_key_type", "large_file_share_enabled", "edge_zone",
		"dns_endpoint_type", "provisioned_billing_model_version"},
	// network/subnet_resource.go
	"azurerm_subnet": {"name", "resource_group_name", "virtual_network_name"},
	// network/virtual_network_resource.go
	"azurerm_virtual_network": {"name", "resource_group_name", "location", "edge_zone"},
	// network/private_endpoint_resource.go
	PrivateEndpointType: {"name", "resource_group_name", "location", "subnet_id", "custom_network_interface_name",
		"private_service_connection.name", "private_service_connection.is_manual_connection",
		"private_service_connection.private_connection_resource_id",
		"private_service_connection.private_connection_resource_alias",
		"private_service_connection.subresource_names"},
	// privatedns/private_dns_zone_resource.go
	PrivateDNSZoneType: {"name", "resource_group_name"},
	// privatedns/private_dns_zone_virtual_network_link_resource.go
	ZoneLinkType: {"name", "resource_group_name", "private_dns_zone_name", "private_dns_zone_id", "virtual_network_id"},
}

// forceNewSources names the provider file of each list, for messages.
var forceNewSources = map[string]string{
	"azurerm_storage_account": "storage/storage_account_resource.go",
	"azurerm_subnet":          "network/subnet_resource.go",
	"azurerm_virtual_network": "network/virtual_network_resource.go",
	PrivateEndpointType:       "network/private_endpoint_resource.go",
	PrivateDNSZoneType:        "privatedns/private_dns_zone_resource.go",
	ZoneLinkType:              "privatedns/private_dns_zone_virtual_network_link_resource.go",
}

// Replacements lists what changing a root module's configuration from old
// to new would destroy or replace among the resources a migration must
// keep: one that disappears without a removed block, or whose
// replacement-forcing argument changes. old and new map file names to the
// contents of the root's .tf files. Expressions are compared as written,
// ignoring layout.
func Replacements(old, new map[string][]byte) ([]string, error) {
	before, _, err := keptBlocks(old)
	if err != nil {
		return nil, err
	}
	after, removed, err := keptBlocks(new)
	if err != nil {
		return nil, err
	}
	var out []string
	for addr, b := range before {
		a, ok := after[addr]
		if !ok {
			if !removed[addr] {
				out = append(out, addr+" is deleted")
			}
			continue
		}
		typ := strings.SplitN(addr, ".", 2)[0]
		for _, arg := range forceNew[typ] {
			wasKey, was := argText(b, arg)
			isKey, is := argText(a, arg)
			if wasKey != isKey {
				out = append(out, fmt.Sprintf("%s.%s changes from %s to %s, which replaces it (%s%s)", addr, arg, was, is, providerSource, forceNewSources[typ]))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// block is a parsed resource block and the source of its file.
type block struct {
	*hclsyntax.Block
	src []byte
}

// keptBlocks parses the files and returns the resource blocks of the kept
// types by address, and the addresses removed blocks retire.
func keptBlocks(files map[string][]byte) (map[string]block, map[string]bool, error) {
	blocks, removed := map[string]block{}, map[string]bool{}
	for name, src := range files {
		if !strings.HasSuffix(name, ".tf") {
			continue
		}
		f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, nil, fmt.Errorf("parsing %s: %s", name, diags.Error())
		}
		for _, b := range f.Body.(*hclsyntax.Body).Blocks {
			switch {
			case b.Type == "resource" && len(b.Labels) == 2 && forceNew[b.Labels[0]] != nil:
				blocks[b.Labels[0]+"."+b.Labels[1]] = block{b, src}
			case b.Type == "removed":
				if a := b.Body.Attributes["from"]; a != nil {
					removed[string(a.Expr.Range().SliceBytes(src))] = true
				}
			}
		}
	}
	return blocks, removed, nil
}

// argText returns an argument's key for comparison — its value when it is
// a literal, else its expression without layout (line breaks, comments,
// spaces) — and its source text for messages; "", "nothing" when absent.
// "block.arg" looks in the first nested block of that type.
func argText(b block, arg string) (key, text string) {
	body := b.Body
	if blk, name, nested := strings.Cut(arg, "."); nested {
		body = nil
		for _, n := range b.Body.Blocks {
			if n.Type == blk {
				body = n.Body
				break
			}
		}
		if body == nil {
			return "", "nothing"
		}
		arg = name
	}
	a := body.Attributes[arg]
	if a == nil {
		return "", "nothing"
	}
	src := a.Expr.Range().SliceBytes(b.src)
	text = strings.Join(strings.Fields(string(src)), " ")
	if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
		return v.GoString(), text
	}
	tokens, _ := hclsyntax.LexExpression(src, "", hcl.InitialPos)
	var sb strings.Builder
	for _, t := range tokens {
		if t.Type != hclsyntax.TokenNewline && t.Type != hclsyntax.TokenComment && t.Type != hclsyntax.TokenEOF {
			sb.Write(t.Bytes)
		}
	}
	return sb.String(), text
}
