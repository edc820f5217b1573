package main

import (
	"fmt"
	"os"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/spf13/cobra"
)

// validateOptions are the arguments of endpointgen validate.
type validateOptions struct {
	manifests []string
	defaults  string // --defaults FILE: the repo defaults every manifest inherits
}

func newValidateCmd(s streams, runF func(*validateOptions) error) *cobra.Command {
	opts := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate MANIFEST|MANIFEST_DIR...",
		Short: "Check manifests and report every problem with its file, line and column",
		Args:  cobra.MinimumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			opts.manifests = args
			if runF != nil {
				return runF(opts)
			}
			return runValidate(s, opts)
		}),
	}
	cmd.Flags().StringVar(&opts.defaults, "defaults", "", "repo defaults file every manifest inherits (default: the nearest "+manifest.RepoDefaultsFile+" in the manifest's folder or above, up to the repository root)")
	_ = cmd.MarkFlagFilename("defaults", "yaml", "yml")
	return cmd
}

func runValidate(s streams, opts *validateOptions) error {
	// A directory stands for the manifests generate would read in it,
	// each with the stack folder generate would give it.
	var all []*job
	for _, name := range opts.manifests {
		if st, err := os.Stat(name); err == nil && st.IsDir() {
			jobs, err := jobs(&generateOptions{manifest: name, outDir: "."})
			if err != nil {
				return &exitError{exitFail, err.Error()}
			}
			all = append(all, jobs...)
			continue
		}
		all = append(all, &job{manifest: name})
	}
	defaults := newRepoDefaults(opts.defaults)
	failed := 0
	for _, j := range all {
		name := j.manifest
		src, err := os.ReadFile(name)
		if err == nil {
			j.defaults, err = defaults.forManifest(s.err, name)
		}
		if err != nil {
			fmt.Fprintf(s.err, "endpointgen: %v\n", err)
			failed++
			continue
		}
		gopts := generator.Options{Defaults: j.defaults, Stack: j.stack}
		m, diags := generator.Load(src, name, gopts)
		if !diags.HasErrors() {
			_, more := generator.Build(m, name, gopts)
			diags = append(diags, more...)
		}
		if printDiags(s.err, diags, map[string][]byte{name: src}) {
			failed++
			continue
		}
		j.backend = m.Backend
		if len(diags) > 0 {
			fmt.Fprintf(s.out, "%s: valid, with %d warning(s)\n", name, len(diags))
			continue
		}
		fmt.Fprintf(s.out, "%s: valid\n", name)
	}
	if failed > 0 {
		return &exitError{exitFail, fmt.Sprintf("%d of %d manifests invalid", failed, len(all))}
	}
	if err := sharedState(all); err != nil {
		return &exitError{exitFail, err.Error()}
	}
	return nil
}
