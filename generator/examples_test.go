package generator

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/tfschema"
	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

var update = flag.Bool("update", false, "rewrite the generated output of every example in ../examples")

// schemaFiles maps a provider major to the schema extract its output is
// checked against.
var schemaFiles = map[string]string{
	"4": "tfschema/testdata/azurerm-4.81.0.json",
	"5": "tfschema/testdata/azurerm-5.2-20260824.json",
}

// example is one module of ../examples: a manifest and, in terraform/,
// the module generated from it (the golden files). A migration example
// (migrate-*) holds one module per phase, in phase-add/, phase-cutover/ and
// phase-cleanup/.
type example struct {
	name, manifest, outDir, phase string
}

func examples(t *testing.T) []example {
	t.Helper()
	manifests, err := filepath.Glob("../examples/*/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(manifests) < 4 {
		t.Fatalf("found %d examples in ../examples; want at least 4", len(manifests))
	}
	var out []example
	for _, m := range manifests {
		dir := filepath.Dir(m)
		name := filepath.Base(dir)
		if !strings.HasPrefix(name, "migrate-") {
			out = append(out, example{name, m, filepath.Join(dir, "terraform"), ""})
			continue
		}
		for _, phase := range Phases {
			out = append(out, example{name + "/" + phase, m, filepath.Join(dir, "phase-"+phase), phase})
		}
	}
	return out
}

func generateExample(t *testing.T, ex example) (Files, *Manifest) {
	t.Helper()
	src, err := os.ReadFile(ex.manifest)
	if err != nil {
		t.Fatal(err)
	}
	files, diags := Generate(src, ex.manifest, Options{Phase: ex.phase})
	if diags.HasErrors() {
		t.Fatalf("generating %s: %s", ex.manifest, diags.Error())
	}
	m, _ := load(src, ex.manifest, ex.phase)
	return files, m
}

// TestExamples regenerates every example and compares the whole output
// directory with the checked-in one: missing, extra and changed files.
// go test ./generator -update rewrites them.
func TestExamples(t *testing.T) {
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			files, _ := generateExample(t, ex)
			if *update {
				changes, err := Plan(ex.outDir, files, false)
				if err != nil {
					t.Fatal(err)
				}
				if err := Apply(ex.outDir, changes); err != nil {
					t.Fatal(err)
				}
			}
			want := readDir(t, ex.outDir)
			got := map[string]string{}
			for _, f := range files {
				got[f.Name] = string(f.Bytes)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("generated output differs from %s (-want +got); run `make golden` and read the diff:\n%s", ex.outDir, diff)
			}
		})
	}
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading golden directory: %v (run `make golden` to create it)", err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// TestExamplesWellFormed checks what goldens alone cannot: every .tf file
// parses, is canonical (formatting it again changes nothing), starts with the
// header, and two runs give the same bytes.
func TestExamplesWellFormed(t *testing.T) {
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			first, _ := generateExample(t, ex)
			second, _ := generateExample(t, ex)
			if diff := cmp.Diff(first, second); diff != "" {
				t.Errorf("two runs differ:\n%s", diff)
			}
			for _, f := range first {
				if !isGenerated(f.Bytes) {
					t.Errorf("%s does not start with the generated header", f.Name)
				}
				if !strings.HasSuffix(f.Name, ".tf") {
					continue
				}
				if _, diags := hclsyntax.ParseConfig(f.Bytes, f.Name, hcl.InitialPos); diags.HasErrors() {
					t.Errorf("%s does not parse: %s", f.Name, diags.Error())
				}
				if formatted := hclwrite.Format(f.Bytes); !bytes.Equal(formatted, f.Bytes) {
					t.Errorf("%s is not canonical:\n%s", f.Name, cmp.Diff(string(f.Bytes), string(formatted)))
				}
			}
		})
	}
}

// TestExamplesMatchSchema checks every generated block against the provider
// schema of the major the example targets.
func TestExamplesMatchSchema(t *testing.T) {
	schemas := map[string]*tfschema.Schema{}
	for major, path := range schemaFiles {
		s, err := tfschema.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		schemas[major] = s
	}
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			files, m := generateExample(t, ex)
			for _, f := range files {
				if strings.HasSuffix(f.Name, ".tf") {
					if diags := schemas[m.Provider].CheckFile(f.Name, f.Bytes); len(diags) > 0 {
						t.Errorf("azurerm %s schema: %s", m.Provider, diags.Error())
					}
				}
			}
		})
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMigrationEndsInPrivateEndpoint: after cleanup the module is what the
// private-endpoint pattern generates for the same workload (README aside),
// so a migrated workload is indistinguishable from a new one.
func TestMigrationEndsInPrivateEndpoint(t *testing.T) {
	src := readFile(t, "../examples/migrate-inventory/manifest.yaml")
	cleanup, diags := Generate(src, "m.yaml", Options{Phase: PhaseCleanup})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	pe := strings.Replace(string(src), "pattern: service-endpoint", "pattern: private-endpoint", 1)
	pe = strings.Replace(pe, "    allowed_ip_ranges: [203.0.113.0/24]\n", "", 1)
	direct, diags := Generate([]byte(pe), "m.yaml", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	strip := func(fs Files) map[string]string {
		out := map[string]string{}
		for _, f := range fs {
			if f.Name != "README.md" {
				out[f.Name] = string(f.Bytes)
			}
		}
		return out
	}
	if diff := cmp.Diff(strip(direct), strip(cleanup)); diff != "" {
		t.Errorf("cleanup differs from the private-endpoint pattern (-pattern +cleanup):\n%s", diff)
	}
}

func TestCheckPhaseOrder(t *testing.T) {
	src := readFile(t, "../examples/migrate-inventory/manifest.yaml")
	gen := func(phase string) Files {
		files, diags := Generate(src, "m.yaml", Options{Phase: phase})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		return files
	}
	dir := t.TempDir()
	apply := func(phase string) {
		changes, err := Plan(dir, gen(phase), false)
		if err != nil {
			t.Fatal(err)
		}
		if err := Apply(dir, changes); err != nil {
			t.Fatal(err)
		}
	}
	if err := CheckPhaseOrder(dir, PhaseCutover, gen(PhaseCutover)); err == nil || !strings.Contains(err.Error(), "azurerm_private_endpoint.stinventoryprod01_blob") {
		t.Errorf("cutover on an empty dir: %v", err)
	}
	apply(PhaseAdd)
	if err := CheckPhaseOrder(dir, PhaseCutover, gen(PhaseCutover)); err != nil {
		t.Errorf("cutover after add: %v", err)
	}
	if err := CheckPhaseOrder(dir, PhaseCleanup, gen(PhaseCleanup)); err == nil || !strings.Contains(err.Error(), "public_network_access_enabled = false") {
		t.Errorf("cleanup after add: %v", err)
	}
	apply(PhaseCutover)
	if err := CheckPhaseOrder(dir, PhaseCleanup, gen(PhaseCleanup)); err != nil {
		t.Errorf("cleanup after cutover: %v", err)
	}
}

// BenchmarkGenerate measures one workload with every service type behind
// private endpoints, the largest example (go test -bench Generate ./generator).
func BenchmarkGenerate(b *testing.B) {
	src, err := os.ReadFile("../examples/all-services-private-endpoint/manifest.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, diags := Generate(src, "m.yaml", Options{}); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
	}
}
