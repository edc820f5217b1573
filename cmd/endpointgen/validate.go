package main

import (
	"bytes"
	"errors"
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
	quiet     bool   // print problems and a summary line only
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
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "print only problems and one summary line, not a line per manifest")
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
	prog := newProgress(s, "validating", len(all))
	defer prog.clear()
	for _, j := range all {
		if !validateOne(s, j, defaults, opts.quiet, prog) {
			failed++
		}
		prog.step()
	}
	prog.clear()
	if failed > 0 {
		return &exitError{exitFail, fmt.Sprintf("%d of %d manifests invalid", failed, len(all))}
	}
	if err := sharedState(all); err != nil {
		return &exitError{exitFail, err.Error()}
	}
	if opts.quiet || len(all) > 1 {
		fmt.Fprintf(s.out, "%d manifest%s valid\n", len(all), plural(len(all)))
	}
	return nil
}

// validateOne checks the manifest of j with the repo defaults it inherits,
// prints its problems and, unless quiet, that it is valid; false when it
// is not. The progress line is cleared before anything is printed.
func validateOne(s streams, j *job, defaults *repoDefaults, quiet bool, prog *progress) bool {
	var problems bytes.Buffer
	defer func() {
		if problems.Len() > 0 {
			prog.clear()
			s.err.Write(problems.Bytes())
		}
	}()
	name := j.manifest
	src, err := os.ReadFile(name)
	if err == nil {
		j.defaults, err = defaults.forManifest(&problems, name)
	}
	if err != nil {
		// An invalid defaults file is reported for the first manifest
		// that inherits it, not for each.
		var invalid *defaultsInvalidError
		if !errors.As(err, &invalid) || !invalid.again {
			fmt.Fprintf(&problems, "endpointgen: %v\n", err)
		}
		return false
	}
	m, diags := generator.Validate(src, name, generator.Options{Defaults: j.defaults})
	if printDiags(&problems, diags, map[string][]byte{name: src}) {
		return false
	}
	j.backend = m.Backend
	if quiet {
		return true
	}
	prog.clear()
	if len(diags) > 0 {
		fmt.Fprintf(s.out, "%s: valid, with %d warning(s)\n", name, len(diags))
	} else {
		fmt.Fprintf(s.out, "%s: valid\n", name)
	}
	return true
}

// plural is the "s" of a count other than one.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
