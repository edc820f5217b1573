package build

import (
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
)

// TestUniqueAddresses: the last-resort check finds a block address twice,
// in built files (read from hclwrite) and in rendered ones (a user's
// template may add blocks), and names where; terraform and provider blocks
// may repeat; posture tests are not Terraform configuration.
func TestUniqueAddresses(t *testing.T) {
	built := func(name string, addrs ...hclgen.Ref) []block {
		f := hclgen.NewFile(name)
		for _, a := range addrs {
			f.Resource(a)
		}
		f.Block("terraform")
		f.Block("provider", "azurerm")
		return blocksOf(f)
	}
	rendered := func(name, src string) []block {
		f, err := finish(name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return f.blocks
	}
	providers := rendered("providers.tf", "provider \"azurerm\" {\n  features {}\n}\n\nterraform {}\n")
	sa, kv := hclgen.Ref{"azurerm_storage_account", "data"}, hclgen.Ref{"azurerm_key_vault", "kv"}
	for _, tc := range []struct {
		name   string
		blocks [][]block
		want   string // in the error; "" for none
	}{
		{"distinct", [][]block{providers, built("storage.tf", sa), built("key_vault.tf", kv)}, ""},
		{"two files", [][]block{providers, built("storage.tf", sa), built("main.tf", kv, sa)}, "resource.azurerm_storage_account.data (in main.tf and storage.tf)"},
		{"one file", [][]block{built("storage.tf", sa, sa)}, "resource.azurerm_storage_account.data (twice in storage.tf)"},
		{"a template's block", [][]block{rendered("providers.tf", "resource \"azurerm_key_vault\" \"kv\" {}\n"), built("key_vault.tf", kv)}, "resource.azurerm_key_vault.kv (in key_vault.tf and providers.tf)"},
		{"not Terraform", [][]block{built("tests/posture.tftest.hcl", sa, sa)}, ""},
	} {
		var all []block
		for _, b := range tc.blocks {
			all = append(all, b...)
		}
		err := uniqueAddresses(all)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	if _, err := finish("providers.tf", []byte("provider {\n")); err == nil {
		t.Error("a rendered file that does not parse was accepted")
	}
}
