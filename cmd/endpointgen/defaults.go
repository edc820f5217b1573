package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/endpointgen/endpointgen/generator/manifest"
)

// repoDefaults finds and loads the repo defaults file (endpointgen.yaml)
// of each manifest of a run, reading each file once.
type repoDefaults struct {
	explicit string                            // --defaults FILE: every manifest takes it
	byDir    map[string]string                 // manifest folder → its defaults file ("" none)
	loaded   map[string]*manifest.RepoDefaults // defaults file → what it holds
	// background: the folders on the way are listed for a misnamed
	// defaults file on other goroutines, and misnamed waits for them
	// (generate: listing a folder of a thousand manifests is a tenth of a
	// one-workload run).
	background bool
	pending    []chan error
}

func newRepoDefaults(explicit string) *repoDefaults {
	return &repoDefaults{explicit: explicit, byDir: map[string]string{}, loaded: map[string]*manifest.RepoDefaults{}}
}

// forManifest returns the repo defaults the manifest at path inherits, nil
// when there are none. A defaults file with errors has them printed to w
// (once per run) and is an error.
func (r *repoDefaults) forManifest(w io.Writer, path string) (*manifest.RepoDefaults, error) {
	if manifest.IsRepoDefaultsName(filepath.Base(path)) {
		return nil, fmt.Errorf("%s is a repo defaults file, not a workload manifest: the manifests in its folder and below inherit it", path)
	}
	file := r.explicit
	if file == "" {
		dir := filepath.Dir(path)
		found, ok := r.byDir[dir]
		if !ok {
			var err error
			if r.background {
				var misnamed func() error
				if found, misnamed, err = manifest.LocateRepoDefaults(dir); err != nil {
					return nil, fmt.Errorf("looking for %s: %w", manifest.RepoDefaultsFile, err)
				}
				done := make(chan error, 1)
				go func() { done <- misnamed() }()
				r.pending = append(r.pending, done)
			} else if found, err = manifest.FindRepoDefaults(dir); err != nil {
				return nil, fmt.Errorf("looking for %s: %w", manifest.RepoDefaultsFile, err)
			}
			// Named as the manifest is: from the working folder (../ and
			// all) for a manifest named so, absolute for an absolute one.
			if wd, err := os.Getwd(); err == nil && found != "" && !filepath.IsAbs(path) {
				if rel, err := filepath.Rel(wd, found); err == nil {
					found = rel
				}
			}
			r.byDir[dir] = found
		}
		file = found
	}
	if file == "" {
		return nil, nil
	}
	d, _, err := r.load(w, file)
	return d, err
}

// load reads and checks the repo defaults file, once however a run names
// it, printing what it finds to w that first time, and returns it with
// the number of warnings printed then.
func (r *repoDefaults) load(w io.Writer, file string) (*manifest.RepoDefaults, int, error) {
	key := file
	if abs, err := filepath.Abs(file); err == nil {
		key = abs
	}
	if d, ok := r.loaded[key]; ok {
		if d == nil {
			return nil, 0, &defaultsInvalidError{file: file, again: true}
		}
		return d, 0, nil
	}
	src, err := os.ReadFile(file)
	if err != nil {
		r.loaded[key] = nil // reported once; the other manifests fail quietly
		return nil, 0, fmt.Errorf("reading repo defaults: %w", err)
	}
	d, diags := manifest.LoadRepoDefaults(src, file)
	if printDiags(w, diags, map[string][]byte{file: src}) {
		r.loaded[key] = nil
		return nil, 0, &defaultsInvalidError{file: file}
	}
	r.loaded[key] = d
	return d, len(diags), nil
}

// misnamed waits for the listings that background started and returns
// the first error of the first that has one: what FindRepoDefaults would
// have returned. Nothing found may be acted on before it returns nil.
func (r *repoDefaults) misnamed() error {
	var first error
	for _, done := range r.pending {
		if err := <-done; err != nil && first == nil {
			first = fmt.Errorf("looking for %s: %w", manifest.RepoDefaultsFile, err)
		}
	}
	r.pending = nil
	return first
}

// defaultsInvalidError: a repo defaults file has errors, printed when it
// was loaded. again marks a later manifest of the same run, for which a
// command that goes on (validate) need not say it once more.
type defaultsInvalidError struct {
	file  string
	again bool
}

func (e *defaultsInvalidError) Error() string {
	return fmt.Sprintf("the repo defaults file %s is invalid", e.file)
}
