package catalog

import (
	"slices"
	"strings"
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

// TestNameRules checks each name rule at its edges: the shortest and
// longest names it takes, and the neighbours Azure rejects.
func TestNameRules(t *testing.T) {
	for _, tc := range []struct {
		typ, name string
		valid     bool
	}{
		{"cosmosdb", "abc", true},
		{"cosmosdb", "cosmos-orders-01", true},
		{"cosmosdb", "0rders", true},
		{"cosmosdb", strings.Repeat("a", 44), true},
		{"cosmosdb", strings.Repeat("a", 45), false},
		{"cosmosdb", "ab", false},
		{"cosmosdb", "-cosmos-orders", false},
		{"cosmosdb", "cosmos-orders-", false},
		{"cosmosdb", "Cosmos-orders", false},
		{"cosmosdb", "cosmos_orders", false},
		{"sql_server", "-sql", false},
		{"sql_server", "sql-", false},
		{"servicebus", "sb-orders-sb", false},
		{"key_vault", "kv--orders", false},
	} {
		s, _ := Lookup(tc.typ)
		if got := s.Name.Valid(tc.name); got != tc.valid {
			t.Errorf("%s %q: valid = %v, want %v", tc.typ, tc.name, got, tc.valid)
		}
	}
}
