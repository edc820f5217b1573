package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// FuzzGenerate feeds arbitrary bytes through decoding, validation and
// rendering. Whatever the input: no panic; errors come with a position in the
// manifest and no files; generated Terraform parses; and hostile tag text
// (quotes, ${, %{, backslashes, newlines, non-ASCII) means the same string
// after the trip into HCL. CI runs it briefly (make fuzz); the seeds are the
// examples, the invalid fixtures and testdata/fuzz/FuzzGenerate.
func FuzzGenerate(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*/manifest.yaml")
	invalid, _ := filepath.Glob("manifest/testdata/invalid/*.yaml")
	for _, path := range append(seeds, invalid...) {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		files, diags := Generate(src, "fuzz.yaml", Options{})
		if diags.HasErrors() {
			if files != nil {
				t.Fatal("files returned with errors")
			}
			for _, d := range diags {
				if d.Severity == hcl.DiagError && (d.Subject == nil || d.Subject.Filename != "fuzz.yaml") {
					t.Fatalf("error %q without a position in the manifest", d.Summary)
				}
			}
			return
		}
		m, _ := manifest.Load(src, "fuzz.yaml", manifest.PhaseNone)
		for _, file := range files {
			if !strings.HasSuffix(file.Name, ".tf") && !strings.HasSuffix(file.Name, ".tftest.hcl") {
				continue
			}
			f, d := hclsyntax.ParseConfig(file.Bytes, file.Name, hcl.InitialPos)
			if d.HasErrors() {
				t.Fatalf("%s does not parse: %s\n%s", file.Name, d.Error(), file.Bytes)
			}
			// Built files are written as hclwrite formats them, without a
			// second formatting pass: they must be canonical as they are.
			if formatted := hclwrite.Format(file.Bytes); !bytes.Equal(formatted, file.Bytes) {
				t.Fatalf("%s is not canonical:\n%s", file.Name, file.Bytes)
			}
			if file.Name == "variables.tf" {
				checkTagsDefault(t, f, m.Tags)
			}
		}
	})
}

// checkTagsDefault evaluates the default of variable "tags" and compares it
// with the manifest's tags.
func checkTagsDefault(t *testing.T, f *hcl.File, want map[string]string) {
	t.Helper()
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "variable" || b.Labels[0] != "tags" {
			continue
		}
		v, diags := b.Body.Attributes["default"].Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("tags default does not evaluate: %s", diags.Error())
		}
		got := map[string]string{}
		for k, val := range v.AsValueMap() {
			if val.Type() != cty.String {
				t.Fatalf("tag %q is %s", k, val.Type().FriendlyName())
			}
			got[k] = val.AsString()
		}
		if len(want) == 0 {
			want = map[string]string{}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("tags changed on the way into HCL (-manifest +hcl):\n%s", diff)
		}
		return
	}
	t.Fatal("variables.tf has no tags variable")
}

// TestHostileTags is the fuzz property on the inputs most likely to break
// escaping, run on every go test.
func TestHostileTags(t *testing.T) {
	src := `apiVersion: endpointgen/v1
name: payments
location: westeurope
pattern: private-endpoint
services:
  - type: storage
    name: stpayments01
tags:
  "quote\"key": "say \"hi\""
  interp: "${var.secret} and $${literal}"
  directive: "%{ if true }x%{ endif }"
  backslash: "C:\\temp\\new"
  newline: "line one\nline two"
  unicode: "Zürich – 東京 ✓"
  "key with spaces": "v"
  "${key}": "dollar key"
`
	files, diags := Generate([]byte(src), "hostile.yaml", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	m, _ := manifest.Load([]byte(src), "hostile.yaml", manifest.PhaseNone)
	for _, file := range files {
		if file.Name == "variables.tf" {
			f, d := hclsyntax.ParseConfig(file.Bytes, file.Name, hcl.InitialPos)
			if d.HasErrors() {
				t.Fatalf("variables.tf does not parse: %s\n%s", d.Error(), file.Bytes)
			}
			checkTagsDefault(t, f, m.Tags)
			if !strings.Contains(string(file.Bytes), `"$${var.secret} and $$${literal}"`) {
				t.Errorf("${ not escaped:\n%s", file.Bytes)
			}
		}
	}
}

// FuzzRepoDefaults feeds arbitrary repo defaults (endpointgen.yaml) under
// the landing-zone example's workloads. Whatever the defaults: no panic;
// a defaults file with errors reports them in itself; otherwise each
// workload generates, or fails with every error placed in one of the two
// files, and no files.
func FuzzRepoDefaults(f *testing.F) {
	src, err := os.ReadFile("../examples/landing-zone/endpointgen.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	f.Add([]byte("apiVersion: endpointgen/v1\nnaming: { private_endpoint: '{{ .Service }}' }\nbackend: { storage_account_name: st01x, container_name: tfstate, key: '{{ .Path }}/' }\n"))
	workloads, _ := filepath.Glob("../examples/landing-zone/workloads/*/*.yaml")
	f.Fuzz(func(t *testing.T, src []byte) {
		defaults, diags := manifest.LoadRepoDefaults(src, "endpointgen.yaml")
		if diags.HasErrors() {
			for _, d := range diags {
				if d.Subject == nil || d.Subject.Filename != "endpointgen.yaml" {
					t.Fatalf("a problem of the defaults placed elsewhere: %v", d)
				}
			}
			return
		}
		for _, w := range workloads[:3] {
			m, err := os.ReadFile(w)
			if err != nil {
				t.Fatal(err)
			}
			files, diags := Generate(m, w, Options{Defaults: defaults})
			if !diags.HasErrors() {
				continue
			}
			if files != nil {
				t.Fatal("files returned with errors")
			}
			for _, d := range diags {
				if d.Subject == nil || (d.Subject.Filename != w && d.Subject.Filename != "endpointgen.yaml") {
					t.Fatalf("a problem placed nowhere: %v", d)
				}
			}
		}
	})
}
