package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const example = "../../examples/payments-private-endpoint"

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestGenerateFlags(t *testing.T) {
	var got *generateOptions
	cmd := newGenerateCmd(streams{}, func(o *generateOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"-f", "m.yaml", "-o", "out", "--force", "--no-tests"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := generateOptions{manifest: "m.yaml", outDir: "out", force: true, noTests: true}
	if diff := cmp.Diff(want, *got, cmp.AllowUnexported(generateOptions{})); diff != "" {
		t.Error(diff)
	}
}

func TestGenerateWritesTheGoldens(t *testing.T) {
	out := filepath.Join(t.TempDir(), "module")
	code, stdout, stderr := runCLI(t, "generate", "-f", example+"/manifest.yaml", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "10 created, 0 changed, 0 deleted, 0 unchanged") || !strings.Contains(stdout, "created   tests/posture.tftest.hcl") {
		t.Errorf("report: %q", stdout)
	}
	if diff := cmp.Diff(readTree(t, example+"/terraform"), readTree(t, out)); diff != "" {
		t.Errorf("output differs from the golden (-golden +output):\n%s", diff)
	}

	// A second run changes nothing.
	code, stdout, _ = runCLI(t, "generate", "-f", example+"/manifest.yaml", "-o", out)
	if code != 0 || !strings.Contains(stdout, "0 created, 0 changed, 0 deleted, 10 unchanged") {
		t.Errorf("second run: exit %d, %q", code, stdout)
	}
}

// readTree reads every file under dir by slash-separated relative name.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGenerateNoTests: --no-tests leaves tests/ out, deletes the posture test
// generated earlier (and the folder, once empty), keeps a test of the
// user's, and --check compares tests/ too.
func TestGenerateNoTests(t *testing.T) {
	out := filepath.Join(t.TempDir(), "module")
	manifest := example + "/manifest.yaml"
	posture := filepath.Join(out, "tests", "posture.tftest.hcl")
	if code, _, stderr := runCLI(t, "generate", manifest, "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	if code, stdout, _ := runCLI(t, "generate", manifest, "-o", out, "--no-tests", "--check"); code != 3 || stdout != "stale README.md\nextra tests/posture.tftest.hcl\n" {
		t.Errorf("--no-tests --check: exit %d, %q", code, stdout)
	}
	code, stdout, stderr := runCLI(t, "generate", manifest, "-o", out, "--no-tests")
	if code != 0 || !strings.Contains(stdout, "deleted   tests/posture.tftest.hcl") {
		t.Fatalf("--no-tests: exit %d, %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Dir(posture)); !os.IsNotExist(err) {
		t.Errorf("tests/ is still there: %v", err)
	}
	if code, stdout, _ := runCLI(t, "generate", manifest, "-o", out, "--check"); code != 3 || stdout != "stale README.md\nmissing tests/posture.tftest.hcl\n" {
		t.Errorf("--check without the test: exit %d, %q", code, stdout)
	}

	// A test of the user's stays, and so does tests/; one of the user's at
	// the generated name is never overwritten.
	mine := filepath.Join(out, "tests", "mine.tftest.hcl")
	os.MkdirAll(filepath.Dir(mine), 0o755)
	os.WriteFile(mine, []byte("run \"mine\" {}\n"), 0o644)
	runCLI(t, "generate", manifest, "-o", out)
	runCLI(t, "generate", manifest, "-o", out, "--no-tests")
	if b, err := os.ReadFile(mine); err != nil || string(b) != "run \"mine\" {}\n" {
		t.Errorf("the user's test: %q, %v", b, err)
	}
	os.WriteFile(posture, []byte("run \"posture\" {}\n"), 0o644)
	if code, _, stderr := runCLI(t, "generate", manifest, "-o", out); code != 1 || !strings.Contains(stderr, posture) {
		t.Errorf("over the user's posture test: exit %d, %q", code, stderr)
	}
}

func TestGenerateBadManifestWritesNothing(t *testing.T) {
	dir := t.TempDir()
	manifest := filepath.Join(dir, "bad.yaml")
	os.WriteFile(manifest, []byte("apiVersion: endpointgen/v1\nname: x1\nlocation: westeurope\npattern: private-link\nservices: []\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "generate", "-f", manifest, "-o", out)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{manifest + ":4:10:", "Unsupported value", "Allowed: service-endpoint, private-endpoint", "No services"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if stdout != "" {
		t.Errorf("stdout: %q", stdout)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output directory was created: %v", err)
	}
}

func TestGenerateKeepsUserFiles(t *testing.T) {
	out := t.TempDir()
	mine := filepath.Join(out, "main.tf")
	notes := filepath.Join(out, "notes.md")
	os.WriteFile(mine, []byte("# my own main.tf\n"), 0o644)
	os.WriteFile(notes, []byte("my notes\n"), 0o644)

	code, _, stderr := runCLI(t, "generate", "-f", example+"/manifest.yaml", "-o", out)
	if code != 1 || !strings.Contains(stderr, mine) || !strings.Contains(stderr, "--force") {
		t.Errorf("exit %d, stderr %q; want 1 naming %s and --force", code, stderr, mine)
	}
	if b, _ := os.ReadFile(mine); string(b) != "# my own main.tf\n" {
		t.Errorf("user file changed: %q", b)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 2 {
		t.Errorf("files were written beside the user's: %d entries", len(entries))
	}

	code, _, stderr = runCLI(t, "generate", "-f", example+"/manifest.yaml", "-o", out, "--force")
	if code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(mine); !strings.Contains(string(b), "DO NOT EDIT") {
		t.Errorf("--force did not take over main.tf")
	}
	if b, _ := os.ReadFile(notes); string(b) != "my notes\n" {
		t.Errorf("a file endpointgen does not produce was touched: %q", b)
	}
}

func TestGenerateDeletesStaleFiles(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "generate", "-f", example+"/manifest.yaml", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	// The same workload as service-endpoint has no private endpoints or DNS.
	src, _ := os.ReadFile(example + "/manifest.yaml")
	se := strings.NewReplacer("pattern: private-endpoint", "pattern: service-endpoint", "    subresources: [blob, file, dfs]\n", "").Replace(string(src))
	manifest := filepath.Join(t.TempDir(), "se.yaml")
	os.WriteFile(manifest, []byte(se), 0o644)
	code, stdout, stderr := runCLI(t, "generate", "-f", manifest, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, gone := range []string{"dns.tf", "private_endpoints.tf"} {
		if !strings.Contains(stdout, "deleted   "+gone) {
			t.Errorf("report does not list %s as deleted: %q", gone, stdout)
		}
		if _, err := os.Stat(filepath.Join(out, gone)); !os.IsNotExist(err) {
			t.Errorf("%s still exists", gone)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"generate", "-o", "out"},
		{"generate", "-f", "x.yaml", "-o", "out", "--colour"},
		{"validate"},
		{"frobnicate"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, stderr)
		}
	}
}

// TestNamedCommandAlone: a run that names a command builds it alone, and
// it is the command the full tree has: the same name, flags and help.
func TestNamedCommandAlone(t *testing.T) {
	full := newRootCmd(streams{}, "")
	names := 0
	for _, c := range full.Commands() {
		if c.Name() == "completion" || c.Name() == "help" {
			continue
		}
		names++
		alone := newRootCmd(streams{}, c.Name())
		if cmds := alone.Commands(); len(cmds) != 1 || cmds[0].Name() != c.Name() {
			t.Errorf("%s: built %d commands: %v", c.Name(), len(cmds), cmds)
			continue
		}
		found, _, err := alone.Find([]string{c.Name()})
		if err != nil || found.Name() != c.Name() {
			t.Errorf("%s: found %v, %v", c.Name(), found, err)
			continue
		}
		if diff := cmp.Diff(c.UsageString(), found.UsageString()); diff != "" {
			t.Errorf("%s: usage differs (-full +alone):\n%s", c.Name(), diff)
		}
	}
	if names != 8 {
		t.Errorf("%d commands, want 8", names)
	}
	for _, args := range [][]string{{"version"}, {"generate", "--help"}} {
		if code, stdout, stderr := runCLI(t, args...); code != 0 || stdout == "" || stderr != "" {
			t.Errorf("%v: exit %d, %q, %q", args, code, stdout, stderr)
		}
	}
}

func TestValidate(t *testing.T) {
	code, stdout, stderr := runCLI(t, "validate", example+"/manifest.yaml", "../../generator/manifest/testdata/invalid/cidrs.yaml")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stdout, "manifest.yaml: valid") || !strings.Contains(stderr, "cidrs.yaml:13:9:") {
		t.Errorf("stdout %q\nstderr %q", stdout, stderr)
	}
	if code, _, _ := runCLI(t, "validate", example+"/manifest.yaml"); code != 0 {
		t.Errorf("valid manifest: exit %d", code)
	}
}

// TestValidateOrder: manifests are checked in parallel, and what each
// found is printed in the order they were given, the same every run.
func TestValidateOrder(t *testing.T) {
	invalid, err := filepath.Glob("../../generator/manifest/testdata/invalid/*.yaml")
	if err != nil || len(invalid) < 10 {
		t.Fatalf("fixtures: %v", err)
	}
	args := []string{"validate"}
	for _, path := range invalid {
		args = append(args, path, example+"/manifest.yaml")
	}
	code, stdout, stderr := runCLI(t, args...)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	at := 0
	for _, path := range invalid {
		i := strings.Index(stderr[at:], path+":")
		if i < 0 {
			t.Fatalf("%s: not reported after what comes before it:\n%s", path, stderr)
		}
		at += i
	}
	// The manifest named again and again is checked once.
	if want := example + "/manifest.yaml: valid\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	for range 3 {
		if _, again, againErr := runCLI(t, args...); again != stdout || againErr != stderr {
			t.Fatal("another run printed otherwise")
		}
	}
}

func TestGenerateCheckAndDiff(t *testing.T) {
	out := filepath.Join(t.TempDir(), "module")
	manifest := example + "/manifest.yaml"

	code, stdout, _ := runCLI(t, "generate", manifest, "-o", out, "--check")
	if code != 3 || !strings.Contains(stdout, "missing main.tf") {
		t.Errorf("--check on an empty dir: exit %d, %q", code, stdout)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("--check wrote %s", out)
	}

	runCLI(t, "generate", manifest, "-o", out)
	if code, stdout, _ := runCLI(t, "generate", manifest, "-o", out, "--check"); code != 0 || !strings.Contains(stdout, "up to date") {
		t.Errorf("--check when current: exit %d, %q", code, stdout)
	}

	storage := filepath.Join(out, "storage.tf")
	edited, _ := os.ReadFile(storage)
	edited = bytes.Replace(edited, []byte(`"TLS1_2"`), []byte(`"TLS1_0"`), 1)
	os.WriteFile(storage, edited, 0o644)
	old := filepath.Join(out, "old.tf")
	os.WriteFile(old, []byte("# Code generated by endpointgen; DO NOT EDIT.\n"), 0o644)

	code, stdout, _ = runCLI(t, "generate", manifest, "-o", out, "--check")
	if code != 3 || stdout != "extra old.tf\nstale storage.tf\n" {
		t.Errorf("--check with drift: exit %d, %q", code, stdout)
	}
	code, stdout, _ = runCLI(t, "generate", manifest, "-o", out, "--diff")
	for _, want := range []string{`= "TLS1_0"`, `= "TLS1_2"`, "+++ /dev/null"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--diff lacks %q:\n%s", want, stdout)
		}
	}
	if !regexp.MustCompile(`(?m)^-\s+min_tls_version\s+= "TLS1_0"$`).MatchString(stdout) ||
		!regexp.MustCompile(`(?m)^\+\s+min_tls_version\s+= "TLS1_2"$`).MatchString(stdout) {
		t.Errorf("--diff does not show the edit as -/+ lines:\n%s", stdout)
	}
	if code != 3 {
		t.Errorf("--diff with drift: exit %d, want 3", code)
	}
	if b, _ := os.ReadFile(storage); !bytes.Equal(b, edited) {
		t.Error("--diff changed storage.tf")
	}
	if _, err := os.Stat(old); err != nil {
		t.Error("--diff deleted old.tf")
	}
}

func TestInfoCommands(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"catalog"}, "privatelink.vaultcore.azure.cn"},
		{[]string{"schema"}, `"$schema": "https://json-schema.org/draft/2020-12/schema"`},
		{[]string{"schema", "--defaults"}, `"$id": "https://github.com/endpointgen/endpointgen/defaults-v1.schema.json"`},
		{[]string{"explain", example + "/manifest.yaml"}, "## Traffic path"},
		{[]string{"version"}, "endpointgen "},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCLI(t, tt.args...)
		if code != 0 || !strings.Contains(stdout, tt.want) {
			t.Errorf("%v: exit %d, stdout lacks %q; stderr %q", tt.args, code, tt.want, stderr)
		}
	}
	// catalog TYPE… and --json.
	if code, stdout, _ := runCLI(t, "catalog", "web_app", "storage"); code != 0 || !strings.HasPrefix(stdout, "web_app: ") ||
		!strings.Contains(stdout, "\nstorage: ") || strings.Contains(stdout, "key_vault") {
		t.Errorf("catalog web_app storage: exit %d\n%s", code, stdout)
	}
	var entries []struct{ Type string }
	if code, stdout, _ := runCLI(t, "catalog", "storage", "key_vault", "--json"); code != 0 || json.Unmarshal([]byte(stdout), &entries) != nil ||
		len(entries) != 2 || entries[0].Type != "storage" || entries[1].Type != "key_vault" {
		t.Errorf("catalog storage key_vault --json: exit %d, %+v\n%s", code, entries, stdout)
	}
	if code, stdout, stderr := runCLI(t, "catalog", "stroage"); code != exitUsage || stdout != "" || !strings.Contains(stderr, `"stroage" (did you mean storage?) is not a service type`) {
		t.Errorf("catalog stroage: exit %d, %q, %q", code, stdout, stderr)
	}
	if _, stdout, _ := runCLI(t, "explain", example+"/manifest.yaml"); !strings.HasSuffix(stdout, ".\n") {
		t.Errorf("explain does not end with a line break: %q", stdout[max(0, len(stdout)-20):])
	}
	if code, _, stderr := runCLI(t, "explain", "../../generator/manifest/testdata/invalid/dns.yaml"); code != 1 || !strings.Contains(stderr, "dns.yaml:11:9:") {
		t.Errorf("explain of a bad manifest: exit %d, %q", code, stderr)
	}
}

func TestMigrate(t *testing.T) {
	// A copy: migrate -f records the phase in the manifest.
	manifest := filepath.Join(t.TempDir(), "inventory.yaml")
	src, err := os.ReadFile("../../examples/migrate-inventory/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(manifest, src, 0o644)
	out := filepath.Join(t.TempDir(), "inventory")
	migrate := func(phase string, extra ...string) (int, string, string) {
		return runCLI(t, append([]string{"migrate", "-f", manifest, "--phase", phase, "-o", out}, extra...)...)
	}
	if code, _, stderr := migrate("cutover"); code != 1 || !strings.Contains(stderr, "needs the add phase") {
		t.Errorf("cutover first: exit %d, %q", code, stderr)
	}
	for _, phase := range []string{"add", "cutover", "cleanup"} {
		code, stdout, stderr := migrate(phase)
		if code != 0 || !strings.Contains(stdout, "Phase "+phase+" written") {
			t.Fatalf("%s: exit %d, %q %q", phase, code, stdout, stderr)
		}
		golden, _ := os.ReadFile("../../examples/migrate-inventory/phase-" + phase + "/storage.tf")
		got, _ := os.ReadFile(filepath.Join(out, "storage.tf"))
		if !bytes.Equal(golden, got) {
			t.Errorf("%s: storage.tf differs from the golden", phase)
		}
		// The manifest now records the phase, so generate and --check agree
		// with migrate instead of deleting the private endpoints.
		recorded, _ := os.ReadFile(manifest)
		if !strings.Contains(string(recorded), "migration:\n  phase: "+phase+"\n") {
			t.Errorf("%s: the manifest does not record the phase:\n%s", phase, recorded)
		}
		if code, stdout, stderr := runCLI(t, "generate", "-f", manifest, "-o", out, "--check"); code != 0 {
			t.Errorf("%s: generate --check after migrate: exit %d, %q %q", phase, code, stdout, stderr)
		}
	}
	if code, _, stderr := migrate("add"); code != 1 || !strings.Contains(stderr, "moves forward only") {
		t.Errorf("back to add after cleanup: exit %d, %q", code, stderr)
	}
	if code, _, stderr := migrate("sideways"); code != 2 || !strings.Contains(stderr, "add, cutover, cleanup") {
		t.Errorf("bad phase: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "migrate", "-f", example+"/manifest.yaml", "--phase", "add", "-o", out); code != 1 || !strings.Contains(stderr, "Not a service-endpoint workload") {
		t.Errorf("private-endpoint manifest: exit %d, %q", code, stderr)
	}
}

// TestMigrateRecordsByHand: where migrate -f cannot record the phase in
// the manifest without changing more (the pattern a block scalar), it
// writes nothing, neither the module nor the manifest, and says to set the
// phase by hand.
func TestMigrateRecordsByHand(t *testing.T) {
	manifest := filepath.Join(t.TempDir(), "lit.yaml")
	src := "apiVersion: endpointgen/v1\nname: lit\nlocation: westeurope\npattern: >-\n  service-endpoint\n" +
		"network:\n  subnet: {address_prefixes: [10.0.1.0/24]}\nservices: [{type: storage, name: stlit01}]\n"
	os.WriteFile(manifest, []byte(src), 0o644)
	out := filepath.Join(t.TempDir(), "lit")
	code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "add", "-o", out)
	if code != 1 || !strings.Contains(stderr, "set migration.phase: add by hand") || !strings.Contains(stderr, "nothing was written") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if got, _ := os.ReadFile(manifest); string(got) != src {
		t.Errorf("the manifest changed:\n%s", got)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the module was written: %v", err)
	}
	// --check records nothing, so it runs.
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "add", "-o", out, "--check"); code != 3 {
		t.Errorf("--check: exit %d, %q", code, stderr)
	}
}

// TestMigrateRefusesASubresourceTakenOut: a sub-resource taken out of the
// manifest mid-migration would delete the private endpoint (and the zone
// and link only it used) that the add phase wrote: migrate writes nothing,
// names them, and says what to do, not that a service loses its data.
func TestMigrateRefusesASubresourceTakenOut(t *testing.T) {
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "inv.yaml"), filepath.Join(dir, "out")
	src, err := os.ReadFile("../../examples/migrate-inventory/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(manifest, src, 0o644)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "add", "-o", out, "-q"); code != 0 {
		t.Fatalf("add: exit %d, %q", code, stderr)
	}
	before := readTree(t, out)
	// The manifest as migrate left it (migration.phase: add), less queue.
	src, _ = os.ReadFile(manifest)
	os.WriteFile(manifest, bytes.Replace(src, []byte("subresources: [blob, queue]"), []byte("subresources: [blob]"), 1), 0o644)
	for _, args := range [][]string{{"migrate", "-f", manifest, "--phase", "add", "-o", out}, {"generate", "-f", manifest, "-o", out}} {
		code, _, stderr := runCLI(t, args...)
		want := "nothing was written: this phase would delete azurerm_private_dns_zone.queue_core_windows_net, azurerm_private_dns_zone_virtual_network_link.queue_core_windows_net, azurerm_private_endpoint.stinventoryprod01_queue, which the module in " + out + " has: a sub-resource was taken out"
		if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "loses its data") {
			t.Errorf("%s: exit %d, %q", args[0], code, stderr)
		}
	}
	if diff := cmp.Diff(before, readTree(t, out)); diff != "" {
		t.Errorf("the module changed (-before +after):\n%s", diff)
	}
}

// TestMigrateRefusesADNSChange: zones moved to a hub mid-migration would
// delete the zone and link the add phase wrote: migrate writes nothing,
// names them and says what changed, not that a service loses its data,
// and warns of nothing it did not write.
func TestMigrateRefusesADNSChange(t *testing.T) {
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "app.yaml"), filepath.Join(dir, "out")
	se := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: service-endpoint\nservices:\n  - type: storage\n    name: stapp01\n"
	os.WriteFile(manifest, []byte(se), 0o644)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "add", "-o", out, "-q"); code != 0 {
		t.Fatalf("add: exit %d, %q", code, stderr)
	}
	before := readTree(t, out)
	src, _ := os.ReadFile(manifest)
	hub := "dns:\n  mode: existing\n  zone_ids:\n    privatelink.blob.core.windows.net: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net\n"
	os.WriteFile(manifest, append(src, hub...), 0o644)
	code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "cutover", "-o", out)
	want := "nothing was written: this phase would make Terraform destroy or replace what the module in " + out + " has: azurerm_private_dns_zone.blob_core_windows_net is deleted"
	if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "usually dns (mode, zone_ids)") ||
		strings.Contains(stderr, "loses its data") || strings.Contains(stderr, "warning") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if diff := cmp.Diff(before, readTree(t, out)); diff != "" {
		t.Errorf("the module changed (-before +after):\n%s", diff)
	}
}

// TestMigrateRefusesAManifestThatReplacesAService: sub-resources added to
// a service-endpoint manifest after its module was applied that choose what
// the account is created with (a Cosmos DB API, a storage account's
// hierarchical namespace) would replace the account: migrate -f writes
// nothing, neither the module nor the manifest's phase, and says why.
func TestMigrateRefusesAManifestThatReplacesAService(t *testing.T) {
	for _, tc := range []struct {
		name, service, subresources, want string
	}{
		{"cosmos Table", "  - type: cosmosdb\n    name: cosmos-cos-weu-01\n", "[Sql, Table]",
			`azurerm_cosmosdb_account.cosmos_cos_weu_01.capabilities changes from the provider's default to capabilities { name = "EnableTable" }, which replaces it`},
		{"cosmos MongoDB", "  - type: cosmosdb\n    name: cosmos-cos-weu-01\n", "[MongoDB]",
			`azurerm_cosmosdb_account.cosmos_cos_weu_01 is replaced: its capabilities changes from the provider's default to capabilities { name = "EnableMongo" }; its kind from "GlobalDocumentDB" to "MongoDB" (`},
		{"storage dfs", "  - type: storage\n    name: stlakeweu01\n", "[blob, dfs]",
			`azurerm_storage_account.stlakeweu01.is_hns_enabled changes from the provider's default to true, which replaces it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			manifest, out := filepath.Join(dir, "c4.yaml"), filepath.Join(dir, "c4")
			applied := "apiVersion: endpointgen/v1\nname: cos\nlocation: westeurope\npattern: service-endpoint\nservices:\n" + tc.service
			os.WriteFile(manifest, []byte(applied), 0o644)
			if code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out); code != 0 {
				t.Fatalf("generate: exit %d, %q", code, stderr)
			}
			before := readTree(t, out)
			edited := applied + "    subresources: " + tc.subresources + "\n"
			os.WriteFile(manifest, []byte(edited), 0o644)
			code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "add", "-o", out)
			if code != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "nothing was written") ||
				!strings.Contains(stderr, "Set the manifest back") || strings.Contains(stderr, "please report it:") {
				t.Errorf("exit %d, %q", code, stderr)
			}
			if diff := cmp.Diff(before, readTree(t, out)); diff != "" {
				t.Errorf("the module changed (-before +after):\n%s", diff)
			}
			if got, _ := os.ReadFile(manifest); string(got) != edited {
				t.Errorf("the manifest changed:\n%s", got)
			}
		})
	}
	// Sub-resources of the account's own API add endpoints and replace
	// nothing.
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "c4.yaml"), filepath.Join(dir, "c4")
	applied := "apiVersion: endpointgen/v1\nname: cos\nlocation: westeurope\npattern: service-endpoint\nservices:\n  - type: cosmosdb\n    name: cosmos-cos-weu-01\n"
	os.WriteFile(manifest, []byte(applied), 0o644)
	if code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out); code != 0 {
		t.Fatalf("generate: exit %d, %q", code, stderr)
	}
	os.WriteFile(manifest, []byte(applied+"    subresources: [Sql]\n"), 0o644)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "add", "-o", out); code != 0 {
		t.Errorf("subresources [Sql] on a NoSQL account: exit %d, %q", code, stderr)
	}
}

// TestMigrateAcrossProviderMajors: a migration may move from azurerm 4 to
// 5 between phases. The same resources are written with other arguments
// (a zone link's private_dns_zone_name becomes private_dns_zone_id, which
// azurerm 5 reads back from the link's ID): no replacement, no refusal.
// Across majors the phase is compared with the manifest's module built for
// the major there: a change that replaces the account at the same time
// is refused as within one major (reviewers' finding: it used to be
// written, under a warning that nothing was compared), and without it
// the phase is written, with a warning about the move.
func TestMigrateAcrossProviderMajors(t *testing.T) {
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "inv.yaml"), filepath.Join(dir, "inv")
	src := "apiVersion: endpointgen/v1\nname: inv\nlocation: westeurope\npattern: service-endpoint\nprovider: \"4\"\nservices:\n  - type: storage\n    name: stinvweu01\n"
	os.WriteFile(manifest, []byte(src), 0o644)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "add", "-o", out); code != 0 {
		t.Fatalf("add on azurerm 4: exit %d, %q", code, stderr)
	}
	b, _ := os.ReadFile(manifest)
	five := bytes.Replace(b, []byte(`provider: "4"`), []byte(`provider: "5"`), 1)
	replacing := bytes.Replace(five, []byte("    name: stinvweu01\n"), []byte("    name: stinvweu01\n    infrastructure_encryption_enabled: false\n"), 1)
	if bytes.Equal(replacing, five) || bytes.Equal(five, b) {
		t.Fatal("the manifest did not change")
	}
	before := readTree(t, out)
	os.WriteFile(manifest, replacing, 0o644)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "cutover", "-o", out); code != 1 ||
		!strings.Contains(stderr, "nothing was written: this phase would make Terraform destroy or replace what the module in "+out+" has, and a service replaced loses its data") ||
		!strings.Contains(stderr, "infrastructure_encryption_enabled changes from true to false") {
		t.Errorf("cutover on azurerm 5, the account replaced: exit %d, %q", code, stderr)
	}
	if diff := cmp.Diff(before, readTree(t, out)); diff != "" {
		t.Errorf("the module changed (-before +after):\n%s", diff)
	}
	os.WriteFile(manifest, five, 0o644)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "cutover", "-o", out); code != 0 ||
		!strings.Contains(stderr, "endpointgen: warning: the module in "+out+" pins azurerm 4, and this one azurerm 5") {
		t.Errorf("cutover on azurerm 5: exit %d, %q", code, stderr)
	}
}

// TestMajorSwitchWithTemplates: a versions.tf.tmpl that adds a provider
// beside azurerm still tells the majors apart, so a switch with a rename
// is compared and a phase refuses it (reviewers: the second constraint
// made it "not compared", and the phase was written); one that pins
// azurerm 9, which endpointgen does not build, cannot be compared, and a
// phase over it is refused.
func TestMajorSwitchWithTemplates(t *testing.T) {
	dir := t.TempDir()
	manifest, out, tpl := filepath.Join(dir, "inv.yaml"), filepath.Join(dir, "inv"), filepath.Join(dir, "templates")
	os.MkdirAll(tpl, 0o755)
	versions, _ := os.ReadFile("../../templates/versions.tf.tmpl")
	os.WriteFile(filepath.Join(tpl, "versions.tf.tmpl"), bytes.Replace(versions, []byte("    azurerm = {"), []byte("    azapi = {\n      source  = \"Azure/azapi\"\n      version = \"~> 2.0\"\n    }\n    azurerm = {"), 1), 0o644)
	src := "apiVersion: endpointgen/v1\nname: inv\nlocation: westeurope\npattern: service-endpoint\nprovider: \"4\"\nservices:\n  - type: storage\n    name: stinvweu01\n"
	os.WriteFile(manifest, []byte(src), 0o644)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "add", "-o", out, "--templates", tpl); code != 0 {
		t.Fatalf("add: exit %d, %q", code, stderr)
	}
	b, _ := os.ReadFile(manifest)
	five := bytes.Replace(b, []byte(`provider: "4"`), []byte(`provider: "5"`), 1)
	os.WriteFile(manifest, bytes.Replace(five, []byte("stinvweu01"), []byte("stinvweu02"), 1), 0o644)
	before := readTree(t, out)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "cutover", "-o", out, "--templates", tpl); code != 1 || !strings.Contains(stderr, "a service replaced loses its data") {
		t.Errorf("renamed on azurerm 5: exit %d, %q", code, stderr)
	}
	// A pin endpointgen does not build.
	os.WriteFile(manifest, five, 0o644)
	nine := filepath.Join(dir, "nine")
	os.MkdirAll(nine, 0o755)
	os.WriteFile(filepath.Join(nine, "versions.tf.tmpl"), bytes.Replace(versions, []byte("{{ hclString .ProviderVersion }}"), []byte(`"~> 9.0"`), 1), 0o644)
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "cutover", "-o", out, "--templates", nine); code != 1 || !strings.Contains(stderr, "this phase could not be built for it") {
		t.Errorf("azurerm 9 in the templates: exit %d, %q", code, stderr)
	}
	if diff := cmp.Diff(before, readTree(t, out)); diff != "" {
		t.Errorf("the module changed (-before +after):\n%s", diff)
	}
	if code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", "cutover", "-o", out, "--templates", tpl); code != 0 || !strings.Contains(stderr, "pins azurerm 4, and this one azurerm 5") {
		t.Errorf("cutover on azurerm 5: exit %d, %q", code, stderr)
	}
}

func TestMigrateHandWritten(t *testing.T) {
	dir := t.TempDir()
	before := "../../generator/migrate/testdata/shared-subnet/before"
	copyRoot(t, before, dir)
	code, stdout, stderr := runCLI(t, "migrate", "--dir", dir, "--phase", "add")
	if code != 3 || !strings.Contains(stdout, "+resource \"azurerm_private_endpoint\" \"renditions_blob\"") || !strings.Contains(stdout, "\n1 file would change; review the diff, then run again with --write.") {
		t.Fatalf("diff: exit %d, %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "endpointgen_private_endpoints.tf")); !os.IsNotExist(err) {
		t.Fatal("without --write a file was written")
	}
	for _, phase := range []string{"add", "cutover", "cleanup"} {
		code, stdout, stderr := runCLI(t, "migrate", "--dir", dir, "--phase", phase, "--write")
		if code != 0 || !strings.Contains(stdout, "Phase "+phase+" written") {
			t.Fatalf("%s: exit %d, %q %q", phase, code, stdout, stderr)
		}
	}
	got, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
	want, _ := os.ReadFile("../../generator/migrate/testdata/shared-subnet/after-cleanup/main.tf")
	if !bytes.Equal(got, want) {
		t.Errorf("main.tf after cleanup differs from the golden")
	}
	// The preview of a phase the files hold already: no diff, exit 0; the
	// checklist still says what to check before it is applied.
	if code, stdout, stderr := runCLI(t, "migrate", "--dir", dir, "--phase", "cleanup"); code != 0 || !strings.HasPrefix(stdout, "Nothing would change in the files for the cleanup phase: they are written.\nIf they are not applied yet, check:\n") || strings.Contains(stdout, "---") {
		t.Errorf("cleanup again: exit %d, %q %q", code, stdout, stderr)
	}
	for _, args := range [][]string{
		{"migrate", "--dir", dir, "--phase", "add", "-o", "x"},
		{"migrate", "-f", "m.yaml", "--dir", dir, "--phase", "add"},
		{"migrate", "-f", "m.yaml", "--phase", "add", "-o", "x", "--write"},
	} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestMigrateDirMessages: paths in messages are shown as they are (no
// capital letter added to a file or directory name), and a --dir that
// does not exist, is a file, or holds no .tf files says which.
func TestMigrateDirMessages(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	kvonly := filepath.Join(dir, "kvonly")
	os.Mkdir(kvonly, 0o755)
	os.WriteFile(filepath.Join(kvonly, "main.tf"), []byte("resource \"azurerm_key_vault\" \"kv\" {}\n"), 0o644)
	file := filepath.Join(dir, "main.tf")
	os.WriteFile(file, []byte("# not a directory\n"), 0o644)
	done := filepath.Join(dir, "done")
	os.Mkdir(done, 0o755)
	copyRoot(t, "../../generator/migrate/testdata/shared-subnet/after-add", done)
	for _, tt := range []struct {
		dir, phase, want string
	}{
		{filepath.Join(dir, "nope"), "add", "The directory " + filepath.Join(dir, "nope") + " does not exist: give --dir the root module's directory."},
		{file, "add", "--dir " + file + " is a file: give --dir the root module's directory."},
		{empty, "add", "The directory " + empty + " holds no .tf files"},
		{kvonly, "add", "The root module in " + kvonly + " has no .terraform.lock.hcl and nothing constrains"},
		{done, "add", "endpointgen_private_endpoints.tf exists already: the add phase has run; run the cutover phase next, or cleanup if cutover has run too"},
	} {
		code, _, stderr := runCLI(t, "migrate", "--dir", tt.dir, "--phase", tt.phase)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("--dir %s: exit %d, stderr lacks %q:\n%s", tt.dir, code, tt.want, stderr)
		}
	}
}

func TestGenerateRefusesAnotherWorkload(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "generate", example+"/manifest.yaml", "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := runCLI(t, "generate", "../../examples/minimal/manifest.yaml", "-o", out)
	if code != 1 || !strings.Contains(stderr, `holds the generated module of workload "payments", not "orders"`) {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "generate", "../../examples/minimal/manifest.yaml", "-o", out, "--force"); code != 0 {
		t.Errorf("--force: exit %d, %q", code, stderr)
	}
	// Without the file that records the owner, the folder's other generated
	// files are still another workload's: refused.
	orphaned := t.TempDir()
	runCLI(t, "generate", example+"/manifest.yaml", "-o", orphaned)
	os.Remove(filepath.Join(orphaned, "main.tf"))
	if code, _, stderr := runCLI(t, "generate", "../../examples/minimal/manifest.yaml", "-o", orphaned); code != 1 || !strings.Contains(stderr, "main.tf, which records it, is missing") {
		t.Errorf("owner record missing: exit %d, %q", code, stderr)
	}
	// Who owns a folder is recorded where no template reaches: a
	// versions.tf override of the workload's own changes nothing about it,
	// and another workload is still refused.
	templates := t.TempDir()
	os.WriteFile(filepath.Join(templates, "versions.tf.tmpl"), []byte("terraform {\n  required_version = {{ hclString .RequiredVersion }}\n}\n"), 0o644)
	if code, _, stderr := runCLI(t, "generate", "../../examples/minimal/manifest.yaml", "-o", out, "--templates", templates); code != 0 {
		t.Errorf("the owner with its own versions.tf template: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "generate", example+"/manifest.yaml", "-o", out, "--templates", templates); code != 1 || !strings.Contains(stderr, `workload "orders", not "payments"`) {
		t.Errorf("another workload with a template override: exit %d, %q", code, stderr)
	}
}

func TestGenerateDirectoryOfManifests(t *testing.T) {
	manifests := t.TempDir()
	for name, from := range map[string]string{"orders.yaml": "../../examples/minimal/manifest.yaml", "payments.yaml": example + "/manifest.yaml"} {
		b, _ := os.ReadFile(from)
		os.WriteFile(filepath.Join(manifests, name), b, 0o644)
	}
	out := filepath.Join(t.TempDir(), "modules")
	code, stdout, stderr := runCLI(t, "generate", manifests, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, dir := range []string{"orders", "payments"} {
		if _, err := os.Stat(filepath.Join(out, dir, "main.tf")); err != nil {
			t.Errorf("%s not written: %v\n%s", dir, err, stdout)
		}
	}
	if code, stdout, _ := runCLI(t, "generate", manifests, "-o", out, "--check"); code != 0 || strings.Count(stdout, "is up to date") != 2 {
		t.Errorf("--check: exit %d, %q", code, stdout)
	}

	// -o naming the manifests' own folder (as written, or by another
	// path) is refused before anything is written among the manifests.
	for _, o := range []string{manifests, manifests + string(filepath.Separator) + "."} {
		code, _, stderr := runCLI(t, "generate", manifests, "-o", o)
		if entries, _ := os.ReadDir(manifests); code != 2 || !strings.Contains(stderr, "the folder of the manifests") || len(entries) != 2 {
			t.Errorf("-o %s: exit %d, %q, %d entries in the folder", o, code, stderr, len(entries))
		}
	}
	// Nor may one workload's module folder be the manifests' folder:
	// payments/payments.yaml generated with -o . would write ./payments.
	parent := t.TempDir()
	os.Mkdir(filepath.Join(parent, "payments"), 0o755)
	b, _ := os.ReadFile(example + "/manifest.yaml")
	os.WriteFile(filepath.Join(parent, "payments", "payments.yaml"), b, 0o644)
	code, _, stderr = runCLI(t, "generate", filepath.Join(parent, "payments"), "-o", parent)
	if entries, _ := os.ReadDir(filepath.Join(parent, "payments")); code != 2 || !strings.Contains(stderr, "the folder of the manifests") || len(entries) != 1 {
		t.Errorf("a module folder that is the manifests' folder: exit %d, %q, %d entries", code, stderr, len(entries))
	}

	// One broken manifest: every error reported, nothing written anywhere.
	os.WriteFile(filepath.Join(manifests, "payments.yaml"), []byte("apiVersion: endpointgen/v1\nname: payments\n"), 0o644)
	os.Remove(filepath.Join(out, "orders", "main.tf"))
	code, _, stderr = runCLI(t, "generate", manifests, "-o", out)
	if code != 1 || !strings.Contains(stderr, "payments.yaml:1:1") {
		t.Errorf("broken manifest: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "orders", "main.tf")); !os.IsNotExist(err) {
		t.Error("a valid workload was written while another manifest was broken")
	}
}

// TestExitCodes: usage errors exit 2, every other failure exits 1, as the
// README says.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"generate", "-f", example + "/manifest.yaml", example + "/manifest.yaml", "-o", dir}, 2},
		{[]string{"generate", "-f", example + "/manifest.yaml", "-o", ""}, 2},
		{[]string{"generate", "-f", example + "/manifest.yaml", "-o", dir, "--check", "--diff"}, 2},
		{[]string{"migrate", "--phase", "add"}, 2},
		{[]string{"migrate", "--dir", dir, "--phase", "sideways"}, 2},
		{[]string{"migrate", "--dir", dir, "--phase", "add", "--dns", "hub"}, 2},
		{[]string{"migrate", "--dir", dir, "--phase", "add", "--cloud", "mars"}, 2},
		{[]string{"completion"}, 2},
		{[]string{"completion", "tcsh"}, 2},
		{[]string{"completion", "bash"}, 0},
		{[]string{"migrate", "--dir", dir, "--phase", "add", "--resolution-policy", "Off"}, 2},
		{[]string{"migrate", "-f", "m.yaml", "-o", dir, "--phase", "add", "--resolution-policy", "Default"}, 2},
		{[]string{"migrate", "-f", "m.yaml", "--phase", "add"}, 2},
		{[]string{"migrate", "-f", "m.yaml", "-o", dir, "--phase", "add", "--dns", "existing"}, 2},
		{[]string{"generate", "-f", filepath.Join(dir, "missing.yaml"), "-o", dir}, 1},
		{[]string{"explain", filepath.Join(dir, "missing.yaml")}, 1},
		{[]string{"migrate", "--dir", dir, "--phase", "add"}, 1},
		{[]string{"generate", "-f", example + "/manifest.yaml", "-o", dir, "--templates", filepath.Join(dir, "nope")}, 1},
	} {
		if code, _, stderr := runCLI(t, tt.args...); code != tt.code {
			t.Errorf("%v: exit %d, want %d; stderr %q", tt.args, code, tt.code, stderr)
		}
	}
}

// TestUsageMessages: a missing or wrong argument is told in the
// command's words, naming what to give, not in the CLI library's.
func TestUsageMessages(t *testing.T) {
	file := filepath.Join(t.TempDir(), "out.yaml")
	os.WriteFile(file, nil, 0o644)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"generate", "-f", example + "/manifest.yaml"}, 2, "no output directory: give one with -o DIR"},
		{[]string{"generate", example + "/manifest.yaml"}, 2, "no output directory: give one with -o DIR"},
		{[]string{"validate"}, 2, "validate takes the manifests to check, or folders of them"},
		{[]string{"generate", "-f", example + "/manifest.yaml", "-o", file}, 1, "-o " + file + " is a file: -o names the folder to write the module into"},
		{[]string{"explain", example}, 1, example + " is a folder: explain takes one manifest file (generate and validate take a folder of them)"},
	} {
		code, _, stderr := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

// TestMigrateProblemsShowTheSource: problems in a hand-written root are
// printed like manifest errors, at FILE:LINE:COLUMN with the source line.
func TestMigrateProblemsShowTheSource(t *testing.T) {
	dir := t.TempDir()
	src := `resource "azurerm_storage_account" "a" {
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = var.subnet_ids
  }
}
`
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644)
	code, _, stderr := runCLI(t, "migrate", "--dir", dir, "--phase", "add", "--provider", "4")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{filepath.Join(dir, "main.tf") + ":4:5:", "virtual_network_subnet_ids = var.subnet_ids", "admits the subnets of var.subnet_ids, which endpointgen cannot list"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// TestCompletion: flags with a fixed set of values complete them.
func TestCompletion(t *testing.T) {
	for flag, want := range map[string][]string{
		"--phase":             {"add", "cutover", "cleanup"},
		"--dns":               {"managed", "existing", "policy"},
		"--cloud":             {"public", "usgovernment", "china"},
		"--resolution-policy": {"NxDomainRedirect", "Default"},
		"--provider":          {"4", "5"},
	} {
		_, stdout, _ := runCLI(t, "__complete", "migrate", flag, "")
		for _, v := range want {
			if !strings.Contains(stdout, v+"\n") {
				t.Errorf("%s completes %q; want %s", flag, stdout, v)
			}
		}
	}
}

// TestValidateAndGenerateAgree: on every invalid fixture, validate prints
// the diagnostics generate prints, and both fail.
func TestValidateAndGenerateAgree(t *testing.T) {
	fixtures, _ := filepath.Glob("../../generator/manifest/testdata/invalid/*.yaml")
	fixtures = append(fixtures, "testdata/output-names.yaml")
	for _, path := range fixtures {
		vcode, _, vout := runCLI(t, "validate", path)
		gcode, _, gout := runCLI(t, "generate", "-f", path, "-o", filepath.Join(t.TempDir(), "out"))
		vdiags, gdiags := diagnosticsOf(vout), diagnosticsOf(gout)
		if vcode != 1 || gcode != 1 {
			t.Errorf("%s: validate exit %d, generate exit %d; want 1 and 1", path, vcode, gcode)
		}
		if diff := cmp.Diff(gdiags, vdiags); diff != "" || !strings.Contains(vdiags, "Error: ") {
			t.Errorf("%s: validate and generate differ (-generate +validate):\n%s", path, diff)
		}
	}
}

// TestMigrateAccountFlag: --account migrates the named accounts only, and
// an account the root does not have is an error that lists those it has.
func TestMigrateAccountFlag(t *testing.T) {
	dir := t.TempDir()
	before := "../../generator/migrate/testdata/landing-zone/before"
	copyRoot(t, before, dir)
	code, stdout, stderr := runCLI(t, "migrate", "--dir", dir, "--phase", "add", "--account", "documents")
	if code != 3 || !strings.Contains(stdout, `"documents_blob"`) || strings.Contains(stdout, `"exports_blob"`) {
		t.Errorf("--account documents: exit %d, %q %q", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "migrate", "--dir", dir, "--phase", "add", "--account", "invoices")
	if code != 1 || !strings.Contains(stderr, "(it has: documents, exports)") {
		t.Errorf("--account invoices: exit %d, %q", code, stderr)
	}
}

// TestMigrateRootChecklist: the checklist of a hand-written root names the
// IP rules that lose access at cutover and, before cleanup, prints the
// Resource Graph query over the subnets.
func TestMigrateRootChecklist(t *testing.T) {
	dir := t.TempDir()
	from := "../../generator/migrate/testdata/inline-rules/after-add"
	copyRoot(t, from, dir)
	code, stdout, stderr := runCLI(t, "migrate", "--dir", dir, "--phase", "cutover", "--write")
	for _, want := range []string{`stops admitting ip_rules = ["203.0.113.0/24"] (main.tf:59)`, "resources\n      | where type =~ 'microsoft.storage/storageaccounts'"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("exit %d, stdout lacks %q:\n%s%s", code, want, stdout, stderr)
		}
	}
}

// diagnosticsOf is stderr without the command's closing "endpointgen: …" line.
func diagnosticsOf(stderr string) string {
	if i := strings.LastIndex(stderr, "endpointgen: "); i >= 0 {
		return stderr[:i]
	}
	return stderr
}

// TestMigrateHelpSaysWhatIsMigrated: --help names the root shapes --dir
// migrates and refuses, and the flags that choose among them.
func TestMigrateHelpSaysWhatIsMigrated(t *testing.T) {
	_, stdout, _ := runCLI(t, "migrate", "--help")
	for _, want := range []string{
		"migrates the storage accounts of a hand-written root module",
		"data.azurerm_subnet.NAME.id, a variable or any subnet",
		"every zone linked to every admitted VNet",
		"custom dns_servers",
		"data.azurerm_private_dns_zone.NAME.id",
		"--account strings", "--resolution-policy string",
		"Azure Resource Graph query",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("migrate --help lacks %q", want)
		}
	}
}

// copyRoot copies the .tf files of a fixture root into dir.
func copyRoot(t *testing.T, from, dir string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDirectoryModeReportsInOrder: workloads are generated in parallel, but
// their problems are reported in manifest order, every run.
func TestDirectoryModeReportsInOrder(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		src := "apiVersion: endpointgen/v1\nname: app-" + name + "\nlocation: westeurop\npattern: private-endpoint\nservices:\n  - type: storage\n    name: Bad" + name + "\n"
		os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(src), 0o644)
	}
	var first string
	for range 5 {
		code, _, stderr := runCLI(t, "generate", dir, "-o", t.TempDir())
		if code != 1 {
			t.Fatalf("exit %d", code)
		}
		var order []string
		for _, line := range strings.Split(stderr, "\n") {
			if i := strings.Index(line, ".yaml:"); i > 0 {
				order = append(order, filepath.Base(line[strings.LastIndex(line[:i], " ")+1:i]))
			}
		}
		if !sort.StringsAreSorted(order) || len(order) < 5 {
			t.Fatalf("problems out of manifest order: %v", order)
		}
		if first == "" {
			first = stderr
		} else if stderr != first {
			t.Fatalf("two runs report differently:\n%s\n---\n%s", first, stderr)
		}
	}
}

// TestDirectoryModeIsSafe: manifests in any letter case and nested folders
// are read, two that would write one folder are refused naming both, a
// stack whose manifest is gone is reported by --check and deleted only by
// --prune, and validate DIR reads what generate DIR reads.
func TestDirectoryModeIsSafe(t *testing.T) {
	src, err := os.ReadFile(example + "/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	workloads, out := t.TempDir(), t.TempDir()
	written := 0
	write := func(name string) {
		// A storage account name of its own: one name in two workloads
		// is refused (it is unique in the cloud).
		written++
		own := bytes.Replace(src, []byte("stpaymentsprod01"), fmt.Appendf(nil, "stpaymentsprod%02d", written), 1)
		os.MkdirAll(filepath.Dir(filepath.Join(workloads, name)), 0o755)
		os.WriteFile(filepath.Join(workloads, name), own, 0o644)
	}
	write("app.yaml")
	write("team-a/Extra.YAML")
	if code, stdout, stderr := runCLI(t, "generate", workloads, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	for _, stack := range []string{"app", "team-a/Extra"} {
		if _, err := os.Stat(filepath.Join(out, stack, "versions.tf")); err != nil {
			t.Errorf("stack %s not written: %v", stack, err)
		}
	}
	if code, stdout, _ := runCLI(t, "validate", workloads); code != 0 || !strings.Contains(stdout, "Extra.YAML: valid") {
		t.Errorf("validate DIR: exit %d, %q", code, stdout)
	}

	write("App.yml")
	code, _, stderr := runCLI(t, "generate", workloads, "-o", out)
	if code != 1 || !strings.Contains(stderr, "App.yml") || !strings.Contains(stderr, "app.yaml") || !strings.Contains(stderr, "would both write") {
		t.Errorf("a collision: exit %d, %q", code, stderr)
	}
	os.Remove(filepath.Join(workloads, "App.yml"))

	os.Remove(filepath.Join(workloads, "team-a/Extra.YAML"))
	orphan := filepath.Join(out, "team-a", "Extra")
	code, stdout, stderr := runCLI(t, "generate", workloads, "-o", out, "--check")
	if code != 3 || !strings.Contains(stdout, "orphan "+orphan) || !strings.Contains(stderr, "1 generated module has no manifest (every other module is up to date): run the same command with --prune instead of --check") {
		t.Errorf("--check with an orphaned stack: exit %d, %q, %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", out); code != 0 || !strings.Contains(stderr, orphan+" is a generated module without a manifest") {
		t.Errorf("generate without --prune: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(orphan, "versions.tf")); err != nil {
		t.Fatal("generate without --prune deleted the orphan")
	}
	os.WriteFile(filepath.Join(orphan, "notes.tf"), []byte("# mine\n"), 0o644)
	os.WriteFile(filepath.Join(orphan, "terraform.tfstate"), []byte("{}\n"), 0o644)
	// What stays in the folder is said (with -q too): a local state is
	// the only record of what stays in Azure.
	code, stdout, stderr = runCLI(t, "generate", workloads, "-o", out, "--prune")
	if kept := "endpointgen: warning: " + orphan + " was pruned and keeps what endpointgen did not generate there: notes.tf, terraform.tfstate; its terraform.tfstate still records what the module created in Azure"; code != 0 || !strings.Contains(stdout, "pruned    "+orphan) || !strings.Contains(stderr, kept) {
		t.Errorf("--prune: exit %d, %q, %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(orphan, "versions.tf")); !os.IsNotExist(err) {
		t.Error("--prune kept the orphan's generated files")
	}
	for _, name := range []string{"notes.tf", "terraform.tfstate"} {
		if _, err := os.Stat(filepath.Join(orphan, name)); err != nil {
			t.Errorf("--prune deleted %s, which the user wrote", name)
		}
	}
	if code, stdout, _ := runCLI(t, "generate", workloads, "-o", out, "--check"); code != 0 {
		t.Errorf("--check after --prune: exit %d, %q", code, stdout)
	}

	// A workload whose folder is inside another's is refused, nothing
	// written: the two would take each other's files (tests/, main.tf).
	for _, nested := range []string{"app/tests.yaml", "app/main.tf.yaml", "app/x/y.yml"} {
		write(nested)
		fresh := t.TempDir()
		code, _, stderr := runCLI(t, "generate", workloads, "-o", fresh)
		if code != 1 || !strings.Contains(stderr, "inside the module of") {
			t.Errorf("%s beside app.yaml: exit %d, %q", nested, code, stderr)
		}
		if entries, _ := os.ReadDir(fresh); len(entries) != 0 {
			t.Errorf("%s beside app.yaml: %d entries written", nested, len(entries))
		}
		os.RemoveAll(filepath.Join(workloads, "app"))
	}
	// The output of a directory of manifests is not one workload's module.
	single := t.TempDir()
	runCLI(t, "generate", "-f", example+"/manifest.yaml", "-o", single)
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", single); code != 1 || !strings.Contains(stderr, "is the generated module of one workload") {
		t.Errorf("directory mode into a module: exit %d, %q", code, stderr)
	}
	if code, _, _ := runCLI(t, "generate", "-f", example+"/manifest.yaml", "-o", single, "--prune"); code != 2 {
		t.Errorf("--prune with one manifest: exit %d, want 2", code)
	}
}

// TestTemplateProblemsPointAtTheTemplate: a misspelt override is an error
// listing the names, and a template that does not render is reported at
// its own file and line, with the source line.
func TestTemplateProblemsPointAtTheTemplate(t *testing.T) {
	templates := t.TempDir()
	os.WriteFile(filepath.Join(templates, "version.tf.tmpl"), []byte("terraform {}\n"), 0o644)
	code, _, stderr := runCLI(t, "generate", example+"/manifest.yaml", "-o", t.TempDir(), "--templates", templates)
	if code != 1 || !strings.Contains(stderr, "Unknown template") || !strings.Contains(stderr, "Did you mean versions.tf.tmpl?") || !strings.Contains(stderr, "providers.tf.tmpl, versions.tf.tmpl") {
		t.Errorf("a misspelt template: exit %d, %q", code, stderr)
	}
	os.Remove(filepath.Join(templates, "version.tf.tmpl"))
	os.WriteFile(filepath.Join(templates, "providers.tf.tmpl"), []byte("provider \"azurerm\" {\n  features {}\n  environment = {{ .Clod }}\n}\n"), 0o644)
	code, _, stderr = runCLI(t, "generate", example+"/manifest.yaml", "-o", t.TempDir(), "--templates", templates)
	want := filepath.Join(templates, "providers.tf.tmpl") + ":3:"
	if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "environment = {{ .Clod }}") {
		t.Errorf("a broken template: exit %d, want %q and the source line in:\n%s", code, want, stderr)
	}
}

// TestPruneRemovesEmptiedFolders: --prune deletes an orphaned module's
// folder once its generated files are gone, and parents left empty, but
// never -o itself; a directory run ends with its summary line even when
// one manifest is left.
func TestPruneRemovesEmptiedFolders(t *testing.T) {
	src, err := os.ReadFile(example + "/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	workloads, out := t.TempDir(), filepath.Join(t.TempDir(), "stacks")
	for i, name := range []string{"a.yaml", "team/b.yaml"} {
		own := bytes.Replace(src, []byte("stpaymentsprod01"), fmt.Appendf(nil, "stpaymentsprod%02d", i+1), 1)
		os.MkdirAll(filepath.Dir(filepath.Join(workloads, name)), 0o755)
		os.WriteFile(filepath.Join(workloads, name), own, 0o644)
	}
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	os.Remove(filepath.Join(workloads, "team/b.yaml"))
	code, stdout, stderr := runCLI(t, "generate", workloads, "-o", out, "--prune", "-q")
	if code != 0 || stdout != "1 module: 0 created, 0 changed, 1 unchanged, 1 pruned\n" || stderr != "" {
		t.Errorf("exit %d: %q %q", code, stdout, stderr)
	}
	checkPruned(t, out, "team", "a") // the emptied folders too
}

// checkPruned checks that out/gone is deleted and out/kept/main.tf kept.
func checkPruned(t *testing.T, out, gone, kept string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(out, gone)); !os.IsNotExist(err) {
		t.Errorf("%s is left: %v", gone, err)
	}
	if _, err := os.Stat(filepath.Join(out, kept, "main.tf")); err != nil {
		t.Error(err)
	}
}

// TestMigrateQuiet: migrate -f -q prints the module's summary and the
// phase's checklist, not a line per file.
func TestMigrateQuiet(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../examples/migrate-inventory/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "m.yaml")
	os.WriteFile(manifest, src, 0o644)
	code, stdout, stderr := runCLI(t, "migrate", "-f", manifest, "-o", filepath.Join(dir, "out"), "--phase", "add", "-q")
	if code != 0 || strings.Contains(stdout, "created   ") || !strings.Contains(stdout, "11 created") || !strings.Contains(stdout, "Phase add written") {
		t.Errorf("exit %d: %q %q", code, stdout, stderr)
	}
	// The checklist names the public IP ranges that lose access at
	// cutover, where the manifest gives them (now that it records the
	// phase, two lines further down), in the add and cutover phases.
	ranges := "  - At cutover storage stinventoryprod01 stops admitting allowed_ip_ranges 203.0.113.0/24 (" + manifest + ":32:24)"
	if !strings.Contains(stdout, ranges) {
		t.Errorf("add phase: %q; want %q", stdout, ranges)
	}
	// The DNS check resolves one of the module's own outputs.
	if resolve := "(`terraform output -raw storage_stinventoryprod01_blob_fqdn` where the module is applied) answers 10.x.x.x"; !strings.Contains(stdout, resolve) {
		t.Errorf("add phase: %q; want %q", stdout, resolve)
	}
	if _, stdout, _ := runCLI(t, "migrate", "-f", manifest, "-o", filepath.Join(dir, "out"), "--phase", "cutover", "-q"); !strings.Contains(stdout, ranges) {
		t.Errorf("cutover phase: %q; want %q", stdout, ranges)
	}
	if _, stdout, _ := runCLI(t, "migrate", "-f", manifest, "-o", filepath.Join(dir, "out"), "--phase", "cleanup", "-q"); strings.Contains(stdout, "stops admitting") {
		t.Errorf("cleanup phase: %q", stdout)
	}
}

// TestZoneIDFlag: --zone-id is ZONE=ID per flag, split at the first "=",
// so an ID expression may hold commas and "="; a value without both parts,
// or a zone given twice, is a usage error.
func TestZoneIDFlag(t *testing.T) {
	dir := t.TempDir()
	copyRoot(t, "../../generator/migrate/testdata/hub-zone-data-source/before", dir)
	const zone = "privatelink.blob.core.windows.net"
	expr := `lookup({ blob = data.azurerm_private_dns_zone.blob.id }, "blob", null)`
	code, stdout, stderr := runCLI(t, "migrate", "--dir", dir, "--phase", "add", "--dns", "existing", "--zone-id", zone+"="+expr)
	if code != 3 || !strings.Contains(stdout, "private_dns_zone_ids = ["+expr+"]") {
		t.Errorf("an expression with commas: exit %d, %q %q", code, stdout, stderr)
	}
	for _, values := range [][]string{{zone}, {"=" + expr}, {zone + "="}, {zone + "=" + expr, zone + "=" + expr}} {
		args := []string{"migrate", "--dir", dir, "--phase", "add", "--dns", "existing"}
		for _, v := range values {
			args = append(args, "--zone-id", v)
		}
		if code, _, stderr := runCLI(t, args...); code != 2 || !strings.Contains(stderr, "--zone-id") {
			t.Errorf("--zone-id %q: exit %d, %q", values, code, stderr)
		}
	}
}

// TestGenerateWarnsOfPrivateLinkDeletion: switching a workload to service
// endpoints deletes its private endpoint, zone and link, and moving its
// zones to a hub deletes its zone and link: generate warns, naming each,
// while it writes the module (a sub-resource taken out, which deletes its
// own, is not warned about: TestGenerateWarnsOfReplacement).
func TestGenerateWarnsOfPrivateLinkDeletion(t *testing.T) {
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "app.yaml"), filepath.Join(dir, "out")
	base := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\nservices:\n  - type: storage\n    name: stapp01\n"
	hub := "dns:\n  mode: existing\n  zone_ids:\n    privatelink.blob.core.windows.net: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net\n"
	deleted := func(addrs ...string) string {
		// No service is lost: no word of data in the header.
		const lost = " is deleted: clients that reach the service through it lose that private path\n"
		return "the module there has:\n  - " + strings.Join(addrs, lost+"  - ") + lost
	}
	zone := []string{"azurerm_private_dns_zone.blob_core_windows_net", "azurerm_private_dns_zone_virtual_network_link.blob_core_windows_net"}
	for _, c := range []struct{ name, manifest, want string }{
		{"private endpoints", "pattern: private-endpoint\n", ""},
		{"service endpoints", "pattern: service-endpoint\n", deleted(append(zone, "azurerm_private_endpoint.stapp01_blob")...)},
		// Back to private endpoints in one apply: access closes as they
		// are created.
		{"private endpoints again", "pattern: private-endpoint\n", "turns public network access off in the same apply that creates the private endpoints: clients reach these services only once the endpoints exist and their DNS answers with the private addresses (on-premises and other VNets: once they resolve the privatelink zones), and lose access in between. endpointgen migrate moves a service-endpoint workload in phases instead (see its README):\n  - azurerm_storage_account.stapp01: through azurerm_private_endpoint.stapp01_blob\n"},
		// The zone and its link that the records leave: one warning, the
		// move's (TestGenerateWarnsOfRecordMoves), which names them.
		{"zones in a hub", "pattern: private-endpoint\n" + hub, "its records move from azurerm_private_dns_zone.blob_core_windows_net.id to \"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net\"; the change deletes " + strings.Join(zone, ", ") + "\n"},
	} {
		os.WriteFile(manifest, []byte(base+c.manifest), 0o644)
		code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out, "-q")
		if code != 0 || (c.want == "") != (stderr == "") || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, %q; want %q", c.name, code, stderr, c.want)
		}
		if strings.Contains(c.manifest, "zone_ids") && strings.Contains(stderr, "is deleted") {
			t.Errorf("%s: the zone the records leave is said twice: %q", c.name, stderr)
		}
	}
}

// TestGenerateWarnsOfRecordMoves: zones moved to a hub or back, or to
// another hub's, or a group Azure Policy made replaced by the module's,
// move the endpoint's DNS records, which clients resolving through the
// zones before lose: a warning of its own, in a migration phase too, the
// module still written. Leaving the group to Azure Policy moves nothing.
func TestGenerateWarnsOfRecordMoves(t *testing.T) {
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "app.yaml"), filepath.Join(dir, "out")
	base := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stapp01\n"
	zone := func(sub, rg string) string {
		return "/subscriptions/00000000-0000-0000-0000-00000000000" + sub + "/resourceGroups/" + rg + "/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
	}
	hub := func(id string) string {
		return "dns:\n  mode: existing\n  zone_ids:\n    privatelink.blob.core.windows.net: " + id + "\n"
	}
	hub1, hub2, managed := zone("1", "rg-hub-dns"), zone("2", "rg-dns"), "azurerm_private_dns_zone.blob_core_windows_net.id"
	moved := func(from, to string) string {
		return "linked to the VNet they resolve from:\n  - azurerm_private_endpoint.stapp01_blob: its records move from " + from + " to " + to + "\n"
	}
	quoted := func(id string) string { return `"` + id + `"` }
	for _, c := range []struct{ name, manifest, want string }{
		{"a hub's zones", hub(hub1), ""},
		{"the module's own", "", moved(quoted(hub1), managed)},
		{"the hub's again", hub(hub1), strings.TrimSuffix(moved(managed, quoted(hub1)), "\n") + "; the change deletes azurerm_private_dns_zone.blob_core_windows_net, azurerm_private_dns_zone_virtual_network_link.blob_core_windows_net\n"},
		{"another hub's", hub(hub2), moved(quoted(hub1), quoted(hub2))},
		{"Azure Policy's", "dns:\n  mode: policy\n", ""},
		// The policy's group is in the state; the module's replaces it.
		{"a hub's from Azure Policy's", hub(hub1), "left to Azure Policy so far, becomes the module's: its records move from the zones the policy chose to [" + quoted(hub1) + "]"},
		{"the module's own again", "", moved(quoted(hub1), managed)},
		// The module's group stays, naming the zone that goes.
		{"Azure Policy's from the module's", "dns:\n  mode: policy\n", "azurerm_private_endpoint.stapp01_blob: its DNS zone group, left to Azure Policy now, stays as it is and names zones this change deletes (azurerm_private_dns_zone.blob_core_windows_net.id)"},
	} {
		if err := os.WriteFile(manifest, []byte(base+c.manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out, "-q")
		if code != 0 || (c.want == "") != (stderr == "") || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, %q; want %q", c.name, code, stderr, c.want)
		}
	}

	// A migration's add phase says it too; cutover, which turns public
	// network access off, refuses it and says how to go on: the add phase
	// again with the new zones, applied and checked first.
	se := strings.Replace(base, "private-endpoint", "service-endpoint", 1)
	phases := filepath.Join(dir, "phases")
	for _, c := range []struct {
		phase, manifest string
		code            int
		want            string
	}{
		{"add", hub(hub1), 0, ""},
		{"cutover", hub(hub2), 1, "nothing was written: the cutover phase would move private endpoints' DNS records to other private DNS zones as it turns public network access off"},
		// One line per endpoint, as in the warnings.
		{"cutover", hub(hub2), 1, "then run cutover:\n  - azurerm_private_endpoint.stapp01_blob: its records move from " + quoted(hub1) + " to " + quoted(hub2) + "\n"},
		{"add", hub(hub2), 0, moved(quoted(hub1), quoted(hub2))},
		{"cutover", hub(hub2), 0, ""},
		// Access is off already: a move is a warning, as anywhere.
		{"cutover", hub(hub1), 0, moved(quoted(hub2), quoted(hub1))},
	} {
		if err := os.WriteFile(manifest, []byte(se+c.manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		var before map[string]string
		if c.code != 0 {
			before = readTree(t, phases)
		}
		code, _, stderr := runCLI(t, "migrate", "-f", manifest, "--phase", c.phase, "-o", phases, "-q")
		if code != c.code || (c.want == "") != (stderr == "") || !strings.Contains(stderr, c.want) {
			t.Errorf("phase %s: exit %d, %q; want %d, %q", c.phase, code, stderr, c.code, c.want)
		}
		if c.code != 0 {
			// The way on, as a command that runs.
			if want := "(endpointgen migrate -f " + manifest + " --phase add -o " + phases + ")"; !strings.Contains(stderr, want) {
				t.Errorf("phase %s: %q; want %q", c.phase, stderr, want)
			}
			if diff := cmp.Diff(before, readTree(t, phases)); diff != "" {
				t.Errorf("phase %s refused, but the module changed (-before +after):\n%s", c.phase, diff)
			}
		}
	}
}

// TestGenerateWarnsOfDroppedPrefix: a manifest change that takes an
// address prefix from the endpoints' subnet, which holds the private
// endpoints the module keeps, is warned of (Azure refuses it), and so is
// one taken where the change deletes the endpoints, as what else is there
// is not known; a prefix added is not.
func TestGenerateWarnsOfDroppedPrefix(t *testing.T) {
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "p.yaml"), filepath.Join(dir, "out")
	generate := func(pattern, prefixes string) (int, string) {
		t.Helper()
		os.WriteFile(manifest, []byte("apiVersion: endpointgen/v1\nname: pay\nlocation: westeurope\npattern: "+pattern+
			"\nnetwork:\n  vnet:\n    address_space: [10.20.0.0/16]\n  subnet:\n    address_prefixes: "+prefixes+
			"\nservices:\n  - type: storage\n    name: stpay01\n"), 0o644)
		code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out, "-q")
		return code, stderr
	}
	for _, tc := range []struct{ pattern, prefixes, want string }{
		{"private-endpoint", "[10.20.1.0/24]", ""},
		{"private-endpoint", "[10.20.2.0/24]", `:
  - azurerm_subnet.snet_pay loses address prefix "10.20.1.0/24", which the private endpoint azurerm_private_endpoint.stpay01_blob has addresses in: the apply fails there (InUsePrefixCannotBeDeleted)
`},
		{"private-endpoint", "[10.20.2.0/24, 10.20.3.0/24]", ""},
		// The endpoints deleted: what else is there is not known here.
		{"service-endpoint", "[10.20.3.0/24]", `  - azurerm_subnet.snet_pay loses address prefix "10.20.2.0/24": the apply fails if anything (a workload's network interface, another root's private endpoint) has an address in it
`},
	} {
		code, stderr := generate(tc.pattern, tc.prefixes)
		if code != 0 || (tc.want == "") != (stderr == "") || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s %s: exit %d, %q; want %q", tc.pattern, tc.prefixes, code, stderr, tc.want)
		}
	}
	// The network moved to another range with its subnet: the network's
	// update, which comes first, fails already.
	src, _ := os.ReadFile(manifest)
	os.WriteFile(manifest, bytes.ReplaceAll(src, []byte("10.20."), []byte("10.30.")), 0o644)
	code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out, "-q")
	if want := "  - azurerm_virtual_network.this leaves out of its address space what its subnets hold: azurerm_subnet.snet_pay (\"10.20.3.0/24\"); the apply fails there (keep the old range beside the new one until no subnet is in it)\n  - azurerm_subnet.snet_pay loses address prefix \"10.20.3.0/24\""; code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("the network moved: exit %d, %q; want %q", code, stderr, want)
	}
	// Moved to azurerm 4 with a renamed network: what is replaced is said
	// as within one major, and nothing replaced is said to lose a range
	// (a reviewer's false alarm: across majors nothing was known replaced).
	src, _ = os.ReadFile(manifest)
	os.WriteFile(manifest, append(bytes.ReplaceAll(bytes.Replace(src, []byte("  vnet:\n"), []byte("  vnet:\n    name: vnet-renamed\n"), 1), []byte("10.30."), []byte("10.40.")), "provider: \"4\"\n"...), 0o644)
	code, _, stderr = runCLI(t, "generate", "-f", manifest, "-o", out, "-q")
	if code != 0 || !strings.Contains(stderr, "pins azurerm 5, and this one azurerm 4") || !strings.Contains(stderr, "azurerm_virtual_network.this.name changes") ||
		strings.Contains(stderr, "address space") || strings.Contains(stderr, "loses address prefix") {
		t.Errorf("renamed on azurerm 4: exit %d, %q", code, stderr)
	}
}

// TestGenerateWarnsWhenNotCompared: a module there whose Terraform does
// not parse (edited by hand) cannot be compared: a warning says so.
func TestGenerateWarnsWhenNotCompared(t *testing.T) {
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "app.yaml"), filepath.Join(dir, "out")
	base := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stapp01\n"
	os.WriteFile(manifest, []byte(base), 0o644)
	if code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out, "-q"); code != 0 {
		t.Fatalf("first: exit %d, %q", code, stderr)
	}
	f, _ := os.OpenFile(filepath.Join(out, "main.tf"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("resource \"x\" {\n")
	f.Close()
	os.WriteFile(manifest, []byte(base+"tags: { owner: team }\n"), 0o644)
	code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out, "-q")
	if want := "endpointgen: warning: what applying " + out + " as generated now would replace or destroy was not compared: parsing main.tf"; code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, %q; want %q", code, stderr, want)
	}
}

// TestGenerateWarnsOfReplacement: regenerating a module over the one in
// its folder (likely applied) warns when Terraform would replace a service
// (a Cosmos DB account's API changed) and still writes it; taking out a
// sub-resource (its endpoint deleted) or changing tags is no warning.
func TestGenerateWarnsOfReplacement(t *testing.T) {
	dir := t.TempDir()
	manifest, out := filepath.Join(dir, "c.yaml"), filepath.Join(dir, "out")
	head := "apiVersion: endpointgen/v1\nname: cos\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: cosmosdb\n    name: cosmos-cos-weu-01\n"
	generate := func(subresources string, extra ...string) (int, string) {
		t.Helper()
		os.WriteFile(manifest, []byte(head+"    subresources: "+subresources+"\n"+strings.Join(extra, "")), 0o644)
		code, _, stderr := runCLI(t, "generate", "-f", manifest, "-o", out, "-q")
		return code, stderr
	}
	if code, stderr := generate("[Sql, Table]"); code != 0 || stderr != "" {
		t.Fatalf("first: exit %d, %q", code, stderr)
	}
	const providerSource = "https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/"
	for _, tc := range []struct {
		subresources, extra, want string
	}{
		{"[Sql, Table]", "tags: { owner: team }\n", ""},
		{"[Table]", "", ""}, // the Sql endpoint deleted: the account stays
		// One line per resource, whatever the arguments that replace it.
		{"[MongoDB]", "", `:
  - azurerm_cosmosdb_account.cosmos_cos_weu_01 is replaced: its capabilities changes from capabilities { name = "EnableTable" } to capabilities { name = "EnableMongo" }; its kind from "GlobalDocumentDB" to "MongoDB" (` + providerSource + "cosmos/cosmosdb_account_resource.go)\n  If that is not meant, set back what the first lines name"},
		{"[MongoDB]", "", ""}, // written: the module there is this one now
		// Another provider major writes the zone links with other
		// arguments: the change is compared as if it stayed on the major
		// there, which replaces nothing here, and said so, both ways.
		{"[MongoDB]", "provider: \"4\"\n", "pins azurerm 5, and this one azurerm 4: what else the change replaces or destroys is said as if it stayed on azurerm 5. Run terraform init -upgrade"},
		{"[MongoDB]", "", "pins azurerm 4, and this one azurerm 5"},
		// A renamed resource group replaces what refers to its name: the
		// account, its private endpoints, zones and links. (The module
		// there pins an older minor of azurerm 5, as an older endpointgen
		// wrote it: the same major, so still compared.)
		// One per line, the cause first.
		{"[MongoDB]", "resource_group:\n  name: rg-cos-renamed\n", ` (a service replaced or deleted loses its data):
  - azurerm_resource_group.this.name changes from "rg-cos" to "rg-cos-renamed", which replaces it (` + providerSource + `resource/resource_group_resource.go)
  - azurerm_cosmosdb_account.cosmos_cos_weu_01 is replaced too: its resource_group_name refers to azurerm_resource_group.this, which changes it (`},
		{"[MongoDB]", "resource_group:\n  name: rg-cos-renamed-again\n", `
  - azurerm_private_endpoint.cosmos_cos_weu_01_mongodb is replaced too: its private_service_connection.private_connection_resource_id refers to azurerm_cosmosdb_account.cosmos_cos_weu_01, its resource_group_name to azurerm_resource_group.this and its subnet_id to azurerm_subnet.snet_cos, which change it (`},
	} {
		if strings.Contains(tc.extra, "rg-cos-renamed") {
			versions := filepath.Join(out, "versions.tf")
			b, _ := os.ReadFile(versions)
			os.WriteFile(versions, bytes.Replace(b, []byte(`"~> 5.2"`), []byte(`"~> 5.1"`), 1), 0o644)
		}
		code, stderr := generate(tc.subresources, tc.extra)
		if code != 0 || (tc.want == "") != (stderr == "") || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s %q: exit %d, %q; want %q", tc.subresources, tc.extra, code, stderr, tc.want)
		}
	}
}

// TestPruneCaseRename: a manifest renamed only in letter case (App.yaml to
// app.yaml) leaves its old stack, App, an orphan where the filesystem
// tells the two names apart, which --prune deletes; where it does not,
// App is the new stack's own folder, neither reported nor deleted.
func TestPruneCaseRename(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"App.yaml": workload("app"), "cc.yaml": workload("cc")})
	workloads, out := filepath.Join(root, "workloads"), filepath.Join(root, "stacks")
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", out, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	os.Rename(filepath.Join(workloads, "App.yaml"), filepath.Join(workloads, "app.yaml"))
	_, err := os.Stat(filepath.Join(out, "app"))
	ignoresCase := err == nil
	code, stdout, stderr := runCLI(t, "generate", workloads, "-o", out, "--prune", "-q")
	if ignoresCase {
		if code != 0 || stdout != "2 modules: 0 created, 0 changed, 2 unchanged\n" {
			t.Errorf("a filesystem that ignores case: exit %d: %q %q", code, stdout, stderr)
		}
		return
	}
	if code != 0 || stdout != "2 modules: 1 created, 0 changed, 1 unchanged, 1 pruned\n" {
		t.Errorf("exit %d: %q %q", code, stdout, stderr)
	}
	checkPruned(t, out, "App", "app")
}

// TestCheckNamesStackOfOne: in a directory of one manifest, --check names
// the stack of a file that drifted, as with several, not the bare file.
func TestCheckNamesStackOfOne(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"aa.yaml": workload("aa")})
	workloads, out := filepath.Join(root, "workloads"), filepath.Join(root, "stacks")
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", out, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	variables := filepath.Join(out, "aa", "variables.tf")
	b, _ := os.ReadFile(variables)
	os.WriteFile(variables, append(b, "# edited\n"...), 0o644)
	code, stdout, _ := runCLI(t, "generate", workloads, "-o", out, "--check", "-q")
	if want := "stale " + variables + "\n"; code != exitDrift || !strings.HasPrefix(stdout, want) {
		t.Errorf("exit %d, %q; want %q first", code, stdout, want)
	}
}

// TestMovedWorkloadsRefused: a run that would create a workload's module
// in a new stack while its module stands orphaned in another is refused,
// naming both, and writes, compares and deletes nothing, where the
// manifests given are a subfolder of those the stacks came from (with
// --prune it deleted every other stack) or the new module would not have
// the old one's Terraform state. A manifest moved whose module keeps its
// state, or that was never applied from the old folder, moves.
func TestMovedWorkloadsRefused(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{
		"team-a/app.yaml": workload("appa"), "team-a/db.yaml": workload("dba"), "team-b/web.yaml": workload("webb")})
	workloads, out := filepath.Join(root, "workloads"), filepath.Join(root, "stacks")
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", out, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before := readTree(t, out)
	want := "workload appa (" + filepath.Join(workloads, "team-a", "app.yaml") + ") would get a new module in " + filepath.Join(out, "app") + ", and its module is in " + filepath.Join(out, "team-a", "app")
	for _, args := range [][]string{
		{"generate", filepath.Join(workloads, "team-a"), "-o", out, "--prune", "-q"},
		{"generate", filepath.Join(workloads, "team-a"), "-o", out},
		{"generate", filepath.Join(workloads, "team-a"), "-o", out, "--check"},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "workload dba (") || strings.Contains(stderr, "workload webb") ||
			!strings.Contains(stderr, "The manifests given are a subfolder of those the stacks were generated from") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	// A manifest moved without its stack, whose local state stays there.
	os.MkdirAll(filepath.Join(workloads, "team-c"), 0o755)
	os.Rename(filepath.Join(workloads, "team-b", "web.yaml"), filepath.Join(workloads, "team-c", "web.yaml"))
	state := filepath.Join(out, "team-b", "web", "terraform.tfstate")
	os.WriteFile(state, []byte("{}\n"), 0o644)
	before["team-b/web/terraform.tfstate"] = "{}\n"
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", out, "--prune"); code != 1 || !strings.Contains(stderr, "workload webb (") ||
		!strings.Contains(stderr, "whose Terraform state (terraform.tfstate) stays there") || !strings.Contains(stderr, "nothing was written") {
		t.Errorf("moved manifest: exit %d, %q", code, stderr)
	}
	if diff := cmp.Diff(before, readTree(t, out)); diff != "" {
		t.Errorf("the stacks changed (-before +after):\n%s", diff)
	}
	// Never applied from there: it moves.
	os.Remove(state)
	if code, stdout, stderr := runCLI(t, "generate", workloads, "-o", out, "--prune", "-q"); code != 0 || !strings.Contains(stdout, "1 created") || !strings.Contains(stdout, "1 pruned") {
		t.Errorf("never applied: exit %d, %q %q", code, stdout, stderr)
	}

	// With a remote state: one blob wherever the module is (the key is
	// the workload's name) moves; a key of the manifest's path is another
	// state, refused.
	for _, tc := range []struct {
		key  string
		code int
	}{{"", 0}, {"  key: \"{{ .Path }}.tfstate\"\n", 1}} {
		root := repo(t, stateDefaults+tc.key, map[string]string{"team-a/app.yaml": workload("app")})
		workloads, out := filepath.Join(root, "workloads"), filepath.Join(root, "stacks")
		if code, _, stderr := runCLI(t, "generate", workloads, "-o", out, "-q"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		os.MkdirAll(filepath.Join(workloads, "team-b"), 0o755)
		os.Rename(filepath.Join(workloads, "team-a", "app.yaml"), filepath.Join(workloads, "team-b", "app.yaml"))
		code, _, stderr := runCLI(t, "generate", workloads, "-o", out, "--prune", "-q")
		if code != tc.code || (tc.code == 1) != strings.Contains(stderr, "whose Terraform state is another (backend.tf differs)") {
			t.Errorf("key %q: exit %d, %q", tc.key, code, stderr)
		}
	}
}
