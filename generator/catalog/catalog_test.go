package catalog

import (
	"encoding/json"
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

// TestSelect: no type is every type by name; given ones keep their order,
// each once; an unknown one is an error naming the closest and the types.
func TestSelect(t *testing.T) {
	if got, err := Select(nil); err != nil || !slices.Equal(got, SortedTypes()) {
		t.Errorf("Select(nil) = %v, %v", got, err)
	}
	if got, err := Select([]string{"web_app", "storage", "web_app"}); err != nil || !slices.Equal(got, []string{"web_app", "storage"}) {
		t.Errorf("Select(web_app storage web_app) = %v, %v", got, err)
	}
	_, err := Select([]string{"storage", "keyvault"})
	if err == nil || err.Error() != `"keyvault" (did you mean key_vault?) is not a service type; the types are `+strings.Join(SortedTypes(), ", ") {
		t.Errorf("Select(keyvault): %v", err)
	}
	_, err = Select([]string{"sql", "storage", "stroage", "queue"})
	if err == nil || !strings.HasPrefix(err.Error(), `"sql" (did you mean sql_server?), "stroage" (did you mean storage?), "queue" are not service types; the types are cognitive_account,`) {
		t.Errorf("Select(sql storage stroage queue): %v", err)
	}
}

// TestJSON: catalog --json holds, per type asked for and in that order,
// the catalogue's facts: every sub-resource's zones per cloud (a cloud
// without a confirmed zone left out) and per kind.
func TestJSON(t *testing.T) {
	b, err := JSON(SortedTypes())
	if err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Type, Resource, ServiceEndpoint, NameRule string
		DefaultSubresources                       []string `json:"default_subresources"`
		Subresources                              []struct {
			Name      string
			Zones     map[Cloud][]string
			KindZones map[string]map[Cloud][]string `json:"kind_zones"`
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(services) {
		t.Fatalf("%d entries, want %d", len(got), len(services))
	}
	for i, e := range got {
		f := services[SortedTypes()[i]]
		if e.Type != f.Type || e.Resource != f.Resource || !slices.Equal(e.DefaultSubresources, f.DefaultSubresources) || len(e.Subresources) != len(f.Subresources) {
			t.Errorf("entry %d: %+v, want %s", i, e, f.Type)
			continue
		}
		for j, sub := range e.Subresources {
			want := f.Subresources[j]
			for _, c := range Clouds {
				if !slices.Equal(sub.Zones[c], want.ZonesFor("", c)) {
					t.Errorf("%s %s in %s: zones %v, want %v", f.Type, sub.Name, c, sub.Zones[c], want.ZonesFor("", c))
				}
				for _, kind := range f.Kinds {
					if _, ok := want.KindZones[kind]; ok && !slices.Equal(sub.KindZones[kind][c], want.ZonesFor(kind, c)) {
						t.Errorf("%s %s kind %s in %s: zones %v, want %v", f.Type, sub.Name, kind, c, sub.KindZones[kind][c], want.ZonesFor(kind, c))
					}
				}
			}
		}
	}
	one, _ := JSON([]string{"key_vault"})
	if !strings.Contains(string(one), `"service_endpoint": "Microsoft.KeyVault"`) || !strings.Contains(string(one), `"privatelink.vaultcore.azure.net"`) || strings.Contains(string(one), `"storage"`) {
		t.Errorf("JSON(key_vault):\n%s", one)
	}
	// A value the catalogue does not have is left out, not "".
	if acr, _ := JSON([]string{"container_registry"}); strings.Contains(string(acr), `"service_endpoint"`) || strings.Contains(string(acr), `""`) {
		t.Errorf("JSON(container_registry):\n%s", acr)
	}
}
