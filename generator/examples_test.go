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

// example is one directory of ../examples: a manifest and, in terraform/,
// the module generated from it (the golden files).
type example struct {
	name, manifest, outDir string
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
		out = append(out, example{filepath.Base(dir), m, filepath.Join(dir, "terraform")})
	}
	return out
}

func generateExample(t *testing.T, ex example) (Files, *Manifest) {
	t.Helper()
	src, err := os.ReadFile(ex.manifest)
	if err != nil {
		t.Fatal(err)
	}
	files, diags := Generate(src, ex.manifest, Options{})
	if diags.HasErrors() {
		t.Fatalf("generating %s: %s", ex.manifest, diags.Error())
	}
	m, _, _ := decodeManifest(src, ex.manifest)
	m.applyDefaults()
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
