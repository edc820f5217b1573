package outdir

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/golden"
	"github.com/google/go-cmp/cmp"
)

func TestApplyPutsEverythingBackOnFailure(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("old main\n"), 0o644)
	// A deletion that must fail: a non-empty directory where a file was.
	os.MkdirAll(filepath.Join(dir, "stale.tf", "x"), 0o755)
	changes := []Change{
		{Name: "main.tf", Kind: Changed, Old: []byte("old main\n"), New: []byte("new main\n")},
		{Name: "new.tf", Kind: Created, New: []byte("new file\n")},
		{Name: "stale.tf", Kind: Deleted, Old: []byte("stale\n")},
	}
	if err := Apply(dir, changes); err == nil {
		t.Fatal("Apply succeeded; the test needs the deletion to fail")
	}
	main, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
	got := map[string]string{"main.tf": string(main)}
	if _, err := os.Stat(filepath.Join(dir, "new.tf")); err == nil {
		got["new.tf"] = "still there"
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d entries left in the directory, want main.tf and stale.tf", len(entries))
	}
	if diff := cmp.Diff(map[string]string{"main.tf": "old main\n"}, got); diff != "" {
		t.Errorf("directory not restored (-want +got):\n%s", diff)
	}
}

func TestApplyInsideTheTarget(t *testing.T) {
	// The temporary directory lives inside the target, so renames never
	// cross a filesystem boundary (an output directory that is a mount
	// point) and nothing is left beside it.
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := Apply(dir, []Change{{Name: "a.tf", Kind: Created, New: []byte("a\n")}}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("Apply left %d entries beside the target", len(entries))
	}
	if diff := cmp.Diff(map[string]string{"a.tf": "a\n"}, golden.ReadDir(t, dir)); diff != "" {
		t.Error(diff)
	}
}

// TestPlanReadsTheTestsFolder: generated files in tests/ are planned like
// the others (changed, deleted when no longer produced); files elsewhere in
// a subfolder, and the user's, are never touched.
func TestPlanReadsTheTestsFolder(t *testing.T) {
	dir := t.TempDir()
	gen := func(s string) []byte { return []byte("# " + Header + "\n" + s) }
	os.MkdirAll(filepath.Join(dir, "tests"), 0o755)
	os.MkdirAll(filepath.Join(dir, "modules"), 0o755)
	os.WriteFile(filepath.Join(dir, "tests", "posture.tftest.hcl"), gen("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "tests", "stale.tftest.hcl"), gen("stale"), 0o644)
	os.WriteFile(filepath.Join(dir, "tests", "mine.tftest.hcl"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "modules", "copy.tf"), gen("a copy"), 0o644)

	changes, err := Plan(dir, Files{{Name: "main.tf", Bytes: gen("main")}, {Name: "tests/posture.tftest.hcl", Bytes: gen("new")}}, false)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]ChangeKind{}
	for _, c := range changes {
		got[c.Name] = c.Kind
	}
	want := map[string]ChangeKind{"main.tf": Created, "tests/posture.tftest.hcl": Changed, "tests/stale.tftest.hcl": Deleted}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if err := Apply(dir, changes); err != nil {
		t.Fatal(err)
	}
	wantFiles := map[string]string{
		"main.tf": string(gen("main")), "tests/posture.tftest.hcl": string(gen("new")),
		"tests/mine.tftest.hcl": "mine", "modules/copy.tf": string(gen("a copy")),
	}
	if diff := cmp.Diff(wantFiles, golden.ReadDir(t, dir)); diff != "" {
		t.Errorf("directory (-want +got):\n%s", diff)
	}
}

func TestPlanRejectsNamesOutsideTheModule(t *testing.T) {
	for _, name := range []string{"../main.tf", "modules/x.tf", "tests/../../x.tf", "/etc/x.tf", "tests/", "tests/a/b.tf"} {
		if _, err := Plan(t.TempDir(), Files{{Name: name, Bytes: []byte("x")}}, false); err == nil {
			t.Errorf("Plan accepted %q", name)
		}
	}
}

// TestApplyRemovesTheTestsFolderItCreated: on failure the folder Apply
// created goes too; a folder emptied by deletions goes on success.
func TestApplyRemovesTheTestsFolderItCreated(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "stale.tf", "x"), 0o755) // a deletion that fails
	changes := []Change{
		{Name: "tests/posture.tftest.hcl", Kind: Created, New: []byte("t\n")},
		{Name: "stale.tf", Kind: Deleted, Old: []byte("stale\n")},
	}
	if err := Apply(dir, changes); err == nil {
		t.Fatal("Apply succeeded; the test needs the deletion to fail")
	}
	if _, err := os.Stat(filepath.Join(dir, "tests")); !os.IsNotExist(err) {
		t.Errorf("tests/ left behind: %v", err)
	}

	dir = t.TempDir()
	if err := Apply(dir, changes[:1]); err != nil {
		t.Fatal(err)
	}
	if err := Apply(dir, []Change{{Name: "tests/posture.tftest.hcl", Kind: Deleted, Old: []byte("t\n")}}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d entries left, want none", len(entries))
	}
}

func TestStacks(t *testing.T) {
	root := t.TempDir()
	write := func(path, content string) {
		os.MkdirAll(filepath.Dir(filepath.Join(root, path)), 0o755)
		os.WriteFile(filepath.Join(root, path), []byte(content), 0o644)
	}
	write("app/versions.tf", "# "+Header+"\n")
	write("team-a/db/versions.tf", "# "+Header+"\n")
	write("team-a/db/tests/posture.tftest.hcl", "# "+Header+"\n")
	write("mine/versions.tf", "terraform {}\n") // the user's
	write(".git/x/versions.tf", "# "+Header+"\n")
	write("app/nested/versions.tf", "# "+Header+"\n") // a module inside another
	got, err := Stacks(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"app", "app/nested", "team-a/db"}, got); diff != "" {
		t.Error(diff)
	}
	// What skip accepts is neither read nor listed; what is below it is.
	var asked []string
	got, err = Stacks(root, func(rel string) bool {
		asked = append(asked, rel)
		return rel == "app" || rel == "team-a/db"
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"app/nested"}, got); diff != "" {
		t.Errorf("skipping app and team-a/db (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{".", "app", "app/nested", "mine", "team-a", "team-a/db", "team-a/db/tests"}, asked); diff != "" {
		t.Errorf("asked about (-want +got):\n%s", diff)
	}
	// A folder deleted while the walk is under way is no error.
	got, err = Stacks(root, func(rel string) bool {
		if rel == "team-a/db/tests" {
			os.RemoveAll(filepath.Join(root, "team-a", "db", "tests"))
		}
		return false
	})
	if err != nil || !slices.Contains(got, "team-a/db") {
		t.Errorf("a folder deleted meanwhile: %v, %v", got, err)
	}
	// A root that is a link to the folder is walked through it.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(root, link); err == nil {
		if got, err := Stacks(link, nil); err != nil || !slices.Contains(got, "app") {
			t.Errorf("through a link: %v, %v", got, err)
		}
	}
	if got, err := Stacks(filepath.Join(root, "missing"), nil); err != nil || len(got) != 0 {
		t.Errorf("a missing root: %v %v", got, err)
	}
}

// TestWriteTree: files at any depth, folders created; a second run refuses
// (naming every file that exists, identical or not) and writes nothing;
// --force overwrites and reports what changed; nothing is ever deleted.
func TestWriteTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repo")
	files := Files{
		{Name: ".github/workflows/ci.yml", Bytes: []byte("ci\n")},
		{Name: "README.md", Bytes: []byte("readme\n")},
		{Name: "stacks/app/tests/posture.tftest.hcl", Bytes: []byte("test\n")},
	}
	changes, err := WriteTree(dir, files, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Kind != Created {
			t.Errorf("%s: %s, want created", c.Name, c.Kind)
		}
	}
	want := map[string]string{".github/workflows/ci.yml": "ci\n", "README.md": "readme\n", "stacks/app/tests/posture.tftest.hcl": "test\n"}
	if diff := cmp.Diff(want, golden.ReadDir(t, dir)); diff != "" {
		t.Fatal(diff)
	}

	os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "LICENSE"), []byte("license\n"), 0o644)
	files = append(files, File{Name: "new.txt", Bytes: []byte("new\n")})
	_, err = WriteTree(dir, files, false)
	var exists *ExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("second run: %v, want an *ExistsError", err)
	}
	wantExisting := []string{filepath.Join(dir, ".github/workflows/ci.yml"), filepath.Join(dir, "README.md"), filepath.Join(dir, "stacks/app/tests/posture.tftest.hcl")}
	if diff := cmp.Diff(wantExisting, exists.Files); diff != "" {
		t.Errorf("existing files (-want +got):\n%s", diff)
	}
	want["README.md"], want["LICENSE"] = "mine\n", "license\n"
	if diff := cmp.Diff(want, golden.ReadDir(t, dir)); diff != "" {
		t.Fatalf("a refused run changed the directory:\n%s", diff)
	}

	changes, err = WriteTree(dir, files, true)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]ChangeKind{}
	for _, c := range changes {
		kinds[c.Name] = c.Kind
	}
	wantKinds := map[string]ChangeKind{".github/workflows/ci.yml": Unchanged, "README.md": Changed, "stacks/app/tests/posture.tftest.hcl": Unchanged, "new.txt": Created}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Error(diff)
	}
	want["README.md"], want["new.txt"] = "readme\n", "new\n"
	if diff := cmp.Diff(want, golden.ReadDir(t, dir)); diff != "" {
		t.Error(diff) // LICENSE, the user's, is still there
	}
}

// TestWriteTreePutsEverythingBackOnFailure: a write that fails part-way
// removes the files and folders it created and restores the one it
// overwrote; a folder that existed before stays, even when empty.
func TestWriteTreePutsEverythingBackOnFailure(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "empty"), 0o755)
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("old\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "z"), []byte("a file where a folder must go\n"), 0o644)
	files := Files{
		{Name: "a.txt", Bytes: []byte("new\n")},
		{Name: "empty/b.txt", Bytes: []byte("b\n")},
		{Name: "new/deep/c.txt", Bytes: []byte("c\n")},
		{Name: "z/d.txt", Bytes: []byte("d\n")},
	}
	if _, err := WriteTree(dir, files, true); err == nil {
		t.Fatal("WriteTree succeeded; the test needs z/d.txt to fail")
	}
	want := map[string]string{"a.txt": "old\n", "z": "a file where a folder must go\n"}
	if diff := cmp.Diff(want, golden.ReadDir(t, dir)); diff != "" {
		t.Errorf("directory not restored (-want +got):\n%s", diff)
	}
	if _, err := os.Stat(filepath.Join(dir, "new")); err == nil {
		t.Error("the folder new/ it created is still there")
	}
	if _, err := os.Stat(filepath.Join(dir, "empty")); err != nil {
		t.Error("the user's empty folder was removed")
	}
}

func TestWriteTreeRejectsNamesOutsideTheDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"../x", "/etc/x", "", "a/../../x"} {
		if _, err := WriteTree(filepath.Join(dir, "repo"), Files{{Name: name, Bytes: []byte("x")}}, true); err == nil {
			t.Errorf("%q: no error", name)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d entries written", len(entries))
	}
}

// TestApplyWithNothingToChange: a module that is up to date is not touched,
// not even by a temporary directory.
func TestApplyWithNothingToChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := Apply(dir, []Change{{Name: "a.tf", Kind: Unchanged, Old: []byte("a\n"), New: []byte("a\n")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Apply created %s with nothing to write: %v", dir, err)
	}
}

// TestApplyNewModule: a module written into a folder that does not exist
// gets the usual permissions and its tests/ folder.
func TestApplyNewModule(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "team", "app")
	changes := []Change{{Name: "main.tf", Kind: Created, New: []byte("m\n")}, {Name: "tests/p.tftest.hcl", Kind: Created, New: []byte("t\n")}}
	if err := Apply(dir, changes); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"main.tf": "m\n", "tests/p.tftest.hcl": "t\n"}, golden.ReadDir(t, dir)); diff != "" {
		t.Error(diff)
	}
	usual := filepath.Join(t.TempDir(), "usual")
	os.Mkdir(usual, 0o755)
	want, _ := os.Stat(usual)
	if got, err := os.Stat(dir); err != nil || got.Mode() != want.Mode() {
		t.Errorf("%s: %v, mode %v: want %v, as os.MkdirAll makes it", dir, err, got.Mode(), want.Mode())
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 1 {
		t.Errorf("Apply left %d entries beside the module, want none", len(entries)-1)
	}
}
