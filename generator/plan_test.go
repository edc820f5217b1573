package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/plantest"
)

// On azurerm 5 a subnet takes its network security group through a
// write-only argument, which the provider sends only when the argument's
// version changes. TestPlanNSGReplaced applies a module with a mock azurerm
// provider (the real schema, offline), then replaces the group as
// `terraform apply -replace` would: the version must follow the group's ID
// (so the subnet is moved to the new group) and stay put while the group
// does (no update on every plan). The group's create_before_destroy, which
// lets Azure delete the old group once no subnet uses it, is asserted in
// TestSubnetNSGAndPrivateSubnet.
func TestPlanNSGReplaced(t *testing.T) {
	rc := plantest.Config(t, "5")
	const subnet, nsg = "azurerm_subnet.snet_rules", "azurerm_network_security_group.snet_rules"
	files, diags := Generate([]byte(peHead+"services:\n  - type: storage\n    name: strules01\n"), "m.yaml", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	dir := t.TempDir()
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Bytes, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const groups = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/%s/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-rules"
	before, after := fmt.Sprintf(groups, "rg-rules"), fmt.Sprintf(groups, "rg-rules-network")
	if version(before) == version(after) {
		t.Fatal("the two IDs must give two versions for this test to say anything")
	}
	override := func(id string) string {
		return fmt.Sprintf("  override_resource {\n    target = %s\n    values = { id = %q }\n  }\n", nsg, id)
	}
	assertVersion := func(id, why string) string {
		return fmt.Sprintf("  assert {\n    condition     = %s.network_security_group_id_wo_version == %d\n    error_message = %q\n  }\n",
			subnet, version(id), why)
	}
	// The posture test's mocks and ID overrides, applied too: the provider
	// validates the IDs one resource passes to another.
	posture, err := os.ReadFile(filepath.Join(dir, "tests", "posture.tftest.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	mocks, _, ok := strings.Cut(string(posture), "\nrun \"")
	if !ok {
		t.Fatal("tests/posture.tftest.hcl has no run block")
	}
	test := strings.ReplaceAll(mocks, "override_during = plan", "override_during = apply") +

		"run \"created\" {\n" + override(before) +
		assertVersion(before, "the version is taken from the group's ID") + "}\n\n" +
		"run \"unchanged\" {\n  command = plan\n" +
		assertVersion(before, "the group unchanged, the version is unchanged: no update on every plan") + "}\n\n" +
		"run \"replaced\" {\n  plan_options {\n    replace = [" + nsg + "]\n  }\n" + override(after) +
		assertVersion(after, "a replaced group changes the version, so azurerm sends the new group's ID") + "}\n"
	if err := os.WriteFile(filepath.Join(dir, "tests", "nsg.tftest.hcl"), []byte(test), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("terraform", "test", "-no-color", "-filter=tests/nsg.tftest.hcl")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("terraform test failed: %v\n%s\n--- tests/nsg.tftest.hcl:\n%s", err, out, test)
	}
}

// version is what the generated expression makes of a group's ID: the
// first 7 hex digits of its SHA-256, plus 1.
func version(id string) int64 {
	sum := sha256.Sum256([]byte(id))
	n, err := strconv.ParseInt(hex.EncodeToString(sum[:])[:7], 16, 64)
	if err != nil {
		panic(err)
	}
	return n + 1
}
