// Package plantest runs terraform with the real azurerm provider for tests
// that prove generated Terraform on planned (and mock-applied) values:
// terraform test with mock_provider "azurerm", offline, no credentials.
package plantest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

// Config returns the terraform CLI config that runs terraform with the
// azurerm provider of the module's major, without terraform init: for
// azurerm 5 the one in AZURERM5_PROVIDER_DIR (make verify sets it to the
// provider from the registry or the one it built), else the one make verify
// built in the tool cache; for azurerm 4 the one in AZURERM4_PROVIDER_DIR.
// It skips the test, saying why, when there is none —
// unless ENDPOINTGEN_REQUIRE_PLAN_TESTS is set (make verify sets it after
// installing the tools), where a missing terraform or azurerm 5 provider
// fails instead of skipping silently.
func Config(t *testing.T, major string) string {
	t.Helper()
	skip := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("ENDPOINTGEN_REQUIRE_PLAN_TESTS") != "" && major != "4" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		skip("terraform is not on PATH; install Terraform 1.11 or newer to plan the phases")
	}
	var dir string
	if major == "4" {
		dir = os.Getenv("AZURERM4_PROVIDER_DIR")
		if dir == "" {
			t.Skip("azurerm 4 module: set AZURERM4_PROVIDER_DIR to a directory holding a 4.x provider binary to plan it")
		}
	} else if dir = os.Getenv("AZURERM5_PROVIDER_DIR"); dir == "" {
		cache := os.Getenv("ENDPOINTGEN_CACHE")
		if cache == "" {
			base := os.Getenv("XDG_CACHE_HOME")
			if base == "" {
				home, _ := os.UserHomeDir()
				base = filepath.Join(home, ".cache")
			}
			cache = filepath.Join(base, "endpointgen")
		}
		found, _ := filepath.Glob(filepath.Join(cache, "azurerm-*", "terraform-provider-azurerm"))
		if len(found) == 0 {
			skip("no azurerm 5 provider in %s/azurerm-*/; make verify builds it", cache)
		}
		sort.Strings(found)
		dir = filepath.Dir(found[len(found)-1])
	}
	rc := filepath.Join(t.TempDir(), "azurerm.tfrc")
	config := fmt.Sprintf("provider_installation {\n  dev_overrides { \"hashicorp/azurerm\" = %q }\n  direct {}\n}\n", dir)
	if err := os.WriteFile(rc, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return rc
}
