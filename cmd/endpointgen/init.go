package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/endpointgen/endpointgen/generator/scaffold"
	"github.com/spf13/cobra"
)

// initOptions are the arguments of endpointgen init.
type initOptions struct {
	dir   string
	ci    scaffold.CI
	force bool
}

func newInitCmd(s streams, runF func(*initOptions) error) *cobra.Command {
	opts := &initOptions{}
	var ci string // parsed into opts when the command runs
	cmd := &cobra.Command{
		Use:   "init DIR [--ci github|azure-pipelines|gitlab]",
		Short: "Create a landing-zone repository: defaults, sample workloads, their stacks, CI",
		Long: `init writes a new landing-zone repository into DIR (created if missing):

  endpointgen.yaml           the defaults every manifest inherits
  workloads/*.yaml           one sample manifest per pattern
  stacks/                    their generated stacks (generate workloads -o stacks)
  CI pipeline                validate, generate --check, and per stack terraform
                             fmt, init -backend=false, validate and test
  .pre-commit-config.yaml    the same checks before each commit
  .gitignore, .editorconfig, README.md

The new repository is up to date: generate workloads -o stacks --check passes
(manifests workloads/ held before init need generate first; init lists them).
--ci picks the pipeline: github (.github/workflows/endpointgen.yml, the
default), azure-pipelines (azure-pipelines.yml) or gitlab (.gitlab-ci.yml).

DIR may hold files already, but none that init would write: if any exists,
init lists them and writes nothing, unless --force is given. init never
deletes a file.`,
		Example: "  endpointgen init landing-zone\n  endpointgen init . --ci azure-pipelines",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("init takes one directory, the new repository's (for this one: endpointgen init .); got %d arguments", len(args))
			}
			return nil
		},
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.ci, err = scaffold.ParseCI(ci); err != nil {
				return usageErrorf("--ci: %v", err)
			}
			opts.dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runInit(s, opts)
		}),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
	}
	cmd.Flags().StringVar(&ci, "ci", string(scaffold.GitHub), "CI system to write a pipeline for: "+scaffold.CINames())
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite files in DIR that init would write")
	cis := make([]string, len(scaffold.CIs))
	for i, c := range scaffold.CIs {
		cis[i] = string(c)
	}
	completeValues(cmd, "ci", cis...)
	return cmd
}

func runInit(s streams, opts *initOptions) error {
	if st, err := os.Stat(opts.dir); err == nil && !st.IsDir() {
		return &exitError{exitFail, fmt.Sprintf("%s is a file, not a directory", opts.dir)}
	}
	files, err := generator.Scaffold(scaffold.Options{CI: opts.ci, Version: buildVersion()})
	if err != nil {
		return &exitError{exitFail, err.Error()}
	}
	changes, err := outdir.WriteTree(opts.dir, files, opts.force)
	var exists *outdir.ExistsError
	if errors.As(err, &exists) {
		fmt.Fprintf(s.err, "endpointgen: %s already holds files init would write:\n", opts.dir)
		for _, f := range exists.Files {
			fmt.Fprintf(s.err, "  %s\n", f)
		}
		return &exitError{exitFail, "nothing was written; move them away, or pass --force to overwrite them"}
	}
	if err != nil {
		return &exitError{exitFail, err.Error()}
	}
	counts := map[outdir.ChangeKind]int{}
	for _, c := range changes {
		counts[c.Kind]++
		if c.Kind != outdir.Unchanged {
			fmt.Fprintf(s.out, "%-9s %s\n", c.Kind, filepath.Join(opts.dir, filepath.FromSlash(c.Name)))
		}
	}
	fmt.Fprintf(s.out, "%s: %d created, %d changed, %d unchanged\n", opts.dir, counts[outdir.Created], counts[outdir.Changed], counts[outdir.Unchanged])
	// Manifests that were there before have no stacks yet: say so now,
	// not when CI's --check lists their files as missing.
	if own := ownManifests(opts.dir, files); len(own) > 0 {
		fmt.Fprintf(s.out, "\n%s already held manifests, which have no stacks yet (generate --check fails until generate writes them): %s\n",
			filepath.Join(opts.dir, "workloads"), strings.Join(own, ", "))
	}
	// The pipeline runs on main and is read from the repository's root:
	// a repository whose branch is named otherwise (git's default may be
	// master), or whose root is above DIR, runs none of it.
	commit := "and commit. "
	switch root, ok := gitRoot(opts.dir); {
	case !ok:
		commit = "then make it a Git repository on the branch main, where the pipelines run, and commit:\n  git init -b main && git add -A && git commit -m \"endpointgen init\"\n"
	case !sameFolder(root, opts.dir):
		commit += fmt.Sprintf("Note: %s is inside the Git repository at %s, whose CI reads its pipeline from that root, not from %s: the pipeline and its paths take %s for the root, so make it a repository of its own.\n", opts.dir, root, opts.dir, opts.dir)
	default:
		if branch := headBranch(root); branch != "" && branch != "main" {
			commit += fmt.Sprintf("Note: the repository's branch is %s, and the pipeline runs on main: rename the branch (git branch -m %s main), or change main in the pipeline.\n", branch, branch)
		}
	}
	fmt.Fprintf(s.out, `
Next: edit endpointgen.yaml and the sample manifests in workloads/ (or replace
them with your own), then run, in %s:
  endpointgen generate workloads -o stacks
%sREADME.md explains the workflow, CI, the defaults and remote state.
`, opts.dir, commit)
	return nil
}

// gitRoot is dir or the folder above it that holds .git, the root of its
// Git repository.
func gitRoot(dir string) (string, bool) {
	dir, err := filepath.Abs(dir)
	for err == nil {
		if _, statErr := os.Lstat(filepath.Join(dir, ".git")); statErr == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
	return "", false
}

// headBranch is the branch checked out in the repository at root, "" where
// .git/HEAD does not name one (a detached HEAD, a worktree's .git file).
func headBranch(root string) string {
	head, err := os.ReadFile(filepath.Join(root, ".git", "HEAD"))
	if err != nil {
		return ""
	}
	branch, ok := strings.CutPrefix(strings.TrimSpace(string(head)), "ref: refs/heads/")
	if !ok {
		return ""
	}
	return branch
}

// ownManifests lists the manifests in dir's workloads/ folder that init did
// not write.
func ownManifests(dir string, written outdir.Files) []string {
	workloads := filepath.Join(dir, "workloads")
	if _, err := os.Stat(workloads); err != nil {
		return nil
	}
	all, err := manifestsIn(workloads)
	if err != nil {
		return nil
	}
	var own []string
	for _, path := range all {
		rel, err := filepath.Rel(dir, path)
		if err == nil && !slices.ContainsFunc(written, func(f outdir.File) bool { return f.Name == filepath.ToSlash(rel) }) {
			own = append(own, path)
		}
	}
	return own
}
