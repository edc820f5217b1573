package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A spoke workload's subnet in the hub workload's VNet (existing: true)
// must lie in the address space the hub's manifest gives: outside it, or
// once the hub drops the range it is in, one of the two applies fails.
// Both in one known subscription is refused; without subscriptions, a
// warning; in two known ones, two networks, nothing.
func TestSubnetsInSharedVNets(t *testing.T) {
	const sub, other = "0a0b0c0d-0000-4000-8000-00000000000a", "0a0b0c0d-0000-4000-8000-00000000000b"
	hub := func(space, sub string) string {
		return "apiVersion: endpointgen/v1\nname: hub\nlocation: westeurope\npattern: private-endpoint\nresource_group:\n  name: rg-hub\n" +
			"network:\n  vnet:\n    name: vnet-shared\n    address_space: " + space + "\n  subnet:\n    address_prefixes: [10.0.1.0/24]\n" +
			"services:\n  - type: storage\n    name: sthub01\n" + sub
	}
	spoke := func(prefixes, sub string) string {
		return "apiVersion: endpointgen/v1\nname: spoke\nlocation: westeurope\npattern: private-endpoint\n" +
			"network:\n  vnet:\n    name: VNET-shared\n    existing: true\n    resource_group: rg-hub\n  subnet:\n    name: snet-spoke\n    address_prefixes: " + prefixes + "\n" +
			"dns:\n  mode: policy\nservices:\n  - type: storage\n    name: stspoke01\n" + sub
	}
	subOf := func(s string) string {
		if s == "" {
			return ""
		}
		return "subscription_id: " + s + "\n"
	}
	for _, tc := range []struct {
		name, space, prefixes, hubSub, spokeSub string
		code                                    int
		want                                    string
	}{
		{"inside", "[10.0.0.0/16, 10.1.0.0/16]", "[10.1.1.0/24]", sub, sub, 0, ""},
		{"the range taken, one subscription", "[10.0.0.0/16]", "[10.1.1.0/24]", sub, sub, 1,
			"WORKLOADS/spoke.yaml:12:23: WORKLOADS/spoke.yaml creates the subnet snet-spoke of the virtual network VNET-shared in rg-hub with 10.1.1.0/24, outside the address space WORKLOADS/hub.yaml gives that network (10.0.0.0/16): Azure refuses a subnet outside its network's range, and takes no range from a network while a subnet is in it; give the subnet prefixes in that space, or add its range to the network's address_space (at WORKLOADS/hub.yaml:10:20)\n"},
		{"partly outside", "[10.0.0.0/16]", "[10.0.2.0/24, 10.1.1.0/24]", sub, sub, 1, "in rg-hub with 10.1.1.0/24, outside"},
		{"no subscription given", "[10.0.0.0/16]", "[10.1.1.0/24]", "", "", 0, "WORKLOADS/spoke.yaml:12:23: If they deploy to one subscription, WORKLOADS/spoke.yaml creates"},
		{"two subscriptions", "[10.0.0.0/16]", "[10.1.1.0/24]", sub, other, 0, ""},
	} {
		root := repo(t, "apiVersion: endpointgen/v1\n", map[string]string{"hub.yaml": hub(tc.space, subOf(tc.hubSub)), "spoke.yaml": spoke(tc.prefixes, subOf(tc.spokeSub))})
		workloads := filepath.Join(root, "workloads")
		want := strings.ReplaceAll(tc.want, "WORKLOADS", workloads)
		runAcross(t, tc.name, root, tc.code, want, "")
		if _, err := os.Stat(filepath.Join(root, "stacks")); (err == nil) != (tc.code == 0) {
			t.Errorf("%s: stacks written: %v", tc.name, err)
		}
		// And annotated at the subnet's prefixes, refused or a warning.
		if want != "" {
			t.Setenv(annotateVar, "github")
			severity := map[int]string{0: "warning", 1: "error"}[tc.code]
			file := strings.NewReplacer(":", "%3A", ",", "%2C").Replace(filepath.ToSlash(filepath.Join(workloads, "spoke.yaml")))
			if _, _, stderr := runCLI(t, "validate", workloads, "-q"); !strings.Contains(stderr, "::"+severity+" file="+file+",line=12,col=23,") {
				t.Errorf("%s: not annotated:\n%s", tc.name, stderr)
			}
			t.Setenv(annotateVar, "")
		}
	}
}

// TestEveryProblemAcross: a run reports every problem across its
// manifests, not only the first check's: two workloads creating one
// storage account and a subnet outside its network's range are both
// printed, and counted, also beside a manifest that is invalid alone; a
// warning across them is counted apart.
func TestEveryProblemAcross(t *testing.T) {
	const sub = "subscription_id: 0a0b0c0d-0000-4000-8000-00000000000a\n"
	hub := "apiVersion: endpointgen/v1\nname: hub\nlocation: westeurope\npattern: private-endpoint\n" + sub + "resource_group:\n  name: rg-hub\n" +
		"network:\n  vnet:\n    name: vnet-shared\n    address_space: [10.0.0.0/16]\n  subnet:\n    address_prefixes: [10.0.1.0/24]\n" +
		"services:\n  - type: storage\n    name: stshared01\n"
	spoke := "apiVersion: endpointgen/v1\nname: spoke\nlocation: westeurope\npattern: private-endpoint\n" + sub +
		"network:\n  vnet:\n    name: vnet-shared\n    existing: true\n    resource_group: rg-hub\n  subnet:\n    name: snet-spoke\n    address_prefixes: [10.1.1.0/24]\n" +
		"dns:\n  mode: policy\nservices:\n  - type: storage\n    name: stshared01\n"
	// Beside a manifest invalid on its own, reported too, and checked
	// with no other (it claims nothing).
	broken := "apiVersion: endpointgen/v1\nname: Broken\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stshared01\n"
	// A warning across them, counted apart: a subnet overlapping the
	// hub's, if it deploys to the hub's subscription (it names none).
	other := "apiVersion: endpointgen/v1\nname: other\nlocation: westeurope\npattern: private-endpoint\n" +
		"network:\n  vnet:\n    name: vnet-shared\n    existing: true\n    resource_group: rg-hub\n  subnet:\n    name: snet-other\n    address_prefixes: [10.0.1.128/25]\n" +
		"dns:\n  mode: policy\nservices:\n  - type: storage\n    name: stother01\n"
	root := repo(t, "apiVersion: endpointgen/v1\n", map[string]string{"hub.yaml": hub, "spoke.yaml": spoke, "broken.yaml": broken, "other.yaml": other})
	workloads := filepath.Join(root, "workloads")
	for _, args := range [][]string{{"validate", workloads, "-q"}, {"generate", workloads, "-o", filepath.Join(root, "stacks"), "-q"}} {
		code, _, stderr := runCLI(t, args...)
		summary := map[string]string{"validate": "endpointgen: 1 of 4 manifests invalid; 2 problems across the manifests, and 1 warning\n",
			"generate": "endpointgen: 2 problems across the manifests, and 1 warning\nendpointgen: nothing was written\n"}[args[0]]
		if code != 1 || !strings.Contains(stderr, "Error: Two workloads would create one resource\n") ||
			!strings.Contains(stderr, "Error: Subnet outside its network's address space\n") ||
			!strings.Contains(stderr, "Error: Invalid name\n") || !strings.HasSuffix(stderr, summary) ||
			!strings.Contains(stderr, "Warning: Overlapping subnets") ||
			strings.Count(stderr, "Error: Two workloads would create one resource\n") != 1 {
			t.Errorf("%s: exit %d, %q", args[0], code, stderr)
		}
	}
}

// TestOverlappingSubnets: two workloads' subnets in one virtual network
// (the hub's, or one neither creates; its name in any letter case) must
// not overlap, or the second apply fails. In one known subscription
// refused, at the later subnet's prefixes, naming the other's; without
// subscriptions a warning; in two known ones, or apart, nothing; two of
// one name are one resource, reported as such and not as an overlap.
func TestOverlappingSubnets(t *testing.T) {
	const sub, other = "0a0b0c0d-0000-4000-8000-00000000000a", "0a0b0c0d-0000-4000-8000-00000000000b"
	subOf := func(s string) string {
		if s == "" {
			return ""
		}
		return "subscription_id: " + s + "\n"
	}
	hub := func(sub string) string {
		return "apiVersion: endpointgen/v1\nname: hub\nlocation: westeurope\npattern: private-endpoint\n" + subOf(sub) + "resource_group:\n  name: rg-hub\n" +
			"network:\n  vnet:\n    name: vnet-shared\n    address_space: [10.0.0.0/16]\n  subnet:\n    name: snet-hub\n    address_prefixes: [10.0.1.0/24]\n" +
			"services:\n  - type: storage\n    name: sthub01\n"
	}
	spoke := func(name, vnet, subnet, prefixes, sub string) string {
		return "apiVersion: endpointgen/v1\nname: " + name + "\nlocation: westeurope\npattern: private-endpoint\n" + subOf(sub) +
			"network:\n  vnet:\n    name: " + vnet + "\n    existing: true\n    resource_group: rg-hub\n  subnet:\n    name: " + subnet + "\n    address_prefixes: " + prefixes + "\n" +
			"dns:\n  mode: policy\nservices:\n  - type: storage\n    name: st" + name + "01\n"
	}
	const refused = "WORKLOADS/spoke.yaml:13:23: WORKLOADS/spoke.yaml creates the subnet snet-spoke of the virtual network VNET-Shared in rg-hub with a range that overlaps the subnet snet-hub that WORKLOADS/hub.yaml creates there (10.0.1.128/25 overlaps 10.0.1.0/24; its prefixes at WORKLOADS/hub.yaml:14:23): Azure refuses a subnet whose range overlaps another's in its network, so the second apply fails; give one of them prefixes no other subnet of the network has.\n"
	for _, tc := range []struct {
		name      string
		manifests map[string]string
		code      int
		want      string
	}{
		{"inside the hub's, one subscription", map[string]string{"hub.yaml": hub(sub), "spoke.yaml": spoke("spoke", "VNET-Shared", "snet-spoke", "[10.0.1.128/25]", sub)}, 1, refused},
		{"apart", map[string]string{"hub.yaml": hub(sub), "spoke.yaml": spoke("spoke", "vnet-shared", "snet-spoke", "[10.0.2.0/25]", sub)}, 0, ""},
		{"no subscription given", map[string]string{"hub.yaml": hub(""), "spoke.yaml": spoke("spoke", "VNET-Shared", "snet-spoke", "[10.0.1.128/25]", "")}, 0,
			"WORKLOADS/spoke.yaml:12:23: If they deploy to one subscription, WORKLOADS/spoke.yaml creates the subnet snet-spoke"},
		{"two subscriptions", map[string]string{"hub.yaml": hub(sub), "spoke.yaml": spoke("spoke", "vnet-shared", "snet-spoke", "[10.0.1.128/25]", other)}, 0, ""},
		// Two spokes in a network neither creates.
		{"two spokes", map[string]string{"a.yaml": spoke("spa", "vnet-shared", "snet-a", "[10.0.8.0/24, 10.0.9.0/24]", sub), "b.yaml": spoke("spb", "vnet-shared", "snet-b", "[10.0.9.64/26]", sub)}, 1,
			"WORKLOADS/b.yaml:13:23: WORKLOADS/b.yaml creates the subnet snet-b of the virtual network vnet-shared in rg-hub with a range that overlaps the subnet snet-a that WORKLOADS/a.yaml creates there (10.0.9.64/26 overlaps 10.0.9.0/24; its prefixes at WORKLOADS/a.yaml:13:23)"},
		{"one subnet, two workloads", map[string]string{"a.yaml": spoke("spa", "vnet-shared", "snet-x", "[10.0.8.0/24]", sub), "b.yaml": spoke("spb", "vnet-shared", "snet-x", "[10.0.8.0/24]", sub)}, 1,
			"Two workloads would create one resource"},
	} {
		root := repo(t, "apiVersion: endpointgen/v1\n", tc.manifests)
		want := strings.ReplaceAll(tc.want, "WORKLOADS", filepath.Join(root, "workloads"))
		unwanted := ""
		if tc.name == "one subnet, two workloads" {
			unwanted = "Overlapping subnets in one network"
		}
		runAcross(t, tc.name, root, tc.code, want, unwanted)
	}
}

// runAcross runs validate and generate over the workloads of the repo
// root, and checks each exits with code and prints want (a problem across
// manifests, FILE:LINE:COLUMN: message, read as indexAcross does, or any
// text), nothing when want is "", and never unwanted.
func runAcross(t *testing.T, name, root string, code int, want, unwanted string) {
	t.Helper()
	workloads := filepath.Join(root, "workloads")
	for _, args := range [][]string{{"validate", workloads, "-q"}, {"generate", workloads, "-o", filepath.Join(root, "stacks"), "-q"}} {
		got, _, stderr := runCLI(t, args...)
		found := strings.Contains(stderr, want)
		if strings.HasPrefix(want, workloads) {
			found = indexAcross(stderr, want) >= 0
		}
		if got != code || (want == "") != (stderr == "") || !found || (unwanted != "" && strings.Contains(stderr, unwanted)) {
			t.Errorf("%s, %s: exit %d, %q; want %d, %q", name, args[0], got, stderr, code, want)
		}
	}
}
