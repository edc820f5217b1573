package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
)

// moduleIndex remembers, for the manifests of one output directory, the
// digests of the module each generated, keyed by a digest of all that
// decides the module: this endpointgen binary (its code and embedded
// templates), the manifest's path and bytes, its repo defaults' path and
// bytes, the --templates files, the phase and --no-tests. A run over
// unchanged manifests (generate --check in a pre-commit hook) then reads
// and hashes each module instead of building it again: when the folder
// holds exactly those files (outdir.UpToDate), the module is up to date;
// on any difference it is built and planned in full, so a module is never
// reported or written from the index. Only modules generated without a
// diagnostic are remembered, so a hit has nothing to report.
//
// One index file per output directory (the -o of the run), rewritten
// whole after each run with the entries of that run (and deleted when no
// run has written it for 30 days), lives in
// ENDPOINTGEN_MODULE_CACHE ("off" turns it off), else in
// endpointgen/modules under the user's cache directory.
type moduleIndex struct {
	file    string // "": off
	base    []byte // the digest of what every module of the run shares
	entries map[string]indexEntry
}

// indexEntry is what a clean generation gave: the module's file digests
// and the state backend (for the shared-state check).
type indexEntry struct {
	Sums    outdir.Sums
	Backend *manifest.Backend
}

const indexVersion = "endpointgen module index 1\n"

// openModuleIndex reads the index of the run's output directory; an index
// that cannot be used is off, or empty, never an error.
func openModuleIndex(opts *generateOptions) *moduleIndex {
	dir := os.Getenv("ENDPOINTGEN_MODULE_CACHE")
	if dir == "off" {
		return &moduleIndex{}
	}
	if dir == "" {
		user, err := os.UserCacheDir()
		if err != nil {
			return &moduleIndex{}
		}
		dir = filepath.Join(user, "endpointgen", "modules")
	}
	out, err1 := filepath.Abs(opts.outDir)
	exe, err2 := os.Executable()
	var st os.FileInfo
	if err2 == nil {
		st, err2 = os.Stat(exe)
	}
	if err1 != nil || err2 != nil {
		return &moduleIndex{}
	}
	h := sha256.New()
	io.WriteString(h, indexVersion)
	// The binary, as a compiler cache knows its compiler: a rebuilt one
	// has another size or modification time.
	fmt.Fprintf(h, "binary %s %d %d\n", exe, st.Size(), st.ModTime().UnixNano())
	fmt.Fprintf(h, "phase %s no-tests %t\n", opts.phase, opts.noTests)
	if opts.templates != "" {
		entries, err := os.ReadDir(opts.templates)
		if err != nil {
			return &moduleIndex{}
		}
		for _, e := range entries { // sorted by name
			if b, err := os.ReadFile(filepath.Join(opts.templates, e.Name())); err == nil {
				writeField(h, "template "+e.Name(), b)
			}
		}
	}
	trimIndexes(dir)
	name := sha256.Sum256([]byte(out))
	x := &moduleIndex{file: filepath.Join(dir, hex.EncodeToString(name[:16])+".index"), base: h.Sum(nil), entries: map[string]indexEntry{}}
	// An entry starts with the SHA-256 of the rest; a damaged index is
	// an empty one.
	b, err := os.ReadFile(x.file)
	if err == nil && len(b) > sha256.Size {
		if sum := sha256.Sum256(b[sha256.Size:]); bytes.Equal(sum[:], b[:sha256.Size]) {
			if gob.NewDecoder(bytes.NewReader(b[sha256.Size:])).Decode(&x.entries) != nil {
				x.entries = map[string]indexEntry{}
			}
		}
	}
	return x
}

// indexMaxAge is how long the index of an output directory no run has
// written is kept (the directory was deleted or moved, or is rarely used).
const indexMaxAge = 30 * 24 * time.Hour

// trimIndexes deletes the indexes in dir that no run wrote for indexMaxAge.
func trimIndexes(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".index") && time.Since(info.ModTime()) > indexMaxAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

func writeField(w io.Writer, name string, b []byte) {
	sum := sha256.Sum256(b)
	fmt.Fprintf(w, "%s %x\n", name, sum)
}

// key is the entry of the manifest at path with bytes src, inheriting d;
// "" when the index is off.
func (x *moduleIndex) key(path string, src []byte, d *manifest.RepoDefaults) string {
	if x.file == "" {
		return ""
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	h := sha256.New()
	h.Write(x.base)
	writeField(h, "manifest "+abs, src)
	if d != nil {
		dabs, err := filepath.Abs(d.Filename())
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "defaults %s %x\n", dabs, d.Sum())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// lookup returns the entry of key, if the index has one.
func (x *moduleIndex) lookup(key string) (indexEntry, bool) {
	if key == "" {
		return indexEntry{}, false
	}
	e, ok := x.entries[key]
	return e, ok
}

// save rewrites the index with the entries of this run, whole (a
// temporary file renamed into place) or not at all; the run goes on
// without it.
func (x *moduleIndex) save(entries map[string]indexEntry) {
	if x.file == "" {
		return
	}
	var body bytes.Buffer
	if gob.NewEncoder(&body).Encode(entries) != nil {
		return
	}
	sum := sha256.Sum256(body.Bytes())
	if os.MkdirAll(filepath.Dir(x.file), 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(x.file), ".index-*")
	if err != nil {
		return
	}
	_, err = f.Write(append(sum[:], body.Bytes()...))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), x.file)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
