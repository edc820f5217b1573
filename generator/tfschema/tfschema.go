// Package tfschema checks Terraform configuration against a provider schema
// as printed by `terraform providers schema -json`: no unknown or read-only
// argument, no unknown block, every required argument present, nested block
// counts within their limits. It stands in for `terraform validate` where the
// provider binary is not available (azurerm 4.x here), and catches an
// argument of the wrong major in generated code.
package tfschema

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Schema is one provider's schema: the provider block, its resource types
// and its data source types.
type Schema struct {
	Provider          SchemaBlock            `json:"provider"`
	ResourceSchemas   map[string]SchemaBlock `json:"resource_schemas"`
	DataSourceSchemas map[string]SchemaBlock `json:"data_source_schemas"`
}

// SchemaBlock is a schema with its version, as in the JSON output.
type SchemaBlock struct {
	Block Block `json:"block"`
}

// Block is the schema of one block body.
type Block struct {
	Attributes map[string]Attribute `json:"attributes"`
	BlockTypes map[string]BlockType `json:"block_types"`
}

// Attribute is the schema of one argument or read-only attribute.
type Attribute struct {
	Required   bool `json:"required"`
	Optional   bool `json:"optional"`
	Computed   bool `json:"computed"`
	Deprecated bool `json:"deprecated"`
}

// BlockType is the schema of a nested block type. MaxItems 0 means no limit.
type BlockType struct {
	NestingMode string `json:"nesting_mode"`
	Block       Block  `json:"block"`
	MinItems    int    `json:"min_items"`
	MaxItems    int    `json:"max_items"`
}

// Load reads a schema extract from a JSON file.
func Load(path string) (*Schema, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading schema: %w", err)
	}
	var s Schema
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decoding schema %s: %w", path, err)
	}
	return &s, nil
}

// Terraform's meta-arguments and meta-blocks, valid in every resource.
var (
	metaArguments = map[string]bool{"count": true, "for_each": true, "depends_on": true, "provider": true}
	metaBlocks    = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true, "dynamic": true}
)

// CheckFile parses one .tf file and checks its resource and data blocks and
// its provider "azurerm" block against s. Other blocks (terraform, variable,
// output, moved, removed, import) are Terraform's own and not checked here.
// In a data block every attribute the schema marks computed-only is still
// read-only.
func (s *Schema) CheckFile(filename string, src []byte) hcl.Diagnostics {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return diags
	}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			rs, ok := s.ResourceSchemas[b.Labels[0]]
			if !ok {
				diags = append(diags, errorAt(b.TypeRange, "Unknown resource type", "The schema has no resource type %q.", b.Labels[0]))
				continue
			}
			diags = append(diags, checkBody(b.Body, b.DefRange(), rs.Block, b.Labels[0], true)...)
		case b.Type == "data" && len(b.Labels) == 2:
			ds, ok := s.DataSourceSchemas[b.Labels[0]]
			if !ok {
				diags = append(diags, errorAt(b.TypeRange, "Unknown data source", "The schema has no data source %q.", b.Labels[0]))
				continue
			}
			diags = append(diags, checkBody(b.Body, b.DefRange(), ds.Block, "data "+b.Labels[0], true)...)
		case b.Type == "provider" && len(b.Labels) == 1 && b.Labels[0] == "azurerm":
			diags = append(diags, checkBody(b.Body, b.DefRange(), s.Provider.Block, "provider azurerm", false)...)
		}
	}
	return diags
}

// checkBody checks one block body; at is the block's header, where messages
// about what is missing point.
func checkBody(body *hclsyntax.Body, at hcl.Range, schema Block, where string, resource bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range sortedKeys(body.Attributes) {
		a := body.Attributes[name]
		// alias is Terraform's meta-argument of a provider block, not the
		// provider's (https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations).
		if (resource && metaArguments[name]) || (where == "provider azurerm" && name == "alias") {
			continue
		}
		as, ok := schema.Attributes[name]
		switch {
		case !ok:
			diags = append(diags, errorAt(a.NameRange, "Unsupported argument", "%s has no argument %q.", where, name))
		case as.Computed && !as.Optional && !as.Required:
			diags = append(diags, errorAt(a.NameRange, "Read-only attribute", "%s.%s is computed by the provider and cannot be set.", where, name))
		case as.Deprecated:
			diags = append(diags, errorAt(a.NameRange, "Deprecated argument", "%s.%s is deprecated in this provider version.", where, name))
		}
	}
	for _, name := range sortedKeys(schema.Attributes) {
		if schema.Attributes[name].Required && body.Attributes[name] == nil {
			diags = append(diags, errorAt(at, "Missing required argument", "%s needs the argument %q.", where, name))
		}
	}
	counts := map[string]int{}
	for _, b := range body.Blocks {
		if resource && metaBlocks[b.Type] {
			continue
		}
		bt, ok := schema.BlockTypes[b.Type]
		if !ok {
			diags = append(diags, errorAt(b.TypeRange, "Unsupported block type", "%s has no block %q.", where, b.Type))
			continue
		}
		counts[b.Type]++
		diags = append(diags, checkBody(b.Body, b.DefRange(), bt.Block, where+"."+b.Type, false)...)
	}
	for _, name := range sortedKeys(schema.BlockTypes) {
		bt := schema.BlockTypes[name]
		maxItems := bt.MaxItems
		if bt.NestingMode == "single" {
			maxItems = 1
		}
		switch n := counts[name]; {
		case n < bt.MinItems:
			diags = append(diags, errorAt(at, "Missing block", "%s needs at least %d %q block(s); found %d.", where, bt.MinItems, name, n))
		case maxItems > 0 && n > maxItems:
			diags = append(diags, errorAt(at, "Too many blocks", "%s allows at most %d %q block(s); found %d.", where, maxItems, name, n))
		}
	}
	return diags
}

func errorAt(r hcl.Range, summary, detail string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: r.Ptr()}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
