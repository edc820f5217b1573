package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The phases of a migration from service endpoints to private endpoints,
// in order. Doing it in one apply drops traffic while DNS catches up
// (pitfalls.md #24), so each phase is its own reviewed apply:
//   - add: private endpoints, DNS zones, links and zone groups beside the
//     existing network rules; nothing removed.
//   - cutover: public network access disabled, VNet and IP rules dropped.
//   - cleanup: the service endpoints removed from the subnet.
const (
	PhaseAdd     = "add"
	PhaseCutover = "cutover"
	PhaseCleanup = "cleanup"
)

// Phases lists the migration phases in order.
var Phases = []string{PhaseAdd, PhaseCutover, PhaseCleanup}

// migrationPattern is one phase of the move from the service-endpoint
// pattern to the private-endpoint pattern. Every resource keeps the address
// both patterns give it, so no phase replaces a service, subnet or VNet and
// no moved block is needed; the private endpoints go into the workload
// subnet ("Private endpoints can be created in subnets that use Service
// Endpoints", storage-private-endpoints, Microsoft Learn). After cleanup the
// module is exactly what the private-endpoint pattern generates.
type migrationPattern struct{ phase string }

func (p migrationPattern) serviceEndpoints(w *workload) []string {
	if p.phase == PhaseCleanup {
		return nil
	}
	return serviceEndpointPattern{}.serviceEndpoints(w)
}

func (p migrationPattern) firewall(w *workload, svc Service) firewall {
	if p.phase == PhaseAdd {
		return serviceEndpointPattern{}.firewall(w, svc)
	}
	return privateEndpointPattern{}.firewall(w, svc)
}

func (migrationPattern) files(w *workload) []*hclFile { return privateEndpointPattern{}.files(w) }

func (migrationPattern) outputs(w *workload, svc Service) []output {
	return privateEndpointPattern{}.outputs(w, svc)
}

// PhaseChecklist is what to verify after applying a phase, before the next.
func PhaseChecklist(phase string) []string {
	switch phase {
	case PhaseAdd:
		return []string{
			"terraform apply this phase; nothing is removed. Both paths work: clients switch to a private endpoint as soon as their DNS answers with its address, the others keep the service endpoint.",
			"From a VM in the VNet, each service's host name resolves to a private address through its privatelink CNAME, e.g. `nslookup <account>.blob.core.windows.net` answers 10.x.x.x.",
			"Every sub-resource clients use has an endpoint (blob, file, queue, table, dfs, web are separate): one without an endpoint loses access at cutover.",
			"Clients outside the VNet that must keep access (on-premises, other spokes) resolve the same names to the private addresses (DNS forwarding of the privatelink zones).",
			"Then run the cutover phase.",
		}
	case PhaseCutover:
		return []string{
			"Before applying: every client reaches the private endpoints (the public IP ranges the rules allowed lose access; the README names them).",
			"terraform apply this phase: public network access is disabled and the VNet and IP rules are gone.",
			"Applications work over the private endpoints: watch errors (403, connection refused) for a full business cycle.",
			"`az resource show --ids <service ID> --query properties.publicNetworkAccess` says Disabled.",
			"Then run the cleanup phase.",
		}
	case PhaseCleanup:
		return []string{
			"Before applying: nothing else in these subnets relies on the service endpoints. A resource of the same service outside this module that admits the subnets by a VNet rule refuses their traffic once the endpoint is gone.",
			"terraform apply this phase: the service endpoints leave the subnets. The migration is complete.",
		}
	}
	return nil
}

// CheckPhaseOrder refuses a phase whose predecessor is not in the
// configuration in dir: cutover needs every private endpoint the add phase
// creates, and cleanup needs public network access already disabled. files
// are the phase's generated files; the private endpoints and public-access
// settings they hold are looked up in dir's .tf files by address.
func CheckPhaseOrder(dir, phase string, files Files) error {
	if phase == PhaseAdd {
		return nil
	}
	current, err := blocksIn(dir)
	if err != nil {
		return err
	}
	wanted, err := blocksOf(files)
	if err != nil {
		return err
	}
	var missing []string
	for addr, b := range wanted {
		switch {
		case strings.HasPrefix(addr, "azurerm_private_endpoint."):
			if current[addr] == nil {
				missing = append(missing, addr)
			}
		case phase == PhaseCleanup && b.Body.Attributes["public_network_access_enabled"] != nil:
			if cur := current[addr]; cur == nil || exprText(cur, "public_network_access_enabled") != "false" {
				missing = append(missing, addr+" with public_network_access_enabled = false")
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	prev := PhaseAdd
	if phase == PhaseCleanup {
		prev = PhaseCutover
	}
	sort.Strings(missing)
	return fmt.Errorf("the %s phase needs the %s phase in %s first, and applied; missing: %s", phase, prev, dir, strings.Join(missing, ", "))
}

// blocksIn parses every .tf file directly in dir and returns its resource
// blocks by address; a missing dir has none.
func blocksIn(dir string) (map[string]*hclsyntax.Block, error) {
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	var files Files
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		files = append(files, File{Name: p, Bytes: b})
	}
	return blocksOf(files)
}

func blocksOf(files Files) (map[string]*hclsyntax.Block, error) {
	out := map[string]*hclsyntax.Block{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".tf") {
			continue
		}
		parsed, diags := hclsyntax.ParseConfig(f.Bytes, f.Name, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("parsing %s: %s", f.Name, diags.Error())
		}
		for _, b := range parsed.Body.(*hclsyntax.Body).Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 {
				out[b.Labels[0]+"."+b.Labels[1]] = b
			}
		}
	}
	return out, nil
}

// exprText is "true" or "false" for a block's boolean literal attribute,
// "?" for any other expression, "" if absent.
func exprText(b *hclsyntax.Block, name string) string {
	a := b.Body.Attributes[name]
	if a == nil {
		return ""
	}
	if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "bool" {
		if v.True() {
			return "true"
		}
		return "false"
	}
	return "?"
}
