package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

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
		Long: `validate checks workload manifests (a folder stands for the manifests generate
reads in it), each with the repo defaults it inherits, and then what they create
together, and reports every problem with its file, line and column. A repo
defaults file named (endpointgen.yaml) is checked as one: its own fields.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("validate takes the manifests to check, or folders of them: endpointgen validate workloads")
			}
			return nil
		},
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
	var defaultsFiles []string
	for _, name := range opts.manifests {
		st, err := os.Stat(name)
		isDir, defaultsName := err == nil && st.IsDir(), manifest.IsRepoDefaultsName(filepath.Base(name))
		switch {
		case isDir && defaultsName:
			return &exitError{exitFail, name + " is a folder, not a repo defaults file: the repo defaults are the file " + manifest.RepoDefaultsFile}
		case isDir:
			jobs, err := jobs(&generateOptions{manifest: name, outDir: "."})
			if err != nil {
				return &exitError{exitFail, err.Error()}
			}
			all = append(all, jobs...)
		case defaultsName:
			// A repo defaults file named is checked as one, after an edit.
			defaultsFiles = append(defaultsFiles, name)
		default:
			all = append(all, &job{manifest: name})
		}
	}
	// A file named twice (or also in a folder named) is checked once.
	seen := map[string]bool{}
	once := func(path string) bool {
		key := path
		if abs, err := filepath.Abs(path); err == nil {
			key = abs
		}
		first := !seen[key]
		seen[key] = true
		return first
	}
	all = slices.DeleteFunc(all, func(j *job) bool { return !once(j.manifest) })
	defaultsFiles = slices.DeleteFunc(defaultsFiles, func(file string) bool { return !once(file) })
	// Each manifest is read and given its repo defaults in order (a
	// defaults file is loaded, and its problems reported, once: a named
	// one first), then the manifests are checked in parallel, and what
	// each found is printed in manifest order.
	defaults := newRepoDefaults(opts.defaults)
	var badDefaults []string
	for _, file := range defaultsFiles {
		if !validateDefaults(s, defaults, file, opts.quiet) {
			badDefaults = append(badDefaults, file)
		}
	}
	invalidDefaults := ""
	if len(badDefaults) > 0 {
		verb := "are"
		if len(badDefaults) == 1 {
			verb = "is"
		}
		invalidDefaults = fmt.Sprintf("the repo defaults file%s %s %s invalid", plural(len(badDefaults)), strings.Join(badDefaults, ", "), verb)
	}
	if len(all) == 0 {
		if invalidDefaults != "" {
			return &exitError{exitFail, invalidDefaults}
		}
		return nil
	}
	results := make([]validated, len(all))
	srcs := make([][]byte, len(all))
	for i, j := range all {
		srcs[i] = readForValidation(&results[i], j, defaults)
	}
	prog := newProgress(s, "validating", len(all))
	defer prog.clear()
	newMemoryBudget(len(all))
	inParallel(len(all), func(i int) {
		if results[i].ok {
			results[i].check(all[i], srcs[i], opts.quiet)
		}
		prog.step()
	})
	prog.clear()
	failed, forDefaults := 0, 0
	for _, r := range results {
		s.err.Write(r.problems.Bytes())
		fmt.Fprint(s.out, r.line)
		if !r.ok {
			failed++
		}
		if r.badDefaults {
			forDefaults++
		}
	}
	if failed > 0 {
		msg := fmt.Sprintf("%d of %d manifest%s invalid", failed, len(all), plural(len(all)))
		switch {
		case invalidDefaults != "":
			// Named, and said to be invalid, below.
		case forDefaults == failed:
			msg += ", for the invalid repo defaults they inherit"
		case forDefaults > 0:
			msg += fmt.Sprintf(" (%d for the invalid repo defaults they inherit)", forDefaults)
		}
		// The valid ones are checked together all the same (an invalid
		// one claims nothing), so that one run says all there is.
		if err := acrossManifests(s.err, all); err != nil {
			msg += "; " + err.Error()
		}
		if invalidDefaults != "" {
			msg += "; " + invalidDefaults
		}
		return &exitError{exitFail, msg}
	}
	if invalidDefaults != "" {
		return &exitError{exitFail, invalidDefaults}
	}
	// Each manifest is valid alone by now (and said so): the summary says
	// that together they are not.
	together := fmt.Sprintf("\nendpointgen: the %d manifests are valid one by one, not together", len(all))
	if err := acrossManifests(s.err, all); err != nil {
		return &exitError{exitFail, err.Error() + together}
	}
	if opts.quiet || len(all) > 1 {
		fmt.Fprintf(s.out, "%d manifest%s valid\n", len(all), plural(len(all)))
	}
	return nil
}

// validated is what checking one manifest found.
type validated struct {
	problems bytes.Buffer // for stderr
	line     string       // for stdout: "NAME: valid", unless quiet
	ok       bool
	// badDefaults: the manifest was not checked, for the invalid repo
	// defaults file it inherits.
	badDefaults bool
}

// readForValidation reads the manifest of j and sets the repo defaults it
// inherits, and r.ok; nil, with the problem written to r.problems, when
// either fails.
func readForValidation(r *validated, j *job, defaults *repoDefaults) []byte {
	src, err := os.ReadFile(j.manifest)
	if err == nil {
		j.defaults, err = defaults.forManifest(&r.problems, j.manifest)
	}
	if err != nil {
		// An invalid defaults file is reported for the first manifest
		// that inherits it, not for each.
		var invalid *defaultsInvalidError
		r.badDefaults = errors.As(err, &invalid)
		if !r.badDefaults || !invalid.again {
			fmt.Fprintf(&r.problems, "endpointgen: %v\n", err)
		}
		return nil
	}
	r.ok = true
	return src
}

// check validates src, the manifest of j, with its repo defaults.
func (r *validated) check(j *job, src []byte, quiet bool) {
	m, diags := generator.Validate(src, j.manifest, generator.Options{Defaults: j.defaults})
	if printDiags(&r.problems, diags, map[string][]byte{j.manifest: src}) {
		r.ok = false
		return
	}
	j.backend, j.claims = m.Backend, m.Claims()
	switch {
	case quiet:
	case len(diags) > 0:
		r.line = fmt.Sprintf("%s: valid, with %d warning%s\n", j.manifest, len(diags), plural(len(diags)))
	default:
		r.line = fmt.Sprintf("%s: valid\n", j.manifest)
	}
}

// plural is the "s" of a count other than one.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// validateDefaults checks file as a repo defaults file on its own (the
// rules of its fields; what it gives each workload is checked with the
// workload), printing what it finds; false when it has an error.
func validateDefaults(s streams, defaults *repoDefaults, file string, quiet bool) bool {
	// Named otherwise (endpointgen.yml), or beside such a file, it is
	// refused as generate refuses it.
	if _, err := manifest.FindRepoDefaults(filepath.Dir(file)); err != nil {
		fmt.Fprintf(s.err, "endpointgen: %v\n", err)
		return false
	}
	_, warnings, err := defaults.load(s.err, file)
	var invalid *defaultsInvalidError
	if errors.As(err, &invalid) {
		return false
	}
	if err != nil {
		fmt.Fprintf(s.err, "endpointgen: %v\n", err)
		return false
	}
	switch {
	case quiet:
	case warnings > 0:
		fmt.Fprintf(s.out, "%s: valid repo defaults, with %d warning%s\n", file, warnings, plural(warnings))
	default:
		fmt.Fprintf(s.out, "%s: valid repo defaults\n", file)
	}
	return true
}
