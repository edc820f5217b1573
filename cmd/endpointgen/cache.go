package main

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/endpointgen/endpointgen/generator/catalog"
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
	read    bool // the file was read and used
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
	// Only a regular file: a FIFO would block the run, /dev/zero fill its
	// memory.
	var b []byte
	info, err := os.Lstat(x.file)
	if err == nil && info.Mode().IsRegular() {
		b, err = os.ReadFile(x.file)
	}
	if err == nil && len(b) > sha256.Size {
		if sum := sha256.Sum256(b[sha256.Size:]); bytes.Equal(sum[:], b[:sha256.Size]) {
			if entries, ok := decodeIndex(b[sha256.Size:]); ok {
				x.entries, x.read = entries, true
			}
		}
	}
	return x
}

// The index is stored as CSV records (encoding/csv), one per line, in an
// order fixed by the entries, so the same entries give the same bytes:
//
//	endpointgen module index,6
//	module,KEY                     an entry; the records up to the next module are its
//	file,NAME,SHA-256 (hex)        one per file of the module, by name
//	backend,RESOURCE GROUP,ACCOUNT,CONTAINER,KEY,SUBSCRIPTION,TENANT,CLOUD
//	claim,KIND,NAME,SCOPE,id or "",SUBSCRIPTION,AT,PREFIXES AT,PREFIX…
//
// CSV, not JSON (version 4): encoding/json took 40-50 ms to read the
// index of a thousand modules and 10-25 ms to write it, a fifth of a
// generate --check over them, where encoding/csv reads it in 12-18 ms
// (BenchmarkIndex).
// (encoding/gob, version 1, cost every process a quarter of a millisecond
// to initialise.)
const indexHeader = "endpointgen module index"

// indexFormat is the version in the index's header, and part of every
// key: an index of another version (version 1 was encoding/gob; version 2
// had no claims, version 3 no positions of them, version 4 was JSON,
// version 5 no positions of their prefixes) is a miss.
const indexFormat = 6

// encodeIndex writes entries as CSV records (see indexHeader).
func encodeIndex(entries map[string]indexEntry) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	wd, _ := os.Getwd()
	absolute := absoluteFrom(wd)
	// A bytes.Buffer returns no error, so neither does w.
	w.Write([]string{indexHeader, strconv.Itoa(indexFormat)})
	for _, key := range slices.Sorted(maps.Keys(entries)) {
		records := entryRecords(key, entries[key], absolute)
		// encoding/csv reads "\r\n" in a field back as "\n": an entry
		// with a carriage return anywhere is left out (a miss, built again
		// next run) rather than read back changed.
		if slices.ContainsFunc(records, func(r []string) bool {
			return slices.ContainsFunc(r, func(f string) bool { return strings.ContainsRune(f, '\r') })
		}) {
			continue
		}
		for _, r := range records {
			w.Write(r)
		}
	}
	w.Flush()
	return buf.Bytes()
}

// entryRecords are the records of the entry key, its claims' positions
// made absolute by absolute.
func entryRecords(key string, e indexEntry, absolute func(string) string) [][]string {
	records := [][]string{{"module", key}}
	for _, name := range slices.Sorted(maps.Keys(e.Sums)) {
		sum := e.Sums[name]
		records = append(records, []string{"file", name, hex.EncodeToString(sum[:])})
	}
	if b := e.Backend; b != nil {
		records = append(records, []string{"backend", b.ResourceGroupName, b.StorageAccountName, b.ContainerName, b.Key, b.SubscriptionID, b.TenantID, string(b.Cloud)})
	}
	for _, c := range claimsAt(e.Claims, absolute) {
		id := ""
		if c.ScopeIsID {
			id = "id"
		}
		records = append(records, append([]string{"claim", string(c.Kind), c.Name, c.Scope, id, c.Subscription, c.At, c.PrefixesAt}, c.Prefixes...))
	}
	return records
}

// decodeIndex reads what encodeIndex wrote; false for anything else.
func decodeIndex(b []byte) (map[string]indexEntry, bool) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1 // the kinds of record differ
	r.ReuseRecord = true
	if head, err := r.Read(); err != nil || len(head) != 2 || head[0] != indexHeader || head[1] != strconv.Itoa(indexFormat) {
		return nil, false
	}
	entries := map[string]indexEntry{}
	var key string // the entry the records since the last module record are of
	var e indexEntry
	done := func() {
		if key != "" {
			entries[key] = e
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		switch {
		case rec[0] == "module" && len(rec) == 2 && rec[1] != "":
			done()
			if _, dup := entries[rec[1]]; dup {
				return nil, false
			}
			key, e = rec[1], indexEntry{Sums: outdir.Sums{}}
		case key == "":
			return nil, false
		case rec[0] == "file" && len(rec) == 3:
			var sum [sha256.Size]byte
			if len(rec[2]) != hex.EncodedLen(len(sum)) {
				return nil, false
			}
			if _, err := hex.Decode(sum[:], []byte(rec[2])); err != nil {
				return nil, false
			}
			e.Sums[rec[1]] = sum
		case rec[0] == "backend" && len(rec) == 8 && e.Backend == nil:
			e.Backend = &manifest.Backend{ResourceGroupName: rec[1], StorageAccountName: rec[2], ContainerName: rec[3],
				Key: rec[4], SubscriptionID: rec[5], TenantID: rec[6], Cloud: catalog.Cloud(rec[7])}
		case rec[0] == "claim" && len(rec) >= 8 && (rec[4] == "" || rec[4] == "id"):
			c := manifest.Claim{Kind: manifest.ClaimKind(rec[1]), Name: rec[2], Scope: rec[3], ScopeIsID: rec[4] == "id",
				Subscription: rec[5], At: rec[6], PrefixesAt: rec[7]}
			if len(rec) > 8 {
				c.Prefixes = slices.Clone(rec[8:])
			}
			e.Claims = append(e.Claims, c)
		default:
			return nil, false
		}
	}
	done()
	return entries, true
}

// claimsAt is claims with the file of each position (Claim.At,
// Claim.PrefixesAt) rewritten
// by path: the index keeps absolute paths, since a later run may start in
// another folder, and a run that takes an entry gives them back as it
// names the files (asNamed).
func claimsAt(claims []manifest.Claim, path func(string) string) []manifest.Claim {
	out := slices.Clone(claims)
	rewrite := func(at *string) {
		if file, line, col, ok := splitAt(*at); ok {
			*at = fmt.Sprintf("%s:%d:%d", path(file), line, col)
		}
	}
	for i := range out {
		rewrite(&out[i].At)
		rewrite(&out[i].PrefixesAt)
	}
	return out
}

// splitAt splits a position FILE:LINE:COLUMN (Claim.At; FILE holding any
// character, colons too) into its parts; false for anything else.
func splitAt(at string) (file string, line, col int, ok bool) {
	rest, colText, found := cutLastColon(at)
	file, lineText, found2 := cutLastColon(rest)
	line, err1 := strconv.Atoi(lineText)
	col, err2 := strconv.Atoi(colText)
	return file, line, col, found && found2 && file != "" && err1 == nil && err2 == nil
}

// cutLastColon cuts s around its last colon.
func cutLastColon(s string) (before, after string, found bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
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

// asNamed gives the absolute path of a claim's file back as the run that
// plans manifest (with its repo defaults d, nil for none) names it: the
// manifest's and its repo defaults' paths as the run reached them, which
// are the ones its positions carry when the module is built, so a
// collision reads the same whether its modules came from the index or
// not; any other file relative to the working folder where it is below it.
func asNamed(manifest string, d *manifest.RepoDefaults) func(string) string {
	wd, _ := os.Getwd()
	files := []string{manifest}
	if d != nil {
		files = append(files, d.Filename())
	}
	named := map[string]string{}
	for _, file := range files {
		if abs, err := filepath.Abs(file); file != "" && err == nil {
			named[abs] = file
		}
	}
	relative := relativeTo(wd)
	return func(file string) string {
		if as, ok := named[file]; ok {
			return as
		}
		return relative(file)
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

// sameKeys reports whether a and b hold the same keys.
func sameKeys(a, b map[string]indexEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
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
// without it. An index that holds the keys of this run's entries (a run
// over unchanged manifests) is only touched, which keeps it from
// trimIndexes and costs one system call instead of encoding the index (10
// to 20 ms at a thousand modules), writing and renaming it: the key is a
// digest of all that decides its module, and generating is deterministic,
// so the same key is the same entry.
func (x *moduleIndex) save(entries map[string]indexEntry) {
	if x.file == "" {
		return
	}
	// Trimming deletes files: only a run that got this far does it.
	trimIndexes(filepath.Dir(x.file))
	if x.read && sameKeys(entries, x.entries) {
		now := time.Now()
		if os.Chtimes(x.file, now, now) == nil {
			return
		}
	}
	body := encodeIndex(entries)
	sum := sha256.Sum256(body)
	b := append(sum[:], body...)
	if os.MkdirAll(filepath.Dir(x.file), 0o755) == nil {
		outdir.WriteFile(x.file, b, 0o644)
	}
}
