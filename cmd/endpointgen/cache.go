package main

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
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
// whole after each run with the entries of that run (only touched when
// they are the ones it holds; deleted when no run has used it for 30
// days; trimIndexes looks once a day), lives in
// ENDPOINTGEN_MODULE_CACHE ("off" turns it off), else in
// endpointgen/modules under the user's cache directory.
type moduleIndex struct {
	file    string // "": off
	base    []byte // the digest of what every module of the run shares
	entries map[string]indexEntry
	read    []byte // the file as read, nil if it could not be used
}

// indexEntry is what a clean generation gave: the module's file digests
// the state backend (for the shared-state check) and the Azure resources
// the module creates (for sharedResources).
type indexEntry struct {
	Sums    outdir.Sums
	Backend *manifest.Backend
	Claims  []manifest.Claim
}

// openModuleIndex reads the index of the run's output directory, for a run
// whose --templates (if any) are templates; an index that cannot be used
// is off, or empty, never an error.
func openModuleIndex(opts *generateOptions, templates fs.FS) *moduleIndex {
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
	out, err := filepath.Abs(opts.outDir)
	if err != nil {
		return &moduleIndex{}
	}
	binary, err := binaryID()
	if err != nil {
		return &moduleIndex{}
	}
	h := sha256.New()
	fmt.Fprintf(h, "endpointgen module index %d\n", indexFormat)
	writeField(h, "binary", binary)
	fmt.Fprintf(h, "phase %s no-tests %t\n", opts.phase, opts.noTests)
	if opts.templates != "" {
		// Only a snapshot (every entry a regular file, read once) is
		// what the modules are built from.
		snapshot, ok := templates.(fstest.MapFS)
		if !ok {
			return &moduleIndex{}
		}
		for _, name := range slices.Sorted(maps.Keys(snapshot)) {
			writeField(h, "template "+name, snapshot[name].Data)
		}
	}
	name := sha256.Sum256([]byte(out))
	x := &moduleIndex{file: filepath.Join(dir, hex.EncodeToString(name[:16])+".index"), base: h.Sum(nil), entries: map[string]indexEntry{}}
	// The file starts with the SHA-256 of the rest; a damaged index, or
	// one of another version, is an empty one.
	b, err := os.ReadFile(x.file)
	if err == nil && len(b) > sha256.Size {
		if sum := sha256.Sum256(b[sha256.Size:]); bytes.Equal(sum[:], b[:sha256.Size]) {
			if entries, ok := decodeIndex(b[sha256.Size:]); ok {
				x.entries, x.read = entries, b
			}
		}
	}
	return x
}

// indexFile is the index as stored, JSON: encoding/json is linked in
// anyway (encoding/gob, version 1, cost every process a quarter of a
// millisecond to initialise) and writes object keys sorted, so the same
// entries give the same bytes.
type indexFile struct {
	Version int
	Modules map[string]storedEntry
}

type storedEntry struct {
	Files   map[string]string // name → SHA-256, hex
	Backend *manifest.Backend `json:",omitempty"`
	Claims  []manifest.Claim  `json:",omitempty"`
}

// indexFormat is indexFile.Version, and part of every key: an index of
// another version (version 1 was encoding/gob; version 2 had no claims,
// version 3 no positions of them) is a miss.
const indexFormat = 4

// encodeIndex writes entries as an indexFile.
func encodeIndex(entries map[string]indexEntry) []byte {
	f := indexFile{Version: indexFormat, Modules: make(map[string]storedEntry, len(entries))}
	wd, _ := os.Getwd()
	absolute := absoluteFrom(wd)
	for key, e := range entries {
		files := make(map[string]string, len(e.Sums))
		for name, sum := range e.Sums {
			files[name] = hex.EncodeToString(sum[:])
		}
		f.Modules[key] = storedEntry{Files: files, Backend: e.Backend, Claims: claimsAt(e.Claims, absolute)}
	}
	b, _ := json.Marshal(f) // strings, maps and a struct of strings: no error
	return b
}

// decodeIndex reads what encodeIndex wrote; false for anything else.
func decodeIndex(b []byte) (map[string]indexEntry, bool) {
	var f indexFile
	if json.Unmarshal(b, &f) != nil || f.Version != indexFormat {
		return nil, false
	}
	entries := make(map[string]indexEntry, len(f.Modules))
	wd, _ := os.Getwd()
	relative := relativeTo(wd)
	for key, stored := range f.Modules {
		e := indexEntry{Sums: make(outdir.Sums, len(stored.Files)), Backend: stored.Backend, Claims: claimsAt(stored.Claims, relative)}
		for name, digest := range stored.Files {
			var sum [sha256.Size]byte
			if len(digest) != hex.EncodedLen(len(sum)) {
				return nil, false
			}
			if _, err := hex.Decode(sum[:], []byte(digest)); err != nil {
				return nil, false
			}
			e.Sums[name] = sum
		}
		entries[key] = e
	}
	return entries, true
}

// claimsAt is claims with the file of each position (Claim.At) rewritten
// by path: the index keeps absolute paths, since a later run may start in
// another folder, and gives them back relative to the working folder.
func claimsAt(claims []manifest.Claim, path func(string) string) []manifest.Claim {
	out := slices.Clone(claims)
	for i, c := range out {
		// FILE:LINE:COLUMN, FILE holding any character.
		rest := c.At
		cut := len(rest)
		for range 2 {
			cut = strings.LastIndexByte(rest[:cut], ':')
			if cut < 0 {
				break
			}
		}
		if cut > 0 {
			out[i].At = path(rest[:cut]) + rest[cut:]
		}
	}
	return out
}

// absoluteFrom makes a path absolute, from the working folder wd.
func absoluteFrom(wd string) func(string) string {
	return func(file string) string {
		if filepath.IsAbs(file) || wd == "" {
			return file
		}
		return filepath.Join(wd, file)
	}
}

// relativeTo makes an absolute path relative to the working folder wd,
// where it is below it.
func relativeTo(wd string) func(string) string {
	return func(file string) string {
		if wd == "" {
			return file
		}
		if rel, err := filepath.Rel(wd, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
		return file
	}
}

// indexMaxAge is how long the index of an output directory no run has
// used is kept (the directory was deleted or moved, or is rarely used).
const indexMaxAge = 30 * 24 * time.Hour

// trimInterval is how often trimIndexes looks at the indexes: reading the
// age of each (one stat per output directory ever used) was a tenth of a
// one-workload run. Once a day, recorded by the time of a marker file, as
// the go command trims its build cache
// (https://go.dev/src/cmd/go/internal/cache/cache.go, trimInterval).
const trimInterval = 24 * time.Hour

// trimMarker is the file in the index directory whose modification time
// is the last trim.
const trimMarker = "trimmed"

// trimIndexes deletes the indexes in dir that no run used for indexMaxAge,
// unless it did so less than trimInterval ago.
func trimIndexes(dir string) {
	marker := filepath.Join(dir, trimMarker)
	if info, err := os.Stat(marker); err == nil && time.Since(info.ModTime()) < trimInterval {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".index") && time.Since(info.ModTime()) > indexMaxAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	if err := os.WriteFile(marker, nil, 0o644); err == nil {
		// WriteFile of an existing, empty marker writes nothing, and
		// whether truncating it sets its time depends on the system.
		now := time.Now()
		os.Chtimes(marker, now, now)
	}
}

// binaryID identifies the running endpointgen (its code and embedded
// templates): the Go build ID of the running image, whose last part is a
// digest of the binary's contents, read from its ELF note; elsewhere the
// digest of the whole file. The running image, not the path it was started
// from, which may have been replaced since.
func binaryID() ([]byte, error) {
	exe := "/proc/self/exe"
	if _, err := os.Stat(exe); err != nil {
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		if s := f.Section(".note.go.buildid"); s != nil {
			if b, err := s.Data(); err == nil && len(b) > 0 {
				return b, nil
			}
		}
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// snapshotTemplates reads the templates folder dir into memory, so that a
// run builds every module from one version of it; false when it holds
// anything but regular files (a folder, a symlink), which the run then
// reads from disk, without the module index.
func snapshotTemplates(dir string) (fstest.MapFS, bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	snapshot := fstest.MapFS{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			return nil, false
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, false
		}
		snapshot[e.Name()] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return snapshot, true
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
// without it. An index that would not change (a run over unchanged
// manifests) is only touched, which keeps it from trimIndexes and costs
// one system call instead of a file written and renamed.
func (x *moduleIndex) save(entries map[string]indexEntry) {
	if x.file == "" {
		return
	}
	// Trimming deletes files: only a run that got this far does it.
	trimIndexes(filepath.Dir(x.file))
	body := encodeIndex(entries)
	sum := sha256.Sum256(body)
	b := append(sum[:], body...)
	if bytes.Equal(b, x.read) {
		now := time.Now()
		if os.Chtimes(x.file, now, now) == nil {
			return
		}
	}
	if os.MkdirAll(filepath.Dir(x.file), 0o755) == nil {
		outdir.WriteFile(x.file, b, 0o644)
	}
}
