package generator

import (
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

func TestBrokenTemplateOverride(t *testing.T) {
	src := readFile(t, "../examples/minimal/manifest.yaml")
	for name, tmpl := range map[string]string{
		"does not parse":      "{{ .Name ",
		"unknown field":       "{{ .Nmae }}",
		"renders broken HCL":  "provider \"azurerm\" {\n",
		"non-reproducible fn": "{{ randInt 1 9 }}",
	} {
		t.Run(name, func(t *testing.T) {
			files, diags := Generate(src, "m.yaml", Options{Templates: fstest.MapFS{"providers.tf.tmpl": {Data: []byte(tmpl)}}})
			if files != nil || !diags.HasErrors() || !strings.Contains(diags.Error(), "providers.tf") {
				t.Errorf("want an error naming providers.tf and no files; got %d files, %v", len(files), diags)
			}
		})
	}
}
