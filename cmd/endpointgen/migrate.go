package main

import (
	"fmt"
	"strings"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/spf13/cobra"
)

// migrateOptions are the flags of endpointgen migrate.
type migrateOptions struct {
	generate generateOptions // -f MANIFEST -o DIR: a workload endpointgen generates
	phase    string
}

func newMigrateCmd(s streams, runF func(*migrateOptions) error) *cobra.Command {
	opts := &migrateOptions{}
	cmd := &cobra.Command{
		Use:   "migrate -f MANIFEST --phase add|cutover|cleanup -o DIR",
		Short: "Move a workload from service endpoints to private endpoints in three safe phases",
		Long: `migrate moves a service-endpoint workload to private endpoints without downtime,
one reviewed apply per phase:

  add      private endpoints, DNS zones, links and zone groups beside the
           existing network rules; nothing is removed
  cutover  public network access disabled, VNet and IP rules dropped
  cleanup  the service endpoints removed from the subnet

With -f MANIFEST (a pattern: service-endpoint manifest) it writes the phase's
module into DIR, like generate: every resource keeps its address, and after
cleanup the module is what pattern: private-endpoint generates. A phase refuses
to run before its predecessor is in DIR. Each phase prints what to verify
before the next. --check and --diff write nothing.`,
		Example: "  endpointgen migrate -f examples/migrate-inventory/manifest.yaml --phase add -o out/inventory",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !contains(generator.Phases, opts.phase) {
				return fmt.Errorf("--phase must be one of %s", strings.Join(generator.Phases, ", "))
			}
			opts.generate.phase = opts.phase
			if runF != nil {
				return runF(opts)
			}
			return runMigrate(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.generate.manifest, "file", "f", "", "service-endpoint manifest of a workload endpointgen generates")
	f.StringVarP(&opts.generate.outDir, "out", "o", "", "directory holding the workload's generated module")
	f.StringVar(&opts.phase, "phase", "", "migration phase: "+strings.Join(generator.Phases, ", "))
	f.BoolVar(&opts.generate.force, "force", false, "overwrite files in DIR that endpointgen did not generate")
	f.BoolVar(&opts.generate.check, "check", false, "write nothing; list missing, stale and extra files and exit 3 if there are any")
	f.BoolVar(&opts.generate.diff, "diff", false, "write nothing; print a unified diff of what would change (exit 3 if anything would)")
	_ = cmd.MarkFlagRequired("phase")
	_ = cmd.MarkFlagRequired("file")
	_ = cmd.MarkFlagRequired("out")
	cmd.MarkFlagsMutuallyExclusive("check", "diff")
	return cmd
}

func runMigrate(s streams, opts *migrateOptions) error {
	if err := runGenerate(s, &opts.generate); err != nil {
		return err
	}
	if !opts.generate.check && !opts.generate.diff {
		printChecklist(s, opts.phase)
	}
	return nil
}

func printChecklist(s streams, phase string) {
	fmt.Fprintf(s.out, "\nPhase %s written. Before the next phase:\n", phase)
	for _, item := range generator.PhaseChecklist(phase) {
		fmt.Fprintf(s.out, "  - %s\n", item)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
