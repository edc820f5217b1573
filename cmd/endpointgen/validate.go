package main

import (
	"fmt"
	"os"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/spf13/cobra"
)

// validateOptions are the arguments of endpointgen validate.
type validateOptions struct {
	manifests []string
}

func newValidateCmd(s streams, runF func(*validateOptions) error) *cobra.Command {
	opts := &validateOptions{}
	return &cobra.Command{
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
}

func runValidate(s streams, opts *validateOptions) error {
	// A directory stands for the manifests generate would read in it.
	var names []string
	for _, name := range opts.manifests {
		if st, err := os.Stat(name); err == nil && st.IsDir() {
			paths, err := manifestsIn(name)
			if err != nil {
				return &exitError{exitFail, err.Error()}
			}
			names = append(names, paths...)
			continue
		}
		names = append(names, name)
	}
	opts.manifests = names
	failed := 0
	for _, name := range opts.manifests {
		src, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(s.err, "endpointgen: reading manifest: %v\n", err)
			failed++
			continue
		}
		diags := generator.Validate(src, name)
		if printDiags(s.err, diags, map[string][]byte{name: src}) {
			failed++
			continue
		}
		if len(diags) > 0 {
			fmt.Fprintf(s.out, "%s: valid, with %d warning(s)\n", name, len(diags))
			continue
		}
		fmt.Fprintf(s.out, "%s: valid\n", name)
	}
	if failed > 0 {
		return &exitError{exitFail, fmt.Sprintf("%d of %d manifests invalid", failed, len(opts.manifests))}
	}
	return nil
}
