package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/internal/golden"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/migrate"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/endpointgen/endpointgen/generator/tfschema"
	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

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
//
// A landing-zone example (its own endpointgen.yaml, workloads/ and stacks/)
// holds one module per workload manifest, each inheriting the repo
// defaults as generate DIR gives them.
type example struct {
	name, manifest, outDir string
	phase                  manifest.Phase
	defaults               *manifest.RepoDefaults
	stack                  string
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
	zones, _ := filepath.Glob("../examples/*/" + manifest.RepoDefaultsFile)
	for _, path := range zones {
		out = append(out, landingZone(t, filepath.Dir(path))...)
	}
	for _, m := range manifests {
		dir := filepath.Dir(m)
		name := filepath.Base(dir)
		if !strings.HasPrefix(name, "migrate-") {
			out = append(out, example{name: name, manifest: m, outDir: filepath.Join(dir, "terraform")})
			continue
		}
		for _, phase := range manifest.Phases {
			out = append(out, example{name: name + "/" + string(phase), manifest: m, outDir: filepath.Join(dir, "phase-"+string(phase)), phase: phase})
		}
	}
	return out
}

// landingZone lists the workloads of the landing-zone example in dir:
// workloads/TEAM/APP.yaml writes stacks/TEAM/APP.
func landingZone(t *testing.T, dir string) []example {
	t.Helper()
	src := readFile(t, filepath.Join(dir, manifest.RepoDefaultsFile))
	defaults, diags := manifest.LoadRepoDefaults(src, filepath.Join(dir, manifest.RepoDefaultsFile))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	var out []example
	workloads := filepath.Join(dir, "workloads")
	err := filepath.WalkDir(workloads, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(workloads, path)
		stack := filepath.ToSlash(strings.TrimSuffix(rel, filepath.Ext(rel)))
		out = append(out, example{name: filepath.Base(dir) + "/" + stack, manifest: path,
			outDir: filepath.Join(dir, "stacks", stack), defaults: defaults, stack: stack})
		return nil
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("reading %s: %v (%d workloads)", workloads, err, len(out))
	}
	return out
}

func generateExample(t *testing.T, ex example) (outdir.Files, *manifest.Manifest) {
	t.Helper()
	src, err := os.ReadFile(ex.manifest)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Phase: ex.phase, Defaults: ex.defaults}
	m, diags := Load(src, ex.manifest, opts)
	if diags.HasErrors() {
		t.Fatalf("generating %s: %s", ex.manifest, diags.Error())
	}
	files, diags := Build(m, ex.manifest, opts)
	if diags.HasErrors() {
		t.Fatalf("generating %s: %s", ex.manifest, diags.Error())
	}
	return files, m
}

// TestExamples regenerates every example and compares the whole output
// directory with the checked-in one: missing, extra and changed files.
// make golden (-update) rewrites them.
func TestExamples(t *testing.T) {
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			files, _ := generateExample(t, ex)
			got := map[string][]byte{}
			for _, f := range files {
				got[f.Name] = f.Bytes
			}
			golden.Dir(t, ex.outDir, got)
		})
	}
}

// TestExamplesWellFormed checks what goldens alone cannot: every .tf and
// .tftest.hcl file parses, is canonical (formatting it again changes nothing), starts with the
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
				if !outdir.IsGenerated(f.Bytes) {
					t.Errorf("%s does not start with the generated header", f.Name)
				}
				if !strings.HasSuffix(f.Name, ".tf") && !strings.HasSuffix(f.Name, ".tftest.hcl") {
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
	cleanup, diags := Generate(src, "m.yaml", Options{Phase: manifest.PhaseCleanup})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	pe := strings.Replace(string(src), "pattern: service-endpoint", "pattern: private-endpoint", 1)
	pe = strings.Replace(pe, "    allowed_ip_ranges: [203.0.113.0/24]\n", "", 1)
	direct, diags := Generate([]byte(pe), "m.yaml", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	strip := func(fs outdir.Files) map[string]string {
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
	dir := t.TempDir()
	plan := func(phase manifest.Phase) (outdir.Files, []outdir.Change) {
		files, diags := Generate(src, "m.yaml", Options{Phase: phase})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		changes, err := outdir.Plan(dir, files, false)
		if err != nil {
			t.Fatal(err)
		}
		return files, changes
	}
	check := func(phase manifest.Phase) error {
		files, changes := plan(phase)
		return migrate.CheckOrder(dir, phase, files, changes)
	}
	apply := func(phase manifest.Phase) {
		_, changes := plan(phase)
		if err := outdir.Apply(dir, changes); err != nil {
			t.Fatal(err)
		}
	}
	if err := check(manifest.PhaseCutover); err == nil || !strings.Contains(err.Error(), "azurerm_private_endpoint.stinventoryprod01_blob") {
		t.Errorf("cutover on an empty dir: %v", err)
	}
	apply(manifest.PhaseAdd)
	if err := check(manifest.PhaseCutover); err != nil {
		t.Errorf("cutover after add: %v", err)
	}
	if err := check(manifest.PhaseCleanup); err == nil || !strings.Contains(err.Error(), "public_network_access_enabled = false") {
		t.Errorf("cleanup after add: %v", err)
	}
	apply(manifest.PhaseCutover)
	if err := check(manifest.PhaseCleanup); err != nil {
		t.Errorf("cleanup after cutover: %v", err)
	}
}

// TestUnknownPhase: a phase is parsed once, and a value that is none of
// the three is an error, never text printed into a README.
func TestUnknownPhase(t *testing.T) {
	src := readFile(t, "../examples/migrate-inventory/manifest.yaml")
	files, diags := Generate(src, "m.yaml", Options{Phase: "bogus"})
	if files != nil || !diags.HasErrors() || !strings.Contains(diags.Error(), `unknown phase "bogus"`) {
		t.Errorf("Phase bogus: %d files, %v", len(files), diags)
	}
}

// BenchmarkGenerateOne measures the smallest workload, the unit a
// landing-zone repo has hundreds of (go test -bench GenerateOne ./generator).
func BenchmarkGenerateOne(b *testing.B) {
	src, err := os.ReadFile("../examples/minimal/manifest.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Generate(src, "m.yaml", Options{}); diags.HasErrors() {
			b.Fatal(diags.Error())
		}
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

// TestPhaseInManifest: migration.phase in the manifest generates exactly
// what migrate -f --phase generates, so generate, --check and --diff agree
// with migrate mid-migration.
func TestPhaseInManifest(t *testing.T) {
	src := readFile(t, "../examples/migrate-inventory/manifest.yaml")
	for _, phase := range manifest.Phases {
		recorded, err := manifest.WithPhase(src, "m.yaml", phase)
		if err != nil {
			t.Fatal(err)
		}
		m, diags := Load(recorded, "m.yaml", Options{})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		fromManifest, _ := Build(m, "m.yaml", Options{})
		fromOption, _ := Generate(src, "m.yaml", Options{Phase: phase})
		if diff := cmp.Diff(fromOption, fromManifest); diff != "" {
			t.Errorf("%s: migration.phase differs from Options.Phase (-option +manifest):\n%s", phase, diff)
		}
		if m.Phase != phase {
			t.Errorf("%s: the manifest says it is for phase %q", phase, m.Phase)
		}
	}
	if m, _ := Load(src, "m.yaml", Options{}); m.Phase != manifest.PhaseNone {
		t.Errorf("outside a migration, the manifest says it is for phase %q", m.Phase)
	}
}

// TestPhasesReplaceNothing: from the service-endpoint module through each
// phase, no step replaces or destroys a service, subnet, VNet, endpoint,
// zone or link (their replacement-forcing arguments stay as they are), for
// every service type a service-endpoint example has.
func TestPhasesReplaceNothing(t *testing.T) {
	for _, example := range []string{"migrate-inventory", "all-services-service-endpoint", "all-services-service-endpoint-azurerm4",
		"analytics-service-endpoint", "keyvault-sql-service-endpoint", "messaging-cosmos-service-endpoint-azurerm4", "web-app-service-endpoint"} {
		src := readFile(t, "../examples/"+example+"/manifest.yaml")
		prev := map[string][]byte{}
		for _, phase := range append([]manifest.Phase{manifest.PhaseNone}, manifest.Phases...) {
			files, diags := Generate(src, "m.yaml", Options{Phase: phase})
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			next := map[string][]byte{}
			for _, f := range files {
				next[f.Name] = f.Bytes
			}
			replaced, err := azurerm.Replacements(prev, next)
			if err != nil || len(replaced) > 0 {
				t.Errorf("%s to %q: %v %v", example, phase, replaced, err)
			}
			prev = next
		}
	}
}

// TestNoTests: Options.NoTests leaves out the posture test and the README's
// paragraph about it, and changes nothing else.
func TestNoTests(t *testing.T) {
	src := readFile(t, "../examples/payments-private-endpoint/manifest.yaml")
	with, diags := Generate(src, "m.yaml", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	without, diags := Generate(src, "m.yaml", Options{NoTests: true})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	byName := func(fs outdir.Files) map[string]string {
		out := map[string]string{}
		for _, f := range fs {
			out[f.Name] = string(f.Bytes)
		}
		return out
	}
	w, wo := byName(with), byName(without)
	if _, ok := w["tests/posture.tftest.hcl"]; !ok {
		t.Error("the default output has no tests/posture.tftest.hcl")
	}
	if strings.Contains(wo["README.md"], "terraform test") || !strings.Contains(w["README.md"], "terraform test") {
		t.Error("the README's paragraph on terraform test does not follow NoTests")
	}
	delete(w, "tests/posture.tftest.hcl")
	delete(w, "README.md")
	delete(wo, "README.md")
	if diff := cmp.Diff(w, wo); diff != "" {
		t.Errorf("NoTests changed other files (-with +without):\n%s", diff)
	}
}

// TestPostureTestsMatchModule checks each example's posture test against
// its module and the provider schema of its major, which matters most for
// the azurerm 4 examples that no provider here runs: every resource or data
// source an assertion or override names exists in the module, every
// attribute or block it reads exists in that resource type's schema, and
// every variable it sets is declared.
func TestPostureTestsMatchModule(t *testing.T) {
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
			schema := schemas[m.Provider]
			declared := map[string]bool{} // "azurerm_subnet.x", "data.azurerm_subnet.x", "var.x"
			var test []byte
			for _, f := range files {
				if f.Name == "tests/posture.tftest.hcl" {
					test = f.Bytes
				}
				if !strings.HasSuffix(f.Name, ".tf") {
					continue
				}
				parsed, _ := hclsyntax.ParseConfig(f.Bytes, f.Name, hcl.InitialPos)
				for _, b := range parsed.Body.(*hclsyntax.Body).Blocks {
					switch {
					case b.Type == "resource" && len(b.Labels) == 2:
						declared[b.Labels[0]+"."+b.Labels[1]] = true
					case b.Type == "data" && len(b.Labels) == 2:
						declared["data."+b.Labels[0]+"."+b.Labels[1]] = true
					case b.Type == "variable" && len(b.Labels) == 1:
						declared["var."+b.Labels[0]] = true
					}
				}
			}
			if test == nil {
				t.Fatal("no tests/posture.tftest.hcl")
			}
			parsed, diags := hclsyntax.ParseConfig(test, "posture.tftest.hcl", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			check := func(tr hcl.Traversal) {
				parts := make([]string, 0, len(tr))
				for _, step := range tr {
					switch s := step.(type) {
					case hcl.TraverseRoot:
						parts = append(parts, s.Name)
					case hcl.TraverseAttr:
						parts = append(parts, s.Name)
					case hcl.TraverseIndex:
						parts = append(parts, "[]")
					}
				}
				n, blocks := 2, schema.ResourceSchemas
				if parts[0] == "data" {
					n, blocks = 3, schema.DataSourceSchemas
				}
				if len(parts) < n || !declared[strings.Join(parts[:n], ".")] {
					t.Errorf("%s names nothing the module declares", strings.Join(parts, "."))
					return
				}
				if parts[0] == "var" {
					return
				}
				block := blocks[parts[n-2]].Block
				for _, p := range parts[n:] {
					if p == "[]" {
						continue
					}
					if _, ok := block.Attributes[p]; ok {
						return // an object-typed attribute's inside is not walked
					}
					bt, ok := block.BlockTypes[p]
					if !ok {
						t.Errorf("%s: azurerm %s has no %s there", strings.Join(parts, "."), m.Provider, p)
						return
					}
					block = bt.Block
				}
			}
			for _, b := range parsed.Body.(*hclsyntax.Body).Blocks {
				switch b.Type {
				case "variables":
					for name := range b.Body.Attributes {
						if !declared["var."+name] {
							t.Errorf("the test sets the undeclared variable %s", name)
						}
					}
				case "override_resource", "override_data":
					target, diags := hcl.AbsTraversalForExpr(b.Body.Attributes["target"].Expr)
					if diags.HasErrors() {
						t.Fatal(diags.Error())
					}
					check(target)
				case "run":
					for _, a := range b.Body.Blocks {
						for _, tr := range a.Body.Attributes["condition"].Expr.Variables() {
							check(tr)
						}
					}
				}
			}
		})
	}
}
