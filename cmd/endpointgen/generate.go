package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/migrate"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

// generateOptions are the flags of endpointgen generate.
type generateOptions struct {
	manifest  string
	outDir    string
	force     bool
	check     bool           // write nothing; exit 3 when DIR differs
	diff      bool           // write nothing; print a unified diff
	phase     manifest.Phase // a migration phase (endpointgen migrate -f)
	templates string         // directory of templates overriding the embedded ones
	noTests   bool           // leave out tests/posture.tftest.hcl
	prune     bool           // delete generated stacks whose manifest is gone
	defaults  string         // --defaults FILE: the repo defaults every manifest inherits
	quiet     bool           // print problems and a summary line only
}

func newGenerateCmd(s streams, runF func(*generateOptions) error) *cobra.Command {
	opts := &generateOptions{}
	cmd := &cobra.Command{
		Use:   "generate [-f] MANIFEST|MANIFEST_DIR -o DIR",
		Short: "Write the Terraform root module of a workload manifest",
		Long: `generate reads a workload manifest and writes its Terraform root module into DIR.

Nothing is written when the manifest has an error. Files in DIR that endpointgen
did not generate (they lack its "DO NOT EDIT" header) are never overwritten
unless --force is given; files it generated earlier that the manifest no longer
produces are deleted.

--check and --diff write nothing: they compare DIR with what would be
generated (tests/ included) and exit 3 when they differ, for CI and
pre-commit hooks.

The module ships tests/posture.tftest.hcl: terraform test (Terraform 1.11 or
newer) plans it against a mocked azurerm provider, offline, and asserts the
security posture the manifest promises. --no-tests leaves it out (and deletes
one generated earlier).

Given a directory of manifests (a landing-zone repo), it writes one root
module per *.yaml or *.yml file below it into DIR/<its path without the
extension> (workloads/team-a/app.yaml -o stacks: stacks/team-a/app), and
nothing at all unless every manifest is valid. A generated module whose
manifest is gone is reported; --prune deletes it.`,
		Example: "  endpointgen generate -f examples/payments-private-endpoint/manifest.yaml -o out/payments",
		Args:    cobra.MaximumNArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if err := checkOrDiff(cmd); err != nil {
				return err
			}
			switch {
			case len(args) == 1 && opts.manifest != "":
				return usageErrorf("give the manifest once: either -f %s or %s", opts.manifest, args[0])
			case len(args) == 1:
				opts.manifest = args[0]
			case opts.manifest == "":
				return usageErrorf("no manifest: give one with -f MANIFEST")
			}
			if opts.outDir == "" {
				return usageErrorf("no output directory: give one with -o DIR")
			}
			if runF != nil {
				return runF(opts)
			}
			return runGenerate(s, opts)
		}),
		ValidArgsFunction: manifestCompletion,
	}
	cmd.Flags().StringVarP(&opts.manifest, "file", "f", "", "workload manifest (YAML) to read")
	cmd.Flags().StringVarP(&opts.outDir, "out", "o", "", "directory to write the root module into")
	cmd.Flags().BoolVar(&opts.force, "force", false, "overwrite files in DIR that endpointgen did not generate")
	cmd.Flags().StringVar(&opts.templates, "templates", "", "directory whose *.tmpl files replace the embedded templates of the same name")
	cmd.Flags().BoolVar(&opts.check, "check", false, "write nothing; list missing, stale and extra files and exit 3 if there are any")
	cmd.Flags().BoolVar(&opts.diff, "diff", false, "write nothing; print a unified diff of what would change (exit 3 if anything would)")
	cmd.Flags().BoolVar(&opts.prune, "prune", false, "with a directory of manifests: delete the generated modules in DIR whose manifest is gone")
	cmd.Flags().BoolVar(&opts.noTests, "no-tests", false, "leave out tests/posture.tftest.hcl, the terraform test of the module's security posture")
	cmd.Flags().StringVar(&opts.defaults, "defaults", "", "repo defaults file every manifest inherits (default: the nearest "+manifest.RepoDefaultsFile+" in the manifest's folder or above, up to the repository root)")
	_ = cmd.MarkFlagFilename("defaults", "yaml", "yml")
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "print only problems, drift and one summary line, not a line per file and module")
	_ = cmd.MarkFlagFilename("file", "yaml", "yml")
	_ = cmd.MarkFlagDirname("out")
	_ = cmd.MarkFlagDirname("templates")
	return cmd
}

// manifestCompletion completes a manifest argument: YAML files or a
// directory of them.
func manifestCompletion(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

// job is one workload to write: its manifest and its output directory.
type job struct {
	manifest, outDir string
	stack            string                 // the folder below -o, in directory mode
	defaults         *manifest.RepoDefaults // what the manifest inherits; nil for none
	changes          []outdir.Change
	foreign          []string          // files of changes endpointgen did not generate
	backend          *manifest.Backend // its remote state, nil for local
	claims           []manifest.Claim  // the Azure resources it creates, for sharedResources
	workload         string            // its name, where the run built its module
	backendFile      []byte            // the backend.tf it writes, where it built one
}

// jobs lists the workloads of a run: the manifest itself, or with a
// directory of manifests, each *.yaml / *.yml (any case) below it, written
// to DIR/<its path without the extension>: workloads/team-a/app.yaml goes
// to DIR/team-a/app. Two manifests that would write one folder (app.yaml
// and app.yml, App.yaml and app.yaml) are refused, naming both.
func jobs(opts *generateOptions) ([]*job, error) {
	st, err := os.Stat(opts.manifest)
	if err != nil {
		return nil, fmt.Errorf("reading manifest: %w", err)
	}
	if !st.IsDir() {
		return []*job{{manifest: opts.manifest, outDir: opts.outDir}}, nil
	}
	if opts.phase != manifest.PhaseNone {
		return nil, fmt.Errorf("migrate takes one manifest, not the directory %s", opts.manifest)
	}
	paths, err := manifestsIn(opts.manifest)
	if err != nil {
		return nil, err
	}
	var out []*job
	seen := map[string]string{} // lower-case stack → manifest
	for _, p := range paths {
		rel, _ := filepath.Rel(opts.manifest, p)
		stack := strings.TrimSuffix(rel, filepath.Ext(rel))
		if other, dup := seen[strings.ToLower(stack)]; dup {
			return nil, fmt.Errorf("%s and %s would both write %s: rename one (folders differing only in letter case are one folder on some systems)", other, p, filepath.Join(opts.outDir, stack))
		}
		seen[strings.ToLower(stack)] = p
		out = append(out, &job{manifest: p, outDir: filepath.Join(opts.outDir, stack), stack: filepath.ToSlash(stack)})
	}
	// A module inside another's folder would take that module's tests/ (or
	// main.tf) for its own, and the two would delete each other's files.
	for _, j := range out {
		for dir := filepath.Dir(j.stack); dir != "."; dir = filepath.Dir(dir) {
			if parent, ok := seen[strings.ToLower(filepath.FromSlash(dir))]; ok {
				return nil, fmt.Errorf("%s would write its module inside the module of %s (%s): move one of them so that no workload's folder is inside another's", j.manifest, parent, filepath.Join(opts.outDir, dir))
			}
		}
	}
	return out, nil
}

// sameFolder reports whether a and b name one folder (b need not exist).
func sameFolder(a, b string) bool {
	if sa, err := os.Stat(a); err == nil {
		if sb, err := os.Stat(b); err == nil {
			return os.SameFile(sa, sb)
		}
	}
	return false
}

// manifestsIn lists the manifests below dir, sorted: files ending in .yaml
// or .yml in any letter case, hidden directories and files (.github/,
// .pre-commit-config.yaml) and repo defaults files (endpointgen.yaml)
// skipped.
func manifestsIn(dir string) ([]string, error) {
	var out []string
	root := dir
	if st, err := os.Lstat(dir); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		root += string(filepath.Separator) // a symlinked folder is read through
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != root && strings.HasPrefix(d.Name(), "."):
			return fs.SkipDir
		case !d.IsDir() && strings.HasPrefix(d.Name(), "."):
			// A tool's configuration, not a workload.
		case !d.IsDir() && filepath.Base(path) == manifest.RepoDefaultsFile:
			// The repo defaults of this folder, not a workload.
		case !d.IsDir() && manifest.IsRepoDefaultsName(d.Name()):
			// What to do depends on the files beside and above it, as
			// where a manifest's defaults are looked up.
			if _, err := manifest.FindRepoDefaults(filepath.Dir(path)); err != nil {
				return err
			}
			return fmt.Errorf("%s: rename it to %s, the one name the repo defaults are read from", path, manifest.RepoDefaultsFile)
		case !d.IsDir():
			if ext := strings.ToLower(filepath.Ext(path)); ext == ".yaml" || ext == ".yml" {
				out = append(out, path)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading manifests: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no *.yaml or *.yml manifests", dir)
	}
	sort.Strings(out)
	return out, nil
}

// runGenerate generates every job and writes nothing until all of them are
// valid and planned, so one bad manifest in a landing-zone repo leaves every
// module as it was.
func runGenerate(s streams, opts *generateOptions) error {
	gopts := generator.Options{Phase: opts.phase, NoTests: opts.noTests}
	if opts.templates != "" {
		if st, err := os.Stat(opts.templates); err != nil || !st.IsDir() {
			return &exitError{exitFail, fmt.Sprintf("--templates %s is not a directory", opts.templates)}
		}
		gopts.Templates, gopts.TemplatesDir = os.DirFS(opts.templates), opts.templates
		// Read once: what the modules are built from is what the module
		// index keys them by, whatever changes in the folder meanwhile.
		if snapshot, ok := snapshotTemplates(opts.templates); ok {
			gopts.Templates = snapshot
		}
	}
	// While the manifests and their repo defaults are found and read
	// (mostly waiting on the filesystem), the second core makes the
	// template sets: a user's parsed, the embedded ones from the trees
	// parsed since process start (templates.Trees), each with sprig's
	// functions.
	go generator.Prepare(gopts)
	// And the module index is found and read (the running binary's build
	// ID, the index file) while the manifests are.
	indexOpened := make(chan *moduleIndex, 1)
	go func() { indexOpened <- openModuleIndex(opts, gopts.Templates) }()
	openedIndex := sync.OnceValue(func() *moduleIndex { return <-indexOpened })
	defer openedIndex() // not left reading after a run that stops early
	if st, err := os.Stat(opts.outDir); err == nil && !st.IsDir() {
		return &exitError{exitFail, fmt.Sprintf("-o %s is a file: -o names the folder to write the module into", opts.outDir)}
	}
	all, err := jobs(opts)
	if err != nil {
		return &exitError{exitFail, err.Error() + "; nothing was written"}
	}
	if all[0].stack != "" {
		// -o the manifests' folder, or a module's folder that is it
		// (generate payments -o . for payments/payments.yaml).
		dirs := []string{opts.outDir}
		for _, j := range all {
			dirs = append(dirs, j.outDir)
		}
		for _, dir := range dirs {
			if sameFolder(opts.manifest, dir) {
				return usageErrorf("-o %s would write modules into %s, the folder of the manifests: the modules go into a folder of their own (-o stacks), not among the manifests", opts.outDir, dir)
			}
		}
	}
	if opts.prune && all[0].stack == "" {
		return usageErrorf("--prune goes with a directory of manifests, not the one manifest %s", opts.manifest)
	}
	// The index first: the listings for misnamed defaults files that
	// forManifest starts (see repoDefaults.background) would otherwise run
	// before it, on the core the run waits on.
	index := openedIndex()
	// The repo defaults files' diagnostics wait with them until the
	// lookup stands (misnamed): a file that a misnamed one may shadow is
	// not reported on.
	defaults := newRepoDefaults(opts.defaults)
	defaults.background = true
	var defaultsDiags bytes.Buffer
	for _, j := range all {
		if j.defaults, err = defaults.forManifest(&defaultsDiags, j.manifest); err != nil {
			if misnamed := defaults.misnamed(); misnamed != nil {
				err = misnamed
			} else {
				s.err.Write(defaultsDiags.Bytes())
			}
			return &exitError{exitFail, err.Error() + "; nothing was written"}
		}
	}
	// Workloads are generated and planned in parallel; what each reports
	// is kept and printed in manifest order, so the output is the same
	// however the work was scheduled.
	results := make([]planned, len(all))
	prog := newProgress(s, "generating", len(all))
	if opts.check || opts.diff {
		prog.verb = "checking"
	}
	defer prog.clear()
	budget := newMemoryBudget(len(all))
	inParallel(len(all), func(i int) {
		results[i] = planJob(all[i], gopts, opts, index)
		budget.keep(results[i].changes)
		prog.step()
	})
	prog.clear()
	if err := defaults.misnamed(); err != nil {
		return &exitError{exitFail, err.Error() + "; nothing was written"}
	}
	s.err.Write(defaultsDiags.Bytes())
	entries := map[string]indexEntry{}
	for _, r := range results {
		if r.entry != nil && r.key != "" {
			entries[r.key] = *r.entry
		}
	}
	// Saved while the modules are written (a few tens of milliseconds at
	// a thousand modules): the index says only what to hash next time, so
	// it need not wait for them.
	saved := make(chan struct{})
	go func() { defer close(saved); index.save(entries) }()
	defer func() { <-saved }()
	failed := false
	for i, j := range all {
		s.err.Write(results[i].stderr.Bytes())
		if results[i].fatal != nil {
			return results[i].fatal
		}
		failed = failed || results[i].failed
		j.changes, j.foreign, j.backend, j.claims = results[i].changes, results[i].foreign, results[i].backend, results[i].claims
		j.workload, j.backendFile = results[i].workload, results[i].backendFile
	}
	// A run that stops here ends with one line, also after workloads
	// refused together.
	stopped := "nothing was written"
	if opts.check || opts.diff {
		stopped = "no module was compared"
	}
	// The valid manifests are checked together even where another
	// failed (an invalid one claims nothing), so that one run says all
	// there is.
	if err := acrossManifests(s.err, all); err != nil {
		return &exitError{exitFail, err.Error() + "\nendpointgen: " + stopped}
	}
	if failed {
		return &exitError{exitFail, stopped}
	}
	orphans, err := orphanedStacks(opts, all)
	if err != nil {
		return &exitError{exitFail, err.Error()}
	}
	if err := movedWorkloads(all, orphans); err != nil {
		return &exitError{exitFail, err.Error() + "\nendpointgen: " + stopped}
	}
	for i := range results {
		s.err.Write(results[i].applyNotes.Bytes())
	}

	// A directory of manifests ends with one summary line, however many
	// it holds.
	dirMode := all[0].stack != ""
	if opts.check || opts.diff {
		return reportDrift(s, opts, all, orphans, dirMode)
	}
	return writeModules(s, opts, all, orphans, dirMode, prog)
}

// keptAfterPrune says, with --quiet too, what a pruned stack's folder still
// holds (endpointgen deletes only the files it generated), above all a
// local Terraform state: the only record of what the module created in
// Azure, which stays there.
func keptAfterPrune(w io.Writer, dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return
	}
	var names []string
	state := false
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			name += "/"
		}
		names = append(names, name)
		state = state || strings.HasPrefix(e.Name(), "terraform.tfstate")
	}
	msg := fmt.Sprintf("endpointgen: warning: %s was pruned and keeps what endpointgen did not generate there: %s", dir, strings.Join(names, ", "))
	if state {
		msg += "; its terraform.tfstate still records what the module created in Azure, which stays there: keep it until those resources are destroyed (restore the module's files, from version control, and run terraform destroy in this folder) or managed elsewhere"
	}
	fmt.Fprintln(w, msg)
}

// reportDrift prints, for --check and --diff, how the modules and the
// orphaned stacks differ from what the manifests generate: exit 3 when
// any does.
func reportDrift(s streams, opts *generateOptions, all []*job, orphans []string, dirMode bool) error {
	drifted := 0
	for _, o := range orphans {
		fmt.Fprintf(s.out, "orphan %s: a generated module without a manifest; generate --prune deletes it\n", o)
		drifted++
	}
	for _, j := range all {
		drift := outdir.Drift(j.changes)
		if opts.diff {
			fmt.Fprint(s.out, outdir.Diff(j.outDir, j.changes))
			for _, name := range j.foreign {
				fmt.Fprintf(s.err, "endpointgen: %s: endpointgen did not generate it (it lacks the header), and generate overwrites it only with --force\n", filepath.Join(j.outDir, name))
			}
		} else {
			for _, d := range drift {
				// "stale storage.tf" → "stale DIR/storage.tf"
				word, name, _ := strings.Cut(d, " ")
				if slices.Contains(j.foreign, name) {
					fmt.Fprintf(s.out, "foreign %s: endpointgen did not generate it (it lacks the header), and generate overwrites it only with --force\n", prefixed(dirMode, j.outDir, name))
					continue
				}
				fmt.Fprintf(s.out, "%s %s\n", word, prefixed(dirMode, j.outDir, name))
			}
		}
		if len(drift) > 0 {
			drifted++
		} else if !opts.quiet || !dirMode {
			fmt.Fprintf(s.out, "%s is up to date\n", j.outDir)
		}
	}
	if drifted > 0 {
		// Without --prune, the command that updates the modules keeps
		// the orphans, so say what deletes them.
		fix := "run the same command without --check or --diff to update them"
		if len(orphans) > 0 {
			fix = "run the same command with --prune instead of --check or --diff to update them and delete the orphans"
		}
		if slices.ContainsFunc(all, func(j *job) bool { return len(j.foreign) > 0 }) {
			fix += " (and --force to overwrite the files endpointgen did not generate, once they are moved away or no longer needed)"
		}
		if drifted == len(orphans) {
			// Every module of a manifest is up to date: only the orphans
			// differ, which nothing updates.
			what, their := fmt.Sprintf("%d generated modules have", drifted), "their"
			if drifted == 1 {
				what, their = "1 generated module has", "its"
			}
			return &exitError{exitDrift, fmt.Sprintf("%s no manifest (every other module is up to date): run the same command with --prune instead of --check or --diff to delete %s generated files; what %s Terraform state manages stays in Azure", what, their, their)}
		}
		what := "are not up to date"
		if drifted == 1 {
			what = "is not up to date"
			fix = strings.Replace(fix, "to update them", "to update it", 1)
		}
		return &exitError{exitDrift, fmt.Sprintf("%d of %s %s; %s", drifted, modules(len(all)+len(orphans)), what, fix)}
	}
	if dirMode {
		verb := "are"
		if len(all) == 1 {
			verb = "is"
		}
		fmt.Fprintf(s.out, "%s %s up to date\n", modules(len(all)), verb)
	}
	return nil
}

// writeModules writes the planned modules and deletes (with --prune) the
// orphaned stacks, reporting in manifest order.
func writeModules(s streams, opts *generateOptions, all []*job, orphans []string, dirMode bool, prog *progress) error {
	var sum moduleCounts
	for _, o := range orphans {
		if !opts.prune {
			fmt.Fprintf(s.err, "endpointgen: %s is a generated module without a manifest; generate --prune deletes its files, not what its Terraform state manages in Azure (terraform destroy in it first, if that should go)\n", o)
			continue
		}
		changes, err := outdir.Plan(o, nil, false)
		if err == nil {
			err = outdir.Apply(o, changes)
		}
		if err == nil {
			err = outdir.RemoveEmpty(o, opts.outDir)
		}
		if err != nil {
			return &exitError{exitFail, err.Error()}
		}
		sum.pruned++
		if !opts.quiet {
			fmt.Fprintf(s.out, "pruned    %s (%d generated files deleted; what its state manages stays in Azure)\n", o, len(changes))
		}
		keptAfterPrune(s.err, o)
	}
	// Modules are written in parallel too (each one whole or not at all,
	// as outdir.Apply does), and reported in manifest order; a module that
	// fails stops the report there, naming it.
	prog.restart("writing")
	applied := make([]error, len(all))
	inParallel(len(all), func(i int) {
		applied[i] = outdir.Apply(all[i].outDir, all[i].changes)
		prog.step()
	})
	prog.clear()
	for i, j := range all {
		if err := applied[i]; err != nil {
			return &exitError{exitFail, err.Error()}
		}
		sum.add(j.changes)
		if !opts.quiet || !dirMode {
			printChanges(s, j, dirMode, opts.quiet)
		}
	}
	if dirMode {
		fmt.Fprintln(s.out, sum)
	}
	return nil
}

// printChanges prints what writing a job changed: a line per file created,
// changed or deleted (unless quiet), then the module's counts.
func printChanges(s streams, j *job, dirMode, quiet bool) {
	counts := map[outdir.ChangeKind]int{}
	for _, c := range j.changes {
		counts[c.Kind]++
		if c.Kind != outdir.Unchanged && !quiet {
			fmt.Fprintf(s.out, "%-9s %s\n", c.Kind, prefixed(dirMode, j.outDir, c.Name))
		}
	}
	fmt.Fprintf(s.out, "%s: %d created, %d changed, %d deleted, %d unchanged\n", j.outDir,
		counts[outdir.Created], counts[outdir.Changed], counts[outdir.Deleted], counts[outdir.Unchanged])
}

// prefixed names a file with its module directory in a run over a
// directory of manifests (however many it holds: a repository of one
// workload says which stack too), not in one of a manifest given by -f.
func prefixed(dirMode bool, dir, name string) string {
	if !dirMode {
		return name
	}
	return filepath.Join(dir, name)
}

// planned is what generating and planning one job gave.
type planned struct {
	changes []outdir.Change
	key     string      // the manifest's entry in the module index
	entry   *indexEntry // what to remember of it; nil: nothing
	backend *manifest.Backend
	claims  []manifest.Claim
	// workload is the manifest's name where it was built (not taken
	// from the module index: then its module is there already), and
	// backendFile the backend.tf it writes.
	workload    string
	backendFile []byte
	foreign     []string     // --check, --diff: files to write that endpointgen did not generate
	stderr      bytes.Buffer // its diagnostics, printed in job order
	// What applying the module would replace, destroy or close, printed
	// in job order after every workload's diagnostics, and only by a run
	// that goes on to write or compare the modules: a run refused is not
	// applied, and its refusal is not to be buried under them.
	applyNotes bytes.Buffer
	failed     bool  // a problem reported in stderr: write nothing
	fatal      error // stop the run
}

// planJob generates one workload and plans its output directory.
func planJob(j *job, gopts generator.Options, opts *generateOptions, index *moduleIndex) (p planned) {
	src, err := os.ReadFile(j.manifest)
	if err != nil {
		p.fatal = &exitError{exitFail, fmt.Sprintf("reading manifest: %v", err)}
		return p
	}
	// An unchanged manifest whose module is as it generated last time
	// needs no building (see moduleIndex).
	p.key = index.key(j.manifest, src, j.defaults)
	if e, ok := index.lookup(p.key); ok && outdir.UpToDate(j.outDir, e.Sums) {
		for _, name := range slices.Sorted(maps.Keys(e.Sums)) {
			p.changes = append(p.changes, outdir.Change{Name: name, Kind: outdir.Unchanged})
		}
		p.backend, p.claims, p.entry = e.Backend, claimsAt(e.Claims, asNamed(j.manifest, j.defaults)), &e
		return p
	}
	gopts.Defaults = j.defaults
	m, diags := generator.Load(src, j.manifest, gopts)
	var files outdir.Files
	if !diags.HasErrors() {
		var more hcl.Diagnostics
		files, more = generator.Build(m, j.manifest, gopts)
		diags = append(diags, more...)
	}
	if printDiags(&p.stderr, diags, map[string][]byte{j.manifest: src}) {
		p.failed = true
		return p
	}
	p.backend, p.claims, p.workload = m.Backend, m.Claims(), m.Name
	for _, f := range files {
		if f.Name == "backend.tf" {
			p.backendFile = f.Bytes
		}
	}
	if len(diags) == 0 {
		p.entry = &indexEntry{Sums: outdir.SumsOf(files), Backend: p.backend, Claims: p.claims}
	}
	p.changes, err = outdir.Plan(j.outDir, files, opts.force)
	var foreign *outdir.OwnershipError
	if errors.As(err, &foreign) && (opts.check || opts.diff) {
		// Nothing is written: a file of the user's where a generated
		// one belongs is a difference to report, beside the others and
		// the other modules', not a reason to compare nothing.
		p.changes, err = outdir.Plan(j.outDir, files, true)
		for _, c := range p.changes {
			if c.Old != nil && !outdir.IsGenerated(c.Old) {
				p.foreign = append(p.foreign, c.Name)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(&p.stderr, "endpointgen:", err)
		p.failed, p.entry = true, nil
		return p
	}
	// The phase a module is for: --phase of migrate -f, else the
	// manifest's migration.phase.
	// A module of the other azurerm major is compared with this manifest's
	// module built for that major: the move itself replaces nothing, and
	// what else the manifest changes is seen as within one major.
	comparable, pinned := generator.Comparable(m, j.manifest, gopts, p.changes)
	if err := migrate.CheckOrder(j.outDir, m.Phase, files, comparable); err != nil {
		p.fatal, p.entry = &exitError{exitFail, err.Error()}, nil
	}
	// Outside a migration (whose phases refuse it), a manifest change may
	// well mean to replace something; say what, before it is applied. DNS
	// records moved to other zones are said in a phase too, and refused at
	// cutover, the worst time for clients to lose the private address.
	risks, err := generator.Risks(comparable)
	if err != nil && p.fatal == nil {
		// A file of the module there that does not parse (edited by hand).
		fmt.Fprintf(&p.applyNotes, "endpointgen: warning: what applying %s as generated now would replace or destroy was not compared: %v; read terraform plan before applying it\n", j.outDir, err)
	}
	if err == nil && p.fatal == nil {
		if m.Phase != manifest.PhaseNone {
			// The phases refuse replacements; they close access without
			// creating endpoints.
			risks.Replaced, risks.Closed = nil, nil
		}
		if pinned != "" {
			fmt.Fprintf(&p.applyNotes, "endpointgen: warning: the module in %s pins azurerm %s, and this one azurerm %s: what else the change replaces or destroys is said as if it stayed on azurerm %s. Run terraform init -upgrade (the lock file names azurerm %s) and read terraform plan: see \"Moving a workload to azurerm 5\" in endpointgen's README\n",
				j.outDir, pinned, m.Provider, pinned, pinned)
		} else if risks.OtherMajor {
			fmt.Fprintf(&p.applyNotes, "endpointgen: warning: the module in %s pins another azurerm major: what applying this one would replace or destroy is not compared (the same resources are written with other arguments), so read terraform plan before applying it\n", j.outDir)
		}
		if len(risks.Replaced) > 0 {
			lost := ""
			if risks.LosesData {
				lost = " (a service replaced or deleted loses its data)"
			}
			fmt.Fprintf(&p.applyNotes, "endpointgen: warning: applying %s as generated now makes Terraform destroy or replace what the module there has%s:\n  - %s\n"+
				"  If that is not meant, set back what the first lines name, in the manifest or the repo defaults, and generate again; read terraform plan before applying.\n",
				j.outDir, lost, strings.Join(risks.Replaced, "\n  - "))
		}
		if len(risks.Closed) > 0 {
			fmt.Fprintf(&p.applyNotes, "endpointgen: warning: applying %s as generated now turns public network access off in the same apply that creates the private endpoints: clients reach these services only once the endpoints exist and their DNS answers with the private addresses (on-premises and other VNets: once they resolve the privatelink zones), and lose access in between. endpointgen migrate moves a service-endpoint workload in phases instead (see its README):\n  - %s\n",
				j.outDir, strings.Join(risks.Closed, "\n  - "))
		}
		if len(risks.TakenRanges) > 0 {
			fmt.Fprintf(&p.applyNotes, "endpointgen: warning: applying %s as generated now takes address ranges that Azure refuses to take while in use (a subnet in a network's range, an address in a subnet's; see endpointgen's README), and a private endpoint leaves its subnet only by being deleted and created again. If that is not meant, set the ranges back in the manifest:\n  - %s\n",
				j.outDir, strings.Join(risks.TakenRanges, "\n  - "))
		}
		if err := migrate.RefuseRecordMoves(risks.ClosesAccess, j.manifest, j.outDir, risks.Moved); err != nil {
			p.fatal, p.entry = &exitError{exitFail, err.Error()}, nil
		} else if len(risks.Moved) > 0 {
			fmt.Fprintf(&p.applyNotes, "endpointgen: warning: applying %s as generated now changes the private DNS zones that hold private endpoints' records; clients that resolve through the zones the records leave (VNets linked to them, on-premises forwarders to a hub's resolver) lose the private address unless the zones they go to are linked to the VNet they resolve from:\n  - %s\n",
				j.outDir, strings.Join(risks.Moved, "\n  - "))
		}
		if len(risks.Replaced)+len(risks.Moved)+len(risks.Closed)+len(risks.TakenRanges) > 0 || risks.OtherMajor || pinned != "" {
			p.entry = nil // only modules without a diagnostic are remembered
		}
	}
	// Nothing writes or shows an up-to-date file, and --check shows only
	// names: a run over a thousand modules need not hold their contents
	// until the end.
	for i := range p.changes {
		if p.changes[i].Kind == outdir.Unchanged || opts.check {
			p.changes[i].Old, p.changes[i].New = nil, nil
		}
	}
	return p
}

// sharedState refuses two workloads whose backends name one state blob:
// each apply would overwrite the other's state. The backend's key comes
// from a template of the repo defaults: the problem is reported and
// annotated there (the second workload's file), naming both manifests.
func sharedState(w io.Writer, all []*job) hcl.Diagnostics {
	var diags hcl.Diagnostics
	seen := map[manifest.Backend]*job{}
	for _, j := range all {
		if j.backend == nil {
			continue
		}
		// The blob, whatever the credentials that reach it.
		blob := manifest.Backend{StorageAccountName: j.backend.StorageAccountName, ContainerName: j.backend.ContainerName, Key: j.backend.Key}
		other, dup := seen[blob]
		if !dup {
			seen[blob] = j
			continue
		}
		fix := "make backend.key of the repo defaults tell them apart, such as \"{{ .Path }}.tfstate\" (the manifest's path)"
		if a, b := other.defaults, j.defaults; a != nil && b != nil && a.Filename() != b.Filename() {
			// .Path starts at each file's folder, so it can be alike.
			fix = fmt.Sprintf("they take it from two repo defaults files, %s and %s, whose .Path starts at each file's own folder: give each file's backend.key a prefix of its own, such as \"%s/{{ .Path }}.tfstate\"",
				a.Filename(), b.Filename(), filepath.ToSlash(filepath.Base(filepath.Dir(b.Filename()))))
		}
		at := ""
		if j.defaults != nil {
			at = j.defaults.BackendKeyAt()
		}
		const summary = "Two workloads would keep their state in one blob"
		detail := fmt.Sprintf("%s and %s would keep their Terraform state in one blob (%s/%s/%s), and each apply would overwrite the other's: %s", other.manifest, j.manifest, blob.StorageAccountName, blob.ContainerName, blob.Key, fix)
		diags = append(diags, problemAcross(hcl.DiagError, at, summary, detail))
		annotateAt(w, hcl.DiagError, at, summary, detail)
	}
	return diags
}

// inParallel runs f(0) … f(n-1) on as many goroutines as there are CPUs.
func inParallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// movedWorkloads refuses a run that would create a workload's module in a
// new stack while its module stands, orphaned, in another:
//   - the manifests given are a subfolder of those the stacks were
//     generated from (generate workloads/team-a -o stacks writes team-a's
//     workloads to stacks/<name>, and finds every other stack orphaned,
//     which --prune would delete);
//   - a manifest moved without its stack, and the new module's Terraform
//     state is not the old one's (another backend key, or a local
//     terraform.tfstate left in the old folder): it would create the
//     workload's resources a second time.
//
// A manifest moved (or renamed) whose module keeps its state, one remote
// blob, or that was never applied from the old folder, moves freely.
func movedWorkloads(all []*job, orphans []string) error {
	owners := map[string]string{} // workload → its orphaned stack
	for _, o := range orphans {
		if w := outdir.Workload(o); w != "" {
			owners[w] = o
		}
	}
	var moved []string
	subfolder := false
	for _, j := range all {
		old, ok := owners[j.workload]
		if !ok || j.workload == "" || slices.ContainsFunc(j.changes, func(c outdir.Change) bool { return c.Kind != outdir.Created }) {
			continue
		}
		what := fmt.Sprintf("workload %s (%s) would get a new module in %s, and its module is in %s", j.workload, j.manifest, j.outDir, old)
		oldBackend, _ := os.ReadFile(filepath.Join(old, "backend.tf"))
		_, localState := os.Stat(filepath.Join(old, "terraform.tfstate"))
		switch {
		case strings.HasSuffix(filepath.ToSlash(old), "/"+j.stack):
			subfolder = true
		case oldBackend != nil && outdir.IsGenerated(oldBackend):
			if bytes.Equal(oldBackend, j.backendFile) {
				continue // one state, wherever the module is
			}
			what += ", whose Terraform state is another (backend.tf differs)"
		case localState == nil:
			what += ", whose Terraform state (terraform.tfstate) stays there"
		default:
			continue // never applied from there
		}
		moved = append(moved, what)
	}
	if len(moved) == 0 {
		return nil
	}
	fix := "Move the stack folder, with its Terraform state, where the manifest now writes it (or the manifest back), then generate again"
	if subfolder {
		fix = "The manifests given are a subfolder of those the stacks were generated from: generate that folder, or every other stack is orphaned (and --prune deletes them)"
	}
	return fmt.Errorf("%s.\n%s", strings.Join(moved, ";\n"), fix)
}

// orphanedStacks lists, in directory mode, the generated modules below -o
// that no manifest writes any more (its manifest was deleted or renamed).
func orphanedStacks(opts *generateOptions, all []*job) ([]string, error) {
	if len(all) == 0 || all[0].stack == "" {
		return nil, nil
	}
	own := map[string]bool{}
	for _, j := range all {
		own[j.stack] = true
	}
	// The run's own stacks are no orphans, generated or not.
	stacks, err := outdir.Stacks(opts.outDir, func(rel string) bool { return own[rel] })
	if err != nil {
		return nil, err
	}
	if slices.Contains(stacks, ".") {
		return nil, fmt.Errorf("%s is the generated module of one workload; give a directory of manifests its own output directory", opts.outDir)
	}
	// Nor is a folder by another name that is one of them: its name in
	// another letter case or Unicode form on a filesystem that ignores
	// those (App for app.yaml, once App.yaml), or a mount of it. Where the
	// filesystem tells the names apart, App is an orphan.
	var owned []os.FileInfo // the run's stack folders that exist
	if len(stacks) > 0 {
		for _, j := range all {
			if info, err := os.Stat(filepath.Join(opts.outDir, filepath.FromSlash(j.stack))); err == nil {
				owned = append(owned, info)
			}
		}
	}
	var out []string
	for _, st := range stacks {
		path := filepath.Join(opts.outDir, filepath.FromSlash(st))
		if info, err := os.Stat(path); err == nil && slices.ContainsFunc(owned, func(o os.FileInfo) bool { return os.SameFile(o, info) }) {
			continue
		}
		out = append(out, path)
	}
	return out, nil
}
