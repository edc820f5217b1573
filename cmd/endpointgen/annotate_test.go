package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestAnnotate: a diagnostic with a place becomes one line of the CI's
// annotation syntax, its severity, place and text escaped as each CI's own
// libraries escape them; one without a place, or with no format, none.
func TestAnnotate(t *testing.T) {
	d := &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Wide, wide: 100%", Detail: "Line one;\r\nline [two].",
		Subject: &hcl.Range{Filename: "work loads/a,b:c.yaml", Start: hcl.Pos{Line: 3, Column: 5}, End: hcl.Pos{Line: 3, Column: 9}}}
	abs, err := filepath.Abs("work loads/a,b:c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ghFile := strings.NewReplacer(":", "%3A", ",", "%2C").Replace(filepath.ToSlash(abs))
	for _, tc := range []struct {
		format string
		d      *hcl.Diagnostic
		want   string
	}{
		{"github", d, "::warning file=" + ghFile + ",line=3,col=5,endLine=3,endColumn=9,title=endpointgen%3A Wide%2C wide%3A 100%25::Line one;%0D%0Aline [two].\n"},
		{"azure", d, "##vso[task.logissue type=warning;sourcepath=" + abs + ";linenumber=3;columnnumber=5;]endpointgen: Wide, wide: 100%AZP25: Line one;%0D%0Aline [two].\n"},
		{"github", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid name", Subject: d.Subject},
			"::error file=" + ghFile + ",line=3,col=5,endLine=3,endColumn=9,title=endpointgen%3A Invalid name::Invalid name\n"},
		{"azure", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid name", Subject: &hcl.Range{Filename: "/x;y]/m.yaml"}},
			"##vso[task.logissue type=error;sourcepath=/x%3By%5D/m.yaml;linenumber=0;columnnumber=0;]endpointgen: Invalid name\n"},
		{"github", &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "No place"}, ""},
		{"", d, ""},
	} {
		var b bytes.Buffer
		annotate(&b, tc.format, tc.d)
		if b.String() != tc.want {
			t.Errorf("%s, %s:\n got %q\nwant %q", tc.format, tc.d.Summary, b.String(), tc.want)
		}
	}
}

// TestAnnotateCLI: with ENDPOINTGEN_ANNOTATE, validate repeats a
// manifest's warning as an annotation after its text; any other value is a
// usage error before anything runs.
func TestAnnotateCLI(t *testing.T) {
	dir := t.TempDir()
	manifest := filepath.Join(dir, "a.yaml")
	os.WriteFile(manifest, []byte("apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stappdata01\n    subresources: [dfs]\n"), 0o644)
	t.Setenv(annotateVar, "github")
	code, _, stderr := runCLI(t, "validate", manifest)
	want := "::warning file=" + strings.NewReplacer(":", "%3A", ",", "%2C").Replace(filepath.ToSlash(manifest)) + ",line=8,col=19,endLine=8,endColumn=24,title=endpointgen%3A dfs without blob::Data Lake Storage"
	if code != 0 || !strings.Contains(stderr, "Warning: dfs without blob") || !strings.Contains(stderr, want) ||
		strings.Index(stderr, "Warning: dfs without blob") > strings.Index(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant the warning, then %q…", code, stderr, want)
	}
	t.Setenv(annotateVar, "")
	if _, stdout, stderr := runCLI(t, "validate", manifest); strings.Contains(stderr, "::warning") || stdout != manifest+": valid, with 1 warning\n" {
		t.Errorf("annotated unasked, or miscounted:\n%s%s", stdout, stderr)
	}
	t.Setenv(annotateVar, "gitlab")
	if code, stdout, stderr := runCLI(t, "version"); code != exitUsage || stdout != "" || !strings.Contains(stderr, `ENDPOINTGEN_ANNOTATE="gitlab": github (GitHub Actions) or azure (Azure Pipelines)`) {
		t.Errorf("ENDPOINTGEN_ANNOTATE=gitlab: exit %d, %q, %q", code, stdout, stderr)
	}
}

// TestAnnotateAcrossManifests: what the run finds across manifests at a
// manifest's line (two workloads creating one resource; refused, or a
// warning) is annotated there too.
func TestAnnotateAcrossManifests(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{
		"aa.yaml": workload("aa") + "  - type: key_vault\n    name: kv-shared-01\n",
		"bb.yaml": strings.Replace(workload("bb"), "stbb01", "staa01", 1) + "  - type: key_vault\n    name: kv-shared-01\n",
	})
	t.Setenv(annotateVar, "azure")
	_, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"), "-q")
	// At each name the refusal is about: the storage account and the key
	// vault, after the problem's text.
	for _, line := range []string{"6", "8"} {
		want := "##vso[task.logissue type=error;sourcepath=" + filepath.Join(root, "workloads", "bb.yaml") + ";linenumber=" + line + ";columnnumber=11;]endpointgen: Two workloads would create one resource: "
		if i := strings.Index(stderr, want); i < 0 || i < strings.Index(stderr, "Error: Two workloads would create one resource") {
			t.Errorf("refused, stderr:\n%s\nwant %q after the text", stderr, want)
		}
	}
	// The same names for the resource groups, in one subscription or two.
	shared := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{
		"aa.yaml": workload("aa") + "resource_group:\n  name: rg-shared\n",
		"bb.yaml": workload("bb") + "resource_group:\n  name: rg-shared\n",
	})
	t.Setenv(annotateVar, "github")
	_, _, stderr = runCLI(t, "validate", filepath.Join(shared, "workloads"), "-q")
	if !strings.Contains(stderr, "::warning file=") || !strings.Contains(stderr, "title=endpointgen%3A Two workloads may create one resource::") {
		t.Errorf("a warning, stderr:\n%s", stderr)
	}
}
