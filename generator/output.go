package generator

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// ChangeKind says what writing Files does to one file of the output directory.
type ChangeKind string

// The kinds of change, as printed in reports.
const (
	Created   ChangeKind = "created"
	Changed   ChangeKind = "changed"
	Deleted   ChangeKind = "deleted"
	Unchanged ChangeKind = "unchanged"
)

// Change is the effect on one file: Old and New hold its contents before and
// after (nil where the file does not exist).
type Change struct {
	Name     string
	Kind     ChangeKind
	Old, New []byte
}

// OwnershipError lists files in the output directory that endpointgen would
// have to overwrite but did not generate (they lack the header).
type OwnershipError struct {
	Dir   string
	Files []string
}

func (e *OwnershipError) Error() string {
	return fmt.Sprintf("%s holds files endpointgen did not generate: %s; move them away, or pass --force to overwrite them",
		e.Dir, strings.Join(e.Files, ", "))
}

// generatedExts are the file types endpointgen writes; only these are ever
// considered for deletion.
var generatedExts = map[string]bool{".tf": true, ".md": true}

// Plan compares files with the output directory dir and returns one Change per
// file, sorted by name: files to create or change, files generated earlier
// that files no longer holds (to delete), and unchanged ones. A missing dir
// plans every file as created. Unless force is set, it fails with an
// *OwnershipError when a file to write exists without the generated header.
func Plan(dir string, files Files, force bool) ([]Change, error) {
	existing, err := readGenerated(dir)
	if err != nil {
		return nil, err
	}
	var changes []Change
	var foreign []string
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		old, err := os.ReadFile(filepath.Join(dir, f.Name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			changes = append(changes, Change{Name: f.Name, Kind: Created, New: f.Bytes})
		case err != nil:
			return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, f.Name), err)
		case !isGenerated(old) && !force:
			foreign = append(foreign, filepath.Join(dir, f.Name))
		case bytes.Equal(old, f.Bytes):
			changes = append(changes, Change{Name: f.Name, Kind: Unchanged, Old: old, New: f.Bytes})
		default:
			changes = append(changes, Change{Name: f.Name, Kind: Changed, Old: old, New: f.Bytes})
		}
	}
	if len(foreign) > 0 {
		return nil, &OwnershipError{Dir: dir, Files: foreign}
	}
	if have, want := workloadOf(existing), workloadOf(filesByName(files)); have != "" && want != "" && have != want && !force {
		return nil, fmt.Errorf("%s holds the generated module of workload %q, not %q; use another directory, or pass --force to replace it", dir, have, want)
	}
	for name, old := range existing {
		if !want[name] {
			changes = append(changes, Change{Name: name, Kind: Deleted, Old: old})
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Name < changes[j].Name })
	return changes, nil
}

// Apply carries out changes in dir. New contents are first written to a
// temporary directory inside dir (one filesystem, so every rename is atomic)
// and then renamed over their targets: a kill part-way leaves each file
// whole, old or new. Old contents are kept aside until the end, so a failure
// part-way puts every file back as it was.
func Apply(dir string, changes []Change) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(dir, ".endpointgen-")
	if err != nil {
		return fmt.Errorf("creating a temporary directory in %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)
	newDir, oldDir := filepath.Join(tmp, "new"), filepath.Join(tmp, "old")
	if err := errors.Join(os.Mkdir(newDir, 0o755), os.Mkdir(oldDir, 0o755)); err != nil {
		return fmt.Errorf("preparing %s: %w", tmp, err)
	}
	for _, c := range changes {
		switch c.Kind {
		case Created, Changed:
			if err := os.WriteFile(filepath.Join(newDir, c.Name), c.New, 0o644); err != nil {
				return fmt.Errorf("writing %s: %w", c.Name, err)
			}
		}
		switch c.Kind {
		case Changed, Deleted:
			if err := os.WriteFile(filepath.Join(oldDir, c.Name), c.Old, 0o644); err != nil {
				return fmt.Errorf("keeping %s aside: %w", c.Name, err)
			}
		}
	}

	var done []Change
	defer func() {
		if err == nil {
			return
		}
		// Undo in reverse: remove what we created, restore what we replaced
		// or deleted.
		for i := len(done) - 1; i >= 0; i-- {
			c, target := done[i], filepath.Join(dir, done[i].Name)
			if c.Kind == Created {
				os.Remove(target)
			} else {
				os.Rename(filepath.Join(oldDir, c.Name), target)
			}
		}
	}()
	// Renames first, deletions last: until the end, nothing is missing.
	for _, kind := range []ChangeKind{Created, Changed, Deleted} {
		for _, c := range changes {
			if c.Kind != kind {
				continue
			}
			target := filepath.Join(dir, c.Name)
			if kind == Deleted {
				err = os.Remove(target)
				if errors.Is(err, fs.ErrNotExist) {
					err = nil
				}
			} else {
				err = os.Rename(filepath.Join(newDir, c.Name), target)
			}
			if err != nil {
				return fmt.Errorf("updating %s (every file was put back): %w", target, err)
			}
			done = append(done, c)
		}
	}
	return nil
}

// readGenerated returns the files directly in dir that endpointgen generated,
// by name; a missing dir has none.
func readGenerated(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", dir, err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if !e.Type().IsRegular() || !generatedExts[filepath.Ext(e.Name())] {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, e.Name()), err)
		}
		if isGenerated(b) {
			out[e.Name()] = b
		}
	}
	return out, nil
}

// workloadOf reads the workload name that versions.tf records ("# Workload:
// NAME"), so that one workload's module never silently replaces another's.
func workloadOf(files map[string][]byte) string {
	for _, line := range strings.Split(string(files["versions.tf"]), "\n") {
		if name, ok := strings.CutPrefix(line, "# Workload: "); ok {
			return strings.TrimSpace(name)
		}
	}
	return ""
}

func filesByName(files Files) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for _, f := range files {
		out[f.Name] = f.Bytes
	}
	return out
}

// isGenerated reports whether a file's first line carries the header.
func isGenerated(b []byte) bool {
	line, _ := bufio.NewReader(bytes.NewReader(b)).ReadString('\n')
	return strings.Contains(line, Header)
}

// Drift lists what --check reports: files missing from dir, stale ones whose
// contents differ, and extra ones endpointgen generated earlier but would now
// delete. Unchanged files are left out.
func Drift(changes []Change) []string {
	words := map[ChangeKind]string{Created: "missing", Changed: "stale", Deleted: "extra"}
	var out []string
	for _, c := range changes {
		if w, ok := words[c.Kind]; ok {
			out = append(out, w+" "+c.Name)
		}
	}
	return out
}

// Diff renders changes as one unified diff. A relative dir gives git's
// a/DIR/FILE and b/DIR/FILE names, so the diff applies with git apply.
func Diff(dir string, changes []Change) string {
	var b strings.Builder
	for _, c := range changes {
		if c.Kind == Unchanged {
			continue
		}
		name := filepath.ToSlash(filepath.Join(dir, c.Name))
		oldName, newName := "a/"+name, "b/"+name
		if filepath.IsAbs(dir) {
			oldName, newName = name, name
		}
		switch c.Kind {
		case Created:
			oldName = "/dev/null"
		case Deleted:
			newName = "/dev/null"
		}
		b.WriteString(udiff.Unified(oldName, newName, string(c.Old), string(c.New)))
	}
	return b.String()
}
