package manifest

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

func TestWarnings(t *testing.T) {
	src := `apiVersion: endpointgen/v1
name: orders
location: westeurope
location_unlisted: true
pattern: private-endpoint
services:
  - type: storage
    name: stordersprod01
    subresources: [dfs]
`
	_, diags := Load([]byte(src), "w.yaml", PhaseNone)
	if diags.HasErrors() {
		t.Fatalf("warnings must not stop generation: %s", diags.Error())
	}
	var got []string
	for _, d := range diags {
		if d.Severity != hcl.DiagWarning {
			t.Errorf("unexpected error: %s", d.Summary)
		}
		got = append(got, fmt.Sprintf("%d: %s", d.Subject.Start.Line, d.Summary))
	}
	if diff := cmp.Diff([]string{"4: Location is listed", "9: dfs without blob"}, got); diff != "" {
		t.Error(diff)
	}
}

// TestLocations checks the location against the cloud's regions: the
// reported inputs (a region of another cloud, a typo in any cloud) and
// their neighbours, and location_unlisted for a region newer than the list.
func TestLocations(t *testing.T) {
	for _, tc := range []struct {
		cloud, location string
		unlisted        bool
		want            string // summary and a part of the detail; "" for valid
	}{
		{"", "westeurope", false, ""},
		{"public", "swedencentral", false, ""},
		{"usgovernment", "usgovvirginia", false, ""},
		{"usgovernment", "usdodeast", false, ""},
		{"china", "chinanorth3", false, ""},
		{"china", "chinaeast", false, ""},
		{"usgovernment", "westeurope", false, `Location in another cloud: "westeurope" is a region of the public cloud`},
		{"china", "eastus", false, `Location in another cloud: "eastus" is a region of the public cloud`},
		{"", "chinaeast2", false, `Location in another cloud: "chinaeast2" is a region of the china cloud`},
		{"public", "usgovtexas", false, `Location in another cloud: "usgovtexas" is a region of the usgovernment cloud`},
		{"usgovernment", "usgovvirgina", false, `Unknown location: "usgovvirgina" is not a region of the usgovernment cloud. Did you mean "usgovvirginia"?`},
		{"", "westeurop", false, `Unknown location: "westeurop" is not a region of the public cloud. Did you mean "westeurope"?`},
		{"china", "chinaest3", false, `Did you mean "chinaeast3"?`},
		{"", "marsnorth", false, "set location_unlisted: true"},
		{"", "marsnorth", true, ""},
		{"usgovernment", "usgovnewmexico", true, ""},
		{"usgovernment", "westeurope", true, `Location in another cloud: "westeurope" is a region of the public cloud`},
		{"", "West Europe", true, `Invalid name: "West Europe" is not a valid Azure location`},
	} {
		src := "apiVersion: endpointgen/v1\nname: orders\nlocation: " + tc.location + "\npattern: private-endpoint\nservices:\n  - type: key_vault\n    name: kv-orders-01\n"
		if tc.cloud != "" {
			src += "cloud: " + tc.cloud + "\n"
		}
		if tc.unlisted {
			src += "location_unlisted: true\n"
		}
		_, diags := Load([]byte(src), "m.yaml", PhaseNone)
		var errs []string
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				errs = append(errs, d.Summary+": "+d.Detail)
				if d.Subject.Start.Line != 3 {
					t.Errorf("%s %s: error at line %d, want 3", tc.cloud, tc.location, d.Subject.Start.Line)
				}
			}
		}
		switch {
		case tc.want == "" && len(errs) > 0:
			t.Errorf("%s %s: want valid, got %v", tc.cloud, tc.location, errs)
		case tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.want)):
			t.Errorf("%s %s: want one error with %q, got %v", tc.cloud, tc.location, tc.want, errs)
		}
	}
}

// TestLocationWithUnknownCloud: a misspelt cloud is one error, not also a
// location "in another cloud".
func TestLocationWithUnknownCloud(t *testing.T) {
	src := "apiVersion: endpointgen/v1\nname: orders\nlocation: usgovvirginia\ncloud: usgovermnent\npattern: private-endpoint\nservices:\n  - type: key_vault\n    name: kv-orders-01\n"
	_, diags := Load([]byte(src), "m.yaml", PhaseNone)
	if len(diags) != 1 || diags[0].Summary != "Unsupported value" {
		t.Errorf("want one Unsupported value, got %s", diags.Error())
	}
}

func TestIPRangesNormalised(t *testing.T) {
	c := &checker{pos: positions{}}
	got := c.ipRanges("r", "Storage account st1", []string{"203.0.113.0/24", "198.51.100.7/32", "198.51.100.8/31", "192.0.2.1"})
	want := []string{"203.0.113.0/24", "198.51.100.7", "198.51.100.8", "198.51.100.9", "192.0.2.1"}
	if diff := cmp.Diff(want, got); diff != "" || len(c.diags) > 0 {
		t.Errorf("(-want +got)\n%s%s", diff, c.diags.Error())
	}
}

func TestMigrationFieldsWarnOnServiceEndpoint(t *testing.T) {
	src, err := os.ReadFile("../../examples/migrate-inventory/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, diags := Load(src, "m.yaml", PhaseNone)
	if diags.HasErrors() {
		t.Fatalf("a migration manifest must validate: %s", diags.Error())
	}
	if len(diags) != 1 || diags[0].Summary != "Used only when migrating" {
		t.Errorf("want one 'Used only when migrating' warning, got %s", diags.Error())
	}
}

// TestSubresourcesWarningOnServiceEndpoint: on a service-endpoint manifest,
// subresources add no endpoints, but for Cosmos DB and storage they still
// choose what the account is created with; the warning says so, not that
// generate ignores them.
func TestSubresourcesWarningOnServiceEndpoint(t *testing.T) {
	for _, tc := range []struct{ service, want, not string }{
		{"  - type: cosmosdb\n    name: cosmos-cos-weu-01\n    subresources: [Sql, Table]\n", "choose the Cosmos DB account's API", "ignores"},
		{"  - type: storage\n    name: stlakeweu01\n    subresources: [blob, dfs]\n", "hierarchical namespace (is_hns_enabled)", "ignores"},
		{"  - type: key_vault\n    name: kv-cos-weu-01\n    subresources: [vault]\n", "generate ignores it for pattern: service-endpoint", "fixed when"},
	} {
		src := "apiVersion: endpointgen/v1\nname: cos\nlocation: westeurope\npattern: service-endpoint\nservices:\n" + tc.service
		_, diags := Load([]byte(src), "m.yaml", PhaseNone)
		if diags.HasErrors() || len(diags) != 1 {
			t.Fatalf("%s: want one warning, got %s", tc.service, diags.Error())
		}
		if d := diags[0].Detail; !strings.Contains(d, tc.want) || strings.Contains(d, tc.not) || diags[0].Subject.Start.Line != 8 {
			t.Errorf("%s: %s at %s", tc.service, d, diags[0].Subject)
		}
	}
}

// TestIPRangeMessagesNameTheService: a firewall message names the service
// whose firewall it is, not always the storage account.
func TestIPRangeMessagesNameTheService(t *testing.T) {
	for _, tc := range []struct{ typ, name, title string }{
		{"sql_server", "sql-orders", "the Azure SQL logical server sql-orders"},
		{"key_vault", "kv-orders", "the key vault kv-orders"},
		{"cosmosdb", "cosmos-orders", "the Cosmos DB account cosmos-orders"},
		{"storage", "storders01", "the storage account storders01"},
	} {
		src := "apiVersion: endpointgen/v1\nname: orders\nlocation: westeurope\npattern: service-endpoint\nservices:\n" +
			"  - type: " + tc.typ + "\n    name: " + tc.name + "\n    allowed_ip_ranges: [\"2001:db8::/32\", 10.1.2.3]\n"
		_, diags := Load([]byte(src), "m.yaml", PhaseNone)
		if len(diags) != 2 {
			t.Fatalf("%s: want two errors, got %s", tc.typ, diags.Error())
		}
		for _, d := range diags {
			if !strings.Contains(d.Detail, tc.title) || (tc.typ != "storage" && strings.Contains(strings.ToLower(d.Detail), "storage")) {
				t.Errorf("%s: %q does not name %s", tc.typ, d.Detail, tc.title)
			}
		}
	}
}

// TestResolutionPolicyDefault: managed links fall back to public resolution
// unless the manifest says Default; other DNS modes create no link and get
// no policy.
func TestResolutionPolicyDefault(t *testing.T) {
	base := `apiVersion: endpointgen/v1
name: orders
location: westeurope
pattern: private-endpoint
services:
  - type: storage
    name: stordersprod01
`
	tests := []struct{ dns, want string }{
		{"", ResolutionNxDomainRedirect},
		{"dns:\n  resolution_policy: Default\n", ResolutionDefault},
		{"dns:\n  resolution_policy: NxDomainRedirect\n", ResolutionNxDomainRedirect},
		{"dns:\n  mode: policy\n", ""},
	}
	for _, tt := range tests {
		m, diags := Load([]byte(base+tt.dns), "m.yaml", PhaseNone)
		if diags.HasErrors() {
			t.Fatalf("%q: %s", tt.dns, diags.Error())
		}
		if m.DNS.ResolutionPolicy != tt.want {
			t.Errorf("%q: resolution_policy = %q, want %q", tt.dns, m.DNS.ResolutionPolicy, tt.want)
		}
	}
}

// TestWideSQLFirewallWarnsWhileRulesExist: the warning about a wide SQL
// firewall holds while the rules exist (the pattern, the add phase), not
// from the cutover on, when none are generated.
func TestWideSQLFirewallWarnsWhileRulesExist(t *testing.T) {
	src := []byte("apiVersion: endpointgen/v1\nname: orders\nlocation: westeurope\npattern: service-endpoint\nservices:\n  - type: sql_server\n    name: sql-orders\n    allowed_ip_ranges: [203.0.113.0/24]\n")
	for phase, want := range map[Phase]bool{PhaseNone: true, PhaseAdd: true, PhaseCutover: false, PhaseCleanup: false} {
		_, diags := Load(src, "m.yaml", phase)
		got := false
		for _, d := range diags {
			got = got || d.Summary == "Wide SQL firewall"
		}
		if got != want {
			t.Errorf("phase %q: warning %t, want %t (%v)", phase, got, want, diags)
		}
	}
}

// TestDNSTagNames: a tag name Azure DNS does not keep is a warning at the
// tag where the workload creates private DNS zones and links (managed
// DNS mode), and nothing where it creates none.
func TestDNSTagNames(t *testing.T) {
	tags := "tags:\n  cost center: \"1\"\n  1st-owner: a\n  \"app:tier\": web\n  \"owner(s)\": b\n  Kostenstelle-ä: c\n  managed-by: eg\n  env_name.x: d\n  Env2: e\n"
	for _, tc := range []struct {
		name, manifest string
		want           []string
	}{
		{"managed zones", "pattern: private-endpoint\n", []string{"9: cost center", "10: 1st-owner", "11: app:tier", "12: owner(s)", "13: Kostenstelle-ä"}},
		{"hub zones", "pattern: private-endpoint\ndns:\n  mode: existing\n  zone_ids:\n    privatelink.blob.core.windows.net: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net\n", nil},
		{"service endpoints", "pattern: service-endpoint\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "apiVersion: endpointgen/v1\nname: orders\nlocation: westeurope\n" + tc.manifest + "services:\n  - type: storage\n    name: stordersprod01\n" + tags
			_, diags := Load([]byte(src), "m.yaml", PhaseNone)
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			var got []string
			for _, d := range diags {
				if d.Summary == "Tag name Azure DNS does not keep" {
					name, _, _ := strings.Cut(strings.TrimPrefix(d.Detail, `"`), `" is not`)
					got = append(got, fmt.Sprintf("%d: %s", d.Subject.Start.Line, name))
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\n%v", diff, diags)
			}
		})
	}
}

// TestDNSTagCount: more than 15 tags where the workload creates private
// DNS zones is a warning at tags; 15 is none.
func TestDNSTagCount(t *testing.T) {
	for _, n := range []int{15, 16} {
		var tags strings.Builder
		for i := range n {
			fmt.Fprintf(&tags, "  tag%02d: v\n", i)
		}
		src := "apiVersion: endpointgen/v1\nname: orders\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stordersprod01\ntags:\n" + tags.String()
		_, diags := Load([]byte(src), "m.yaml", PhaseNone)
		warned := len(diags) == 1 && diags[0].Summary == "More tags than a DNS zone takes" && diags[0].Subject.Start.Line == 8
		if diags.HasErrors() || warned != (n > 15) || (n == 15 && len(diags) > 0) {
			t.Errorf("%d tags: %v", n, diags)
		}
	}
}

// TestNewSubnetInVNetByID: a new subnet in a VNet given by ID is refused
// only where subscription_id is known and not the VNet's.
func TestNewSubnetInVNetByID(t *testing.T) {
	const vnet = "/subscriptions/9999aaaa-0000-4000-8000-000000000009/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-shared"
	for _, tc := range []struct {
		subscription string
		refused      bool
	}{
		{"", false},
		{"9999aaaa-0000-4000-8000-000000000009", false},
		{"9999AAAA-0000-4000-8000-000000000009", false}, // one GUID in either case
		{"11111111-0000-4000-8000-000000000001", true},
	} {
		src := "apiVersion: endpointgen/v1\nname: payments\nlocation: westeurope\npattern: private-endpoint\nnetwork:\n  vnet: {id: " + vnet + "}\n  subnet: {name: snet-a, address_prefixes: [10.20.9.0/27]}\nservices:\n  - type: storage\n    name: stpayments01\n"
		if tc.subscription != "" {
			src += "subscription_id: " + tc.subscription + "\n"
		}
		_, diags := Load([]byte(src), "m.yaml", PhaseNone)
		if got := strings.Contains(diags.Error(), "New subnet in a VNet of another subscription"); got != tc.refused {
			t.Errorf("%q: %v", tc.subscription, diags)
		}
	}
}

// Subnets given by id and by name in one manifest are refused as given two
// ways, once, not also as "in two VNets" of a first subnet without an ID
// (a reviewer's finding: "this one is not in ."); by id in two VNets they
// are, naming the first one's.
func TestSubnetsGivenTwoWays(t *testing.T) {
	const id = "/subscriptions/9999aaaa-0000-4000-8000-000000000009/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/"
	head := "apiVersion: endpointgen/v1\nname: payments\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stpayments01\nnetwork:\n  subnets:\n"
	for _, tc := range []struct{ name, subnets, want, not string }{
		{"by name, then by id", "    - {name: snet-a, address_prefixes: [10.20.9.0/27], roles: [endpoints]}\n    - {id: " + id + "vnet-a/subnets/snet-b, roles: [workload]}\n", "Subnets given two ways", "Subnets in two VNets"},
		{"by id in two VNets", "    - {id: " + id + "vnet-a/subnets/snet-a, roles: [endpoints]}\n    - {id: " + id + "vnet-b/subnets/snet-b, roles: [workload]}\n", "this one is not in " + id + "vnet-a.", "given two ways"},
	} {
		_, diags := Load([]byte(head+tc.subnets), "m.yaml", PhaseNone)
		var all []string
		for _, d := range diags {
			all = append(all, d.Summary+": "+d.Detail)
		}
		if got := strings.Join(all, "\n"); !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%s: %s", tc.name, got)
		}
	}
}

// TestMapKeyProblemsAtKey: a problem with a name of a mapping (a tag's
// name, a zone of dns.zone_ids) is reported at that name, not at its
// value, in the manifest and in the repo defaults alike.
func TestMapKeyProblemsAtKey(t *testing.T) {
	const zone = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/"
	src := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\ntags:\n" +
		"  bad tag: value\n  owner: me\n  Owner: you\n  back\\slash: v\n" +
		"dns:\n  mode: existing\n  zone_ids:\n    privatelink.blob.core.windows.net: " + zone + "privatelink.blob.core.windows.net\n" +
		"    privatelink.vaultcore.azure.net:   " + zone + "privatelink.vaultcore.azure.net\n" +
		"services:\n  - {type: storage, name: stapp01}\n"
	got := map[string]bool{}
	// And in dns.mode managed, whose zones drop tags Azure DNS does not keep.
	managed := strings.Replace(src, "mode: existing", "mode: managed", 1)
	managed = managed[:strings.Index(managed, "  zone_ids:")] + managed[strings.Index(managed, "services:"):]
	for _, src := range []string{src, managed} {
		_, diags := Load([]byte(src), "m.yaml", PhaseNone)
		for _, d := range diags {
			got[fmt.Sprintf("%d:%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Summary)] = true
		}
	}
	for _, want := range []string{"6:3 Tag name Azure DNS does not keep", "8:3 Duplicate tag name", "9:3 Invalid tag name", "14:5 Zone not needed"} {
		if !got[want] {
			t.Errorf("no %s; got %v", want, got)
		}
	}
	defaults := "apiVersion: endpointgen/v1\ndns:\n  zone_ids:\n    privatelink.blobs.core.windows.net:   " + zone + "privatelink.blobs.core.windows.net\n"
	_, diags := LoadRepoDefaults([]byte(defaults), "endpointgen.yaml")
	if len(diags) != 1 || diags[0].Summary != "Unknown zone" || diags[0].Subject.Start.Line != 4 || diags[0].Subject.Start.Column != 5 {
		t.Errorf("defaults: %v", diags)
	}
}
