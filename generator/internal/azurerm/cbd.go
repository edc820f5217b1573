package azurerm

import (
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// createdFirst are the resources of c that Terraform replaces
// create-before-destroy: those whose lifecycle says so, and everything
// they depend on, which Terraform makes so too
// (https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#create_before_destroy).
// A replacement of one of them under its old name and resource group
// fails: azurerm does not create what exists already (it asks to import
// it), and the old one is still there.
func createdFirst(c *config) map[string]bool {
	out := map[string]bool{}
	seen := map[string]bool{}
	var mark func(addr string)
	mark = func(addr string) {
		if seen[addr] {
			return
		}
		seen[addr] = true
		// Through locals and data sources to the resources they read.
		if e, ok := c.locals[addr]; ok {
			for _, t := range e.Variables() {
				if dep, _, _ := referenced(t); dep != "" {
					mark(dep)
				}
			}
			return
		}
		if d, ok := c.data[addr]; ok {
			for _, dep := range dependencies(d.Body) {
				mark(dep)
			}
			return
		}
		b, ok := c.resources[addr]
		if !ok {
			return
		}
		out[addr] = true
		for _, dep := range dependencies(b.Body) {
			mark(dep)
		}
	}
	for addr, b := range c.resources {
		if createBeforeDestroy(b) {
			mark(addr)
		}
	}
	return out
}

// createBeforeDestroy reports whether b's lifecycle sets
// create_before_destroy = true.
func createBeforeDestroy(b block) bool {
	for _, lc := range b.Body.Blocks {
		if a := lc.Body.Attributes["create_before_destroy"]; lc.Type == "lifecycle" && a != nil {
			v, diags := a.Expr.Value(nil)
			return !diags.HasErrors() && v.Type() == cty.Bool && v.True()
		}
	}
	return false
}

// dependencies are the addresses of what body refers to, in its
// arguments and nested blocks (depends_on among them), but not its
// lifecycle, which Terraform does not read as dependencies.
func dependencies(body *hclsyntax.Body) []string {
	var out []string
	for _, a := range body.Attributes {
		for _, t := range a.Expr.Variables() {
			if addr, _, _ := referenced(t); addr != "" {
				out = append(out, addr)
			}
		}
	}
	for _, n := range body.Blocks {
		if n.Type != "lifecycle" {
			out = append(out, dependencies(n.Body)...)
		}
	}
	return out
}
