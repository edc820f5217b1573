package catalog

import (
	"slices"
	"testing"
)

// TestOrderListsEveryType: a service type added to the table must also be
// placed in the order the schema and messages use, and vice versa.
func TestOrderListsEveryType(t *testing.T) {
	if len(order) != len(services) {
		t.Fatalf("order lists %d types, the table holds %d", len(order), len(services))
	}
	for _, name := range order {
		s, ok := services[name]
		if !ok {
			t.Errorf("order names %q, which the table lacks", name)
			continue
		}
		if s.Type != name {
			t.Errorf("services[%q].Type = %q", name, s.Type)
		}
		for _, d := range s.DefaultSubresources {
			if _, ok := s.Subresource(d); !ok {
				t.Errorf("%s: default sub-resource %q is not one of %v", name, d, s.SubresourceNames())
			}
		}
		if len(s.Kinds) > 0 && !slices.Contains(s.Kinds, s.DefaultKind) {
			t.Errorf("%s: default kind %q is not one of %v", name, s.DefaultKind, s.Kinds)
		}
	}
}
