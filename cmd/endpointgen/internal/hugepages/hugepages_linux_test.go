package hugepages

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// TestStartAdvised checks that this package's initialisation advised huge
// pages for the heap's first chunk, from the huge page of its first object
// to the chunk's end. It runs first: TestAdvise's pages may lie in that
// chunk.
func TestStartAdvised(t *testing.T) {
	needTHP(t)
	p := uintptr(unsafe.Pointer(first))
	lo, hi := p&^(hugePage-1), p&^(heapChunk-1)+heapChunk
	if got := advisedHuge(t, lo, hi); got != int(hi-lo) {
		t.Fatalf("%d of the %d bytes from the first object's huge page to the chunk's end are advised for huge pages", got, hi-lo)
	}
}

// TestAdvise checks that the pages Heap maps are advised for huge pages:
// the mappings that hold them carry VmFlags hg in /proc/self/smaps.
func TestAdvise(t *testing.T) {
	needTHP(t)
	b := make([]byte, 8<<20)
	advise(b)
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if got := advisedHuge(t, lo, lo+uintptr(len(b))); got != len(b) {
		t.Fatalf("%d of the %d bytes are advised for huge pages", got, len(b))
	}
}

func needTHP(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("this kernel has no transparent huge pages:", err)
	}
}

// advisedHuge is how many bytes of [lo, hi) lie in mappings of this
// process advised for huge pages.
func advisedHuge(t *testing.T, lo, hi uintptr) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	total := 0
	var start, end uintptr // the mapping being read
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if fields := strings.Fields(line); len(fields) > 0 && fields[0] == "VmFlags:" {
			for _, flag := range fields[1:] {
				if flag == "hg" {
					total += int(max(0, int64(min(end, hi))-int64(max(start, lo))))
				}
			}
			continue
		}
		// A mapping's first line: "7f1c2a000000-7f1c2e000000 rw-p ...".
		var s, e uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &s, &e); n == 2 {
			start, end = s, e
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return total
}
