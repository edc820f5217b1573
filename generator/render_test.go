package generator

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/endpointgen/endpointgen/generator/outdir"
)

func TestTemplateOverride(t *testing.T) {
	src := readFile(t, "../examples/minimal/manifest.yaml")
	user := fstest.MapFS{
		"README.md.tmpl": {Data: []byte("<!-- {{ .Header }} -->\n# {{ .Name }} (our landing zone)\n")},
		"versions.tf.tmpl": {Data: []byte(`terraform {
  required_version = ">= 1.9"
  backend "azurerm" {
    key = {{ hclString (printf "%s.tfstate" .Name) }}
  }
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = {{ hclString .ProviderVersion }}
    }
  }
}
`)},
	}
	files, diags := Generate(src, "m.yaml", Options{Templates: user})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Name] = string(f.Bytes)
	}
	if got["README.md"] != "<!-- "+outdir.Header+" -->\n# orders (our landing zone)\n" {
		t.Errorf("README.md not from the override: %q", got["README.md"])
	}
	if !strings.Contains(got["versions.tf"], `key = "orders.tfstate"`) {
		t.Errorf("versions.tf not from the override:\n%s", got["versions.tf"])
	}
	if !strings.Contains(got["providers.tf"], `provider "azurerm"`) {
		t.Errorf("providers.tf should stay embedded:\n%s", got["providers.tf"])
	}
}

// TestBrokenTemplateOverride: a user's template that does not parse, does
// not render or renders broken HCL is an error at the template file (at
// its line where text/template gives one), and nothing is generated.
func TestBrokenTemplateOverride(t *testing.T) {
	src := readFile(t, "../examples/minimal/manifest.yaml")
	for name, tc := range map[string]struct{ tmpl, at string }{
		"does not parse": {"# x\n{{ .Name ", "tpl/providers.tf.tmpl:2"},
		// Where the action starts, not where the file runs out.
		"action left open": {"# x\n{{ .Name\n", "tpl/providers.tf.tmpl:2"},
		// text/template says line 4, past the file's end: its last line.
		"block without end":   {"# x\n{{ if .Name }}\n# y\n", "tpl/providers.tf.tmpl:3"},
		"unknown field":       {"# x\n\n{{ .Nmae }}", "tpl/providers.tf.tmpl:3"},
		"renders broken HCL":  {"# x\nprovider \"azurerm\" {\n", "tpl/providers.tf.tmpl:1"},
		"non-reproducible fn": {"{{ randInt 1 9 }}", "tpl/providers.tf.tmpl:1"},
		"time since a date":   {"{{ ago 0 }}", "tpl/providers.tf.tmpl:1"},
		"date in local time":  {"# {{ toDate \"2006-01-02\" \"2024-01-01\" | unixEpoch }}", "tpl/providers.tf.tmpl:1"},
		"must date, local":    {"# {{ mustToDate \"2006-01-02\" \"2024-01-01\" | unixEpoch }}", "tpl/providers.tf.tmpl:1"},
	} {
		t.Run(name, func(t *testing.T) {
			files, diags := Generate(src, "m.yaml", Options{Templates: fstest.MapFS{"providers.tf.tmpl": {Data: []byte(tc.tmpl)}}, TemplatesDir: "tpl"})
			if files != nil || len(diags) != 1 || !strings.Contains(diags.Error(), "providers.tf") {
				t.Fatalf("want one error naming providers.tf and no files; got %d files, %v", len(files), diags)
			}
			if at := fmt.Sprintf("%s:%d", diags[0].Subject.Filename, diags[0].Subject.Start.Line); at != tc.at {
				t.Errorf("at %s, want %s: %v", at, tc.at, diags)
			}
			if name == "block without end" && !strings.Contains(diags[0].Detail, "lacks its {{ end }}") {
				t.Errorf("no hint at the missing end: %v", diags)
			}
		})
	}
}
