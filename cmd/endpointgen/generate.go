package main

import (
	"fmt"
	"os"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/spf13/cobra"
)

// generateOptions are the flags of endpointgen generate.
type generateOptions struct {
	manifest  string
	outDir    string
	force     bool
	check     bool   // write nothing; exit 3 when DIR differs
	diff      bool   // write nothing; print a unified diff
	phase     string // a migration phase (endpointgen migrate -f)
	templates string // directory of templates overriding the embedded ones
}

func newGenerateCmd(s streams, runF func(*generateOptions) error) *cobra.Command {
	opts := &generateOptions{}
	cmd := &cobra.Command{
		Use:   "generate [-f] MANIFEST -o DIR",
		Short: "Write the Terraform root module of a workload manifest",
		Long: `generate reads a workload manifest and writes its Terraform root module into DIR.

Nothing is written when the manifest has an error. Files in DIR that endpointgen
did not generate (they lack its "DO NOT EDIT" header) are never overwritten
unless --force is given; files it generated earlier that the manifest no longer
produces are deleted.

--check and --diff write nothing: they compare DIR with what would be
generated and exit 3 when they differ, for CI and pre-commit hooks.`,
		Example: "  endpointgen generate -f examples/payments-private-endpoint/manifest.yaml -o out/payments",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 1 && opts.manifest != "":
				return fmt.Errorf("give the manifest once: either -f %s or %s", opts.manifest, args[0])
			case len(args) == 1:
				opts.manifest = args[0]
			case opts.manifest == "":
				return fmt.Errorf("no manifest: give one with -f MANIFEST")
			}
			if opts.outDir == "" {
				return fmt.Errorf("no output directory: give one with -o DIR")
			}
			if runF != nil {
				return runF(opts)
			}
			return runGenerate(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.manifest, "file", "f", "", "workload manifest (YAML) to read")
	cmd.Flags().StringVarP(&opts.outDir, "out", "o", "", "directory to write the root module into")
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite files in DIR that endpointgen did not generate")
	cmd.Flags().StringVar(&opts.templates, "templates", "", "directory whose *.tmpl files replace the embedded templates of the same name")
	cmd.Flags().BoolVar(&opts.check, "check", false, "write nothing; list missing, stale and extra files and exit 3 if there are any")
	cmd.Flags().BoolVar(&opts.diff, "diff", false, "write nothing; print a unified diff of what would change (exit 3 if anything would)")
	_ = cmd.MarkFlagRequired("out")
	cmd.MarkFlagsMutuallyExclusive("check", "diff")
	return cmd
}

func runGenerate(s streams, opts *generateOptions) error {
	src, err := os.ReadFile(opts.manifest)
	if err != nil {
		return &exitError{exitFail, fmt.Sprintf("reading manifest: %v", err)}
	}
	gopts := generator.Options{Phase: opts.phase}
	if opts.templates != "" {
		if st, err := os.Stat(opts.templates); err != nil || !st.IsDir() {
			return &exitError{exitFail, fmt.Sprintf("--templates %s is not a directory", opts.templates)}
		}
		gopts.Templates = os.DirFS(opts.templates)
	}
	files, diags := generator.Generate(src, opts.manifest, gopts)
	if printDiags(s.err, diags, opts.manifest, src) {
		return &exitError{code: exitFail}
	}
	if opts.phase != "" {
		if err := generator.CheckPhaseOrder(opts.outDir, opts.phase, files); err != nil {
			return &exitError{exitFail, err.Error()}
		}
	}
	changes, err := generator.Plan(opts.outDir, files, opts.force)
	if err != nil {
		return &exitError{exitFail, err.Error()}
	}
	if opts.check || opts.diff {
		drift := generator.Drift(changes)
		if opts.diff {
			fmt.Fprint(s.out, generator.Diff(opts.outDir, changes))
		} else {
			for _, d := range drift {
				fmt.Fprintln(s.out, d)
			}
		}
		if len(drift) > 0 {
			return &exitError{exitDrift, fmt.Sprintf("%s is not up to date with %s (%d of its files differ); run the same command without --check or --diff to update it", opts.outDir, opts.manifest, len(drift))}
		}
		fmt.Fprintf(s.out, "%s is up to date\n", opts.outDir)
		return nil
	}
	if err := generator.Apply(opts.outDir, changes); err != nil {
		return &exitError{exitFail, err.Error()}
	}
	counts := map[generator.ChangeKind]int{}
	for _, c := range changes {
		counts[c.Kind]++
		if c.Kind != generator.Unchanged {
			fmt.Fprintf(s.out, "%-9s %s\n", c.Kind, c.Name)
		}
	}
	fmt.Fprintf(s.out, "%s: %d created, %d changed, %d deleted, %d unchanged\n", opts.outDir,
		counts[generator.Created], counts[generator.Changed], counts[generator.Deleted], counts[generator.Unchanged])
	return nil
}
