package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	hubVNet   = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	hubDNS    = "apiVersion: endpointgen/v1\nlocation: westeurope\ndns:\n  link_vnet_ids: [" + hubVNet + "]\n"
	spokeVNet = "network:\n  vnet: {name: vnet-spoke-weu, existing: true, resource_group: rg-spoke-net}\n  subnet: {name: snet-pep, existing: true}\n"
	blobZone  = "privatelink.blob.core.windows.net"
)

// keyVault is a private-endpoint workload of one key vault (zone
// privatelink.vaultcore.azure.net).
func keyVault(name string) string {
	return "apiVersion: endpointgen/v1\nname: " + name + "\npattern: private-endpoint\nservices:\n  - type: key_vault\n    name: kv-" + name + "-01\n"
}

// TestSharedZoneLinkRefused: two workloads in dns.mode managed whose blob
// zones would both be linked to the hub VNet of the repo defaults (a
// resource ID: one VNet whatever the subscriptions) are refused by
// generate, --check and validate, naming both, the zone, the VNet and the
// fix, with nothing written; also when one of them comes from the module
// index, and when the VNet is the workloads' own, given by ID.
func TestSharedZoneLinkRefused(t *testing.T) {
	root := repo(t, hubDNS, map[string]string{"aa.yaml": workload("aa")})
	workloads, out := filepath.Join(root, "workloads"), filepath.Join(root, "stacks")
	// aa alone is fine, and goes into the module index.
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", out, "-q"); code != 0 || stderr != "" {
		t.Fatalf("aa alone: exit %d: %s", code, stderr)
	}
	os.WriteFile(filepath.Join(workloads, "bb.yaml"), []byte(workload("bb")), 0o644)
	before := readTree(t, root)
	want := filepath.Join(workloads, "aa.yaml") + " and " + filepath.Join(workloads, "bb.yaml") +
		" would both link a private DNS zone " + blobZone + " to the virtual network " + hubVNet
	for _, args := range [][]string{
		{"generate", workloads, "-o", out},
		{"generate", workloads, "-o", out, "--check"},
		{"generate", workloads, "-o", out, "--diff"},
		{"validate", workloads},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "dns.mode: existing with the hub's zones in dns.zone_ids") ||
			!strings.Contains(stderr, "link the virtual network from one workload only") || strings.Contains(stderr, "warning") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	if diff := cmp.Diff(before, readTree(t, root)); diff != "" {
		t.Errorf("something was written:\n%s", diff)
	}

	// Their own VNet, given by ID (or by their subnets' IDs), the same.
	own := "network:\n  vnet: {id: " + hubVNet + "}\n  subnet: {name: snet-aa, address_prefixes: [10.0.5.0/24]}\n"
	bySubnet := "network:\n  subnet: {id: " + hubVNet + "/subnets/snet-pep}\n"
	root = repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"aa.yaml": workload("aa") + own, "bb.yaml": workload("bb") + bySubnet})
	code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"))
	if code != 1 || !strings.Contains(stderr, "would both link a private DNS zone "+blobZone+" to the virtual network "+hubVNet) {
		t.Errorf("own VNet by ID: exit %d, %q", code, stderr)
	}

	// Two VNets by ID in common (their own spoke and the hub): both named.
	spokeVNet := strings.Replace(hubVNet, "vnet-hub", "vnet-spoke", 1)
	inSpoke := func(name string) string {
		return workload(name) + "network:\n  subnet: {id: " + spokeVNet + "/subnets/snet-" + name + "}\n"
	}
	root = repo(t, hubDNS, map[string]string{"aa.yaml": inSpoke("aa"), "bb.yaml": inSpoke("bb")})
	code, _, stderr = runCLI(t, "validate", filepath.Join(root, "workloads"))
	if want := "would both link a private DNS zone " + blobZone + " to the virtual network " + spokeVNet + " and a private DNS zone " + blobZone + " to the virtual network " + hubVNet; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("two VNets in common: exit %d, %q", code, stderr)
	}

	// A workload that creates the hub VNet by name comes first (a
	// warning with each spoke): the two spokes that link it by ID are
	// still refused, in either file order.
	hub := strings.Replace(workload("hub"), "name: hub\n", "name: hub\nresource_group: {name: rg-hub}\nnetwork:\n  vnet: {name: vnet-hub}\n", 1)
	spoke := func(name string) string { return workload(name) + "dns:\n  link_vnet_ids: [" + hubVNet + "]\n" }
	for _, hubFile := range []string{"a-hub.yaml", "z-hub.yaml"} {
		root = repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{hubFile: hub, "bb.yaml": spoke("bb"), "cc.yaml": spoke("cc")})
		code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"))
		if code != 1 || !strings.Contains(stderr, "bb.yaml and "+filepath.Join(root, "workloads", "cc.yaml")+" would both link a private DNS zone "+blobZone+" to the virtual network "+hubVNet) {
			t.Errorf("%s: exit %d, %q", hubFile, code, stderr)
		}
	}
}

// TestSharedResourcesWarned: resources two workloads would both create by
// names only (a subscription endpointgen does not know) are a warning,
// once per pair of workloads, naming both and all they share, at the first
// shared name in the second and the first; the run goes on and writes, and
// a run from the module index warns alike.
func TestSharedResourcesWarned(t *testing.T) {
	link := "a link of a private DNS zone " + blobZone + " to the virtual network vnet-spoke-weu in rg-spoke-net"
	sharedRG := "resource_group: {name: rg-shared, existing: true}\n"
	for _, tc := range []struct {
		name      string
		defaults  string
		manifests map[string]string
		want      []string // one warning each, in this order
	}{
		{"one existing spoke VNet by name", "apiVersion: endpointgen/v1\nlocation: westeurope\n",
			map[string]string{"aa.yaml": workload("aa") + spokeVNet, "bb.yaml": workload("bb") + spokeVNet},
			[]string{"{W}/bb.yaml:8:16: {W}/aa.yaml and {W}/bb.yaml both create " + link + ": if they deploy to one subscription, the second apply fails: the provider does not create what exists already (it asks to import it), and Azure links a virtual network to one private DNS zone of a name only; give both subscription_id (or the repo defaults) to have it checked (the other at {W}/aa.yaml:8:16)\n"}},
		{"one existing resource group, naming.subnet", "apiVersion: endpointgen/v1\nlocation: westeurope\nnaming:\n  subnet: snet-pep\n",
			map[string]string{"aa.yaml": workload("aa") + sharedRG, "bb.yaml": workload("bb") + sharedRG},
			[]string{"{R}/endpointgen.yaml:4:11: {W}/aa.yaml and {W}/bb.yaml both create the network security group nsg-snet-pep in rg-shared and the private DNS zone " + blobZone + " in rg-shared: if they deploy to one subscription, the second apply fails: the provider does not create what exists already (it asks to import it); give both subscription_id (or the repo defaults) to have it checked (both take it from there)\n"}},
		{"names by location", "apiVersion: endpointgen/v1\nlocation: westeurope\nnaming:\n  resource_group: 'rg-{{ .Location }}-shared'\n  vnet: 'vnet-{{ .Location }}-spoke'\n",
			map[string]string{"aa.yaml": workload("aa"), "bb.yaml": workload("bb"), "cc.yaml": keyVault("cc")},
			[]string{
				"{R}/endpointgen.yaml:4:19: {W}/aa.yaml and {W}/bb.yaml both create the resource group rg-westeurope-shared, the virtual network vnet-westeurope-spoke in rg-westeurope-shared, the private DNS zone " + blobZone + " in rg-westeurope-shared and a link of a private DNS zone " + blobZone + " to the virtual network vnet-westeurope-spoke in rg-westeurope-shared: ",
				"{R}/endpointgen.yaml:4:19: {W}/aa.yaml and {W}/cc.yaml both create the resource group rg-westeurope-shared and the virtual network vnet-westeurope-spoke in rg-westeurope-shared: ",
			}},
		{"one name in two folders", "apiVersion: endpointgen/v1\nlocation: westeurope\n",
			map[string]string{"team-a/app.yaml": workload("app"), "team-b/app.yaml": strings.Replace(workload("app"), "stapp01", "stapp02", 1)},
			[]string{"{W}/team-b/app.yaml:2:7: {W}/team-a/app.yaml and {W}/team-b/app.yaml both create the resource group rg-app, the virtual network vnet-app in rg-app, the subnet snet-app of the virtual network vnet-app in rg-app, the network security group nsg-snet-app in rg-app, the private DNS zone " + blobZone + " in rg-app and a link of a private DNS zone " + blobZone + " to the virtual network vnet-app in rg-app: "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := repo(t, tc.defaults, tc.manifests)
			workloads, out := filepath.Join(root, "workloads"), filepath.Join(root, "stacks")
			check := func(what string, code int, stderr string) {
				t.Helper()
				if code != 0 || strings.Count(stderr, "Warning: Two workloads may create one resource\n") != len(tc.want) {
					t.Errorf("%s: exit %d, %q", what, code, stderr)
				}
				at := 0
				for _, w := range tc.want {
					i := indexAcross(stderr[at:], strings.NewReplacer("{W}", workloads, "{R}", root).Replace(w))
					if i < 0 {
						t.Errorf("%s: no %q after %d in %q", what, w, at, stderr)
						return
					}
					at += i
				}
			}
			code, stdout, stderr := runCLI(t, "generate", workloads, "-o", out, "-q")
			check("generate", code, stderr)
			if want := len(tc.manifests); !strings.Contains(stdout, "created") {
				t.Errorf("generate wrote nothing of %d modules: %s", want, stdout)
			}
			// From the module index, nothing built again.
			code, _, stderr = runCLI(t, "generate", workloads, "-o", out, "--check")
			check("--check", code, stderr)
			code, _, stderr = runCLI(t, "validate", workloads)
			check("validate", code, stderr)
		})
	}
}

// TestSharedResourcesSilent: neighbours that share nothing Azure keeps
// unique stay silent: zones of the hub (dns.mode: existing) in one spoke,
// different zones linked to one hub, one zone linked to different hub
// VNets (a VNet of one name and resource group in two subscriptions too).
func TestSharedResourcesSilent(t *testing.T) {
	otherSub := strings.Replace(hubVNet, "000000000001", "000000000002", 1)
	hubZone := "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/" + blobZone
	existing := "apiVersion: endpointgen/v1\nlocation: westeurope\ndns:\n  mode: existing\n  zone_ids:\n    " + blobZone + ": " + hubZone + "\n"
	links := func(id string) string { return "dns:\n  link_vnet_ids: [" + id + "]\n" }
	for _, tc := range []struct {
		name      string
		defaults  string
		manifests map[string]string
	}{
		{"dns.mode existing, one spoke", existing, map[string]string{"aa.yaml": workload("aa") + spokeVNet, "bb.yaml": workload("bb") + spokeVNet}},
		{"different zones, one hub", hubDNS, map[string]string{"aa.yaml": workload("aa"), "bb.yaml": keyVault("bb")}},
		{"one zone, different hubs", "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{
			"aa.yaml": workload("aa") + links(hubVNet), "bb.yaml": workload("bb") + links(strings.Replace(hubVNet, "vnet-hub", "vnet-hub2", 1))}},
		{"one hub name in two subscriptions", "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{
			"aa.yaml": workload("aa") + links(hubVNet), "bb.yaml": workload("bb") + links(otherSub)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := repo(t, tc.defaults, tc.manifests)
			workloads := filepath.Join(root, "workloads")
			for _, args := range [][]string{{"generate", workloads, "-o", filepath.Join(root, "stacks"), "-q"}, {"validate", workloads}} {
				if code, _, stderr := runCLI(t, args...); code != 0 || stderr != "" {
					t.Errorf("%s: exit %d, %q", args[0], code, stderr)
				}
			}
		})
	}
}

// TestSharedServiceNameRefused: two workloads that would create services
// of one name (unique in the cloud) are refused by generate and validate,
// nothing written; in two clouds, or of two types, the name is free.
func TestSharedServiceNameRefused(t *testing.T) {
	kv := func(name, vault string) string {
		return "apiVersion: endpointgen/v1\nname: " + name + "\npattern: private-endpoint\nservices:\n  - type: key_vault\n    name: " + vault + "\n"
	}
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{
		"aa.yaml": workload("aa"), "bb.yaml": strings.Replace(workload("bb"), "stbb01", "staa01", 1),
	})
	before := readTree(t, root)
	// Each run ends with the summary line of a run that failed.
	for _, c := range []struct {
		args    []string
		summary string
	}{
		{[]string{"generate", filepath.Join(root, "workloads"), "-o", filepath.Join(root, "stacks")}, "endpointgen: nothing was written\n"},
		{[]string{"generate", filepath.Join(root, "workloads"), "-o", filepath.Join(root, "stacks"), "--check"}, "endpointgen: no module was compared\n"},
		{[]string{"validate", filepath.Join(root, "workloads")}, "endpointgen: the 2 manifests are valid one by one, not together\n"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != 1 || !strings.Contains(stderr, "bb.yaml would both create the storage account staa01, whose name is unique in the cloud") || !strings.HasSuffix(stderr, c.summary) {
			t.Errorf("%s: exit %d, %q", c.args, code, stderr)
		}
	}
	if diff := cmp.Diff(before, readTree(t, root)); diff != "" {
		t.Errorf("something was written:\n%s", diff)
	}
	// Every refused pair is reported, each at the name in the second
	// manifest, with the first one's line.
	three := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{
		"aa.yaml": workload("aa") + "  - type: key_vault\n    name: kv-shared-01\n",
		"bb.yaml": strings.Replace(workload("bb"), "stbb01", "staa01", 1),
		"cc.yaml": workload("cc") + "  - type: key_vault\n    name: kv-shared-01\n",
	})
	w := filepath.Join(three, "workloads")
	code, _, stderr := runCLI(t, "validate", w)
	for _, want := range []string{
		filepath.Join(w, "bb.yaml") + ":6:11: " + filepath.Join(w, "aa.yaml") + " and " + filepath.Join(w, "bb.yaml") + " would both create the storage account staa01, whose name is unique",
		filepath.Join(w, "cc.yaml") + ":8:11: " + filepath.Join(w, "aa.yaml") + " and " + filepath.Join(w, "cc.yaml") + " would both create the key vault kv-shared-01",
	} {
		if code != 1 || indexAcross(stderr, want) < 0 {
			t.Errorf("two pairs: exit %d, %q; want %q", code, stderr, want)
		}
	}
	for _, want := range []string{"(the other at " + filepath.Join(w, "aa.yaml") + ":6:11).", "(the other at " + filepath.Join(w, "aa.yaml") + ":8:11).", "endpointgen: 2 problems across the manifests\n"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("two pairs: %q; want %q", stderr, want)
		}
	}
	// Another cloud, another type (of its own host names): no claim in
	// common.
	free := repo(t, "apiVersion: endpointgen/v1\n", map[string]string{
		"aa.yaml": "location: westeurope\n" + workload("aa"),
		"bb.yaml": "cloud: china\nlocation: chinanorth3\n" + strings.Replace(workload("bb"), "stbb01", "staa01", 1),
		"cc.yaml": "location: westeurope\n" + kv("cc", "staa01"),
	})
	if code, _, stderr := runCLI(t, "validate", filepath.Join(free, "workloads")); code != 0 || stderr != "" {
		t.Errorf("two clouds, two types: exit %d, %q", code, stderr)
	}
	// A Service Bus and an Event Hubs namespace share host names
	// (NAME.servicebus.windows.net): one name serves one of them.
	ns := func(name, typ string) string {
		return "apiVersion: endpointgen/v1\nname: " + name + "\npattern: private-endpoint\nservices:\n  - type: " + typ + "\n    name: ns-orders-01\n"
	}
	shared := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"aa.yaml": ns("aa", "servicebus"), "bb.yaml": ns("bb", "eventhub")})
	if code, _, stderr := runCLI(t, "validate", filepath.Join(shared, "workloads")); code != 1 || !strings.Contains(stderr, "would both create the Event Hubs namespace ns-orders-01, whose name is unique in the cloud") {
		t.Errorf("Service Bus and Event Hubs: exit %d, %q", code, stderr)
	}
}

// TestSharedResourcesBySubscription: manifests that give their
// subscription (subscription_id) are compared exactly: resources of one
// name in two subscriptions are no collision (a subscription per workload),
// in one subscription a refusal; a workload that does not say is warned
// about as before.
func TestSharedResourcesBySubscription(t *testing.T) {
	const subA, subB = "0a0b0c0d-0000-4000-8000-00000000000a", "0a0b0c0d-0000-4000-8000-00000000000b"
	in := func(name, sub string) string {
		w := workload(name)
		if sub != "" {
			w += "subscription_id: " + sub + "\n"
		}
		return w
	}
	defaults := "apiVersion: endpointgen/v1\nlocation: westeurope\nnaming:\n  resource_group: rg-network\n"
	root := repo(t, defaults, map[string]string{"aa.yaml": in("aa", subA), "bb.yaml": in("bb", subB)})
	workloads := filepath.Join(root, "workloads")
	if code, _, stderr := runCLI(t, "validate", workloads, "-q"); code != 0 || stderr != "" {
		t.Errorf("two subscriptions: exit %d, %q", code, stderr)
	}
	os.WriteFile(filepath.Join(workloads, "cc.yaml"), []byte(in("cc", subA)), 0o644)
	before := readTree(t, root)
	// At the naming template both names come from, in the repo defaults.
	at := filepath.Join(root, "endpointgen.yaml") + ":4:19: "
	want := at + filepath.Join(workloads, "aa.yaml") + " and " + filepath.Join(workloads, "cc.yaml") + " would both create the resource group rg-network and the private DNS zone " + blobZone + " in rg-network in the subscription " + subA
	for _, args := range [][]string{{"validate", workloads}, {"generate", workloads, "-o", filepath.Join(root, "stacks")}} {
		if code, _, stderr := runCLI(t, args...); code != 1 || indexAcross(stderr, want) < 0 {
			t.Errorf("%s, one subscription: exit %d, %q", args[0], code, stderr)
		}
	}
	if diff := cmp.Diff(before, readTree(t, root)); diff != "" {
		t.Errorf("something was written:\n%s", diff)
	}
	// A service of one name too: refused for it, and the rest named with
	// it, not left for the next run.
	os.WriteFile(filepath.Join(workloads, "cc.yaml"), []byte(strings.Replace(in("cc", subA), "stcc01", "staa01", 1)), 0o644)
	want = filepath.Join(workloads, "aa.yaml") + " and " + filepath.Join(workloads, "cc.yaml") + " would both create the storage account staa01, whose name is unique in the cloud (it is the first label of its host name), so the second apply would fail wherever they deploy: give one of them another name; they would also both create the resource group rg-network and the private DNS zone " + blobZone + " in rg-network in the subscription " + subA
	if code, _, stderr := runCLI(t, "validate", workloads); code != 1 || !strings.Contains(stderr, want) || strings.Count(stderr, "would both create") != 1 {
		t.Errorf("a service and more in one subscription: exit %d, %q; want %q", code, stderr, want)
	}
	os.Remove(filepath.Join(workloads, "cc.yaml"))
	os.WriteFile(filepath.Join(workloads, "dd.yaml"), []byte(in("dd", "")), 0o644)
	code, _, stderr := runCLI(t, "validate", workloads, "-q")
	if want := filepath.Join(root, "endpointgen.yaml") + ":4:19: " + filepath.Join(workloads, "aa.yaml") + " and " + filepath.Join(workloads, "dd.yaml") + " both create the resource group rg-network"; code != 0 || indexAcross(stderr, want) < 0 || strings.Count(stderr, "Warning:") != 1 {
		t.Errorf("one subscription unknown: exit %d, %q", code, stderr)
	}
}

// TestSharedLinksBySubscription: a VNet read by name in a known
// subscription and the same VNet given by ID are one VNet, and two zone
// links to one VNet fail on the VNet (one zone of a name), not on names;
// a workload that does not give its subscription is warned about with
// another that does not either, the likelier to share the credentials'.
func TestSharedLinksBySubscription(t *testing.T) {
	const s1, s2 = "11111111-0000-4000-8000-000000000001", "22222222-0000-4000-8000-000000000002"
	spokeID := "/subscriptions/" + s1 + "/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
	byName := func(name, sub string) string {
		return workload(name) + "subscription_id: " + sub + "\nnetwork:\n  vnet: {name: vnet-spoke, existing: true, resource_group: rg-network}\n  subnet: {name: snet-pe, existing: true}\n"
	}
	byID := workload("bb") + "subscription_id: " + s1 + "\nnetwork:\n  subnet: {id: " + spokeID + "/subnets/snet-pe}\n"
	defaults := "apiVersion: endpointgen/v1\nlocation: westeurope\n"
	for _, tc := range []struct {
		name      string
		manifests map[string]string
		want      string // "" for no error and no warning
	}{
		{"by name and by ID, one subscription", map[string]string{"aa.yaml": byName("aa", s1), "bb.yaml": byID},
			"would both link a private DNS zone " + blobZone + " to the virtual network"},
		{"by name and by ID, two subscriptions", map[string]string{"aa.yaml": byName("aa", s2), "bb.yaml": byID}, ""},
		{"by name twice, one subscription", map[string]string{"aa.yaml": byName("aa", s1), "cc.yaml": byName("cc", s1)},
			"would both link a private DNS zone " + blobZone + " to the virtual network vnet-spoke in rg-network, and Azure links a virtual network to one zone of a name only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := repo(t, defaults, tc.manifests)
			code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"), "-q")
			if tc.want == "" && (code != 0 || stderr != "") || tc.want != "" && (code != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "Give the zones one owner")) {
				t.Errorf("exit %d, %q", code, stderr)
			}
		})
	}

	shared := "apiVersion: endpointgen/v1\nlocation: westeurope\nnaming:\n  resource_group: rg-shared\n"
	root := repo(t, shared, map[string]string{"a.yaml": workload("a1") + "subscription_id: " + s1 + "\n", "b.yaml": workload("b1"), "c.yaml": workload("c1")})
	w := filepath.Join(root, "workloads")
	code, _, stderr := runCLI(t, "validate", w, "-q")
	// One warning: the names come from one place, the repo defaults.
	if code != 0 || strings.Count(stderr, "Warning:") != 1 || !strings.Contains(stderr, "The 3 workloads "+filepath.Join(w, "a.yaml")+", "+filepath.Join(w, "b.yaml")+" and "+filepath.Join(w, "c.yaml")+" all create the resource group rg-shared") {
		t.Errorf("warnings: exit %d, %q", code, stderr)
	}
}

// TestClaimPositionsFromIndex: a collision names the manifests as the run
// reached them, whether a module came from the module index or was built:
// from a folder beside the manifests' (../workloads/aa.yaml), not by the
// absolute path the index keeps.
func TestClaimPositionsFromIndex(t *testing.T) {
	t.Setenv("ENDPOINTGEN_MODULE_CACHE", t.TempDir())
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"aa.yaml": workload("aa")})
	t.Chdir(root)
	if code, _, stderr := runCLI(t, "generate", "workloads", "-o", "stacks", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	os.WriteFile(filepath.Join(root, "workloads", "bb.yaml"), []byte(strings.Replace(workload("bb"), "stbb01", "staa01", 1)), 0o644)
	t.Chdir(filepath.Join(root, "stacks"))
	_, _, fromIndex := runCLI(t, "generate", filepath.Join("..", "workloads"), "-o", ".", "-q")
	t.Setenv("ENDPOINTGEN_MODULE_CACHE", "off")
	_, _, built := runCLI(t, "generate", filepath.Join("..", "workloads"), "-o", ".", "-q")
	want := "(the other at " + filepath.Join("..", "workloads", "aa.yaml") + ":6:11)"
	if !strings.Contains(built, want) || fromIndex != built {
		t.Errorf("from the index:\n%s\nbuilt:\n%s\nwant both alike, with %q", fromIndex, built, want)
	}
}

// indexAcross finds in stderr the problem across manifests atMsg names
// ("FILE:LINE:COLUMN: message", the message's start): its place with
// the source line, then the message below them, as printDiags prints a
// manifest's. It returns where the message's start ends, or -1.
func indexAcross(stderr, atMsg string) int {
	m := regexp.MustCompile(`^(.*?:\d+:\d+): (.*)$`).FindStringSubmatch(strings.TrimSuffix(atMsg, "\n"))
	if m == nil {
		return -1
	}
	place := "\n  on " + m[1] + ":\n"
	i := strings.Index(stderr, place)
	if i < 0 {
		return -1
	}
	// The source line (by its number), a blank line, then the message.
	rest := stderr[i+len(place):]
	line := regexp.MustCompile(`:(\d+):\d+$`).FindStringSubmatch(m[1])[1]
	if !strings.HasPrefix(strings.TrimLeft(rest, " "), line+": ") {
		return -1
	}
	_, after, ok := strings.Cut(rest, "\n\n")
	msg := strings.TrimSuffix(m[2], "\n")
	if !ok || !strings.HasPrefix(after, msg) {
		return -1
	}
	return len(stderr) - len(after) + len(msg)
}

// TestOneWarningPerPlace: workloads that may collide on names one naming
// template of the repo defaults gives them all are warned about once, at
// the template, naming every workload, not once per pair (the landing-zone
// example with resource_group: "rg-{{ .Location }}" gave 18 warnings).
func TestOneWarningPerPlace(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(landingZone)); err != nil {
		t.Fatal(err)
	}
	defaults := filepath.Join(root, "endpointgen.yaml")
	src, _ := os.ReadFile(defaults)
	shared := strings.Replace(string(src), `resource_group: "rg-{{ .Name }}-{{ .Location }}"`, `resource_group: "rg-{{ .Location }}"`, 1)
	if shared == string(src) {
		t.Fatal("the landing zone's resource_group template changed; update this test")
	}
	os.WriteFile(defaults, []byte(shared), 0o644)
	code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"), "-q")
	if code != 0 || strings.Count(stderr, "Warning:") != 1 || !strings.Contains(stderr, "Warning: Two workloads may create one resource\n\n  on "+defaults+":30:19:") ||
		!strings.Contains(stderr, "The 19 workloads ") || !strings.Contains(stderr, " all create the resource group rg-westeurope: if they deploy to one subscription, every apply after the first fails") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}
