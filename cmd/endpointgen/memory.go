package main

import (
	"os"
	"runtime/debug"
	"sync/atomic"

	"github.com/endpointgen/endpointgen/cmd/endpointgen/internal/hugepages"
	"github.com/endpointgen/endpointgen/generator/outdir"
)

// memoryMargin is how far above what a run keeps its memory may grow
// before the garbage is collected.
const memoryMargin = 48 << 20

// memoryBudget has a run collect garbage rarely, with its memory a fixed
// margin above what it keeps. Planning a workload makes about 0.2 MB of
// short-lived garbage and keeps only the files it will write or show; with
// Go's default (GOGC=100) a run that keeps little collects every few
// megabytes, which costs a sixth of its time. The limit grows with what
// the run keeps, so a large first run never collects without end. GOGC or
// GOMEMLIMIT in the environment win.
type memoryBudget struct {
	on   bool
	kept atomic.Int64
}

// newMemoryBudget sets the budget of a run of the given number of
// workloads. A run of hugeHeapWorkloads or more (generate or validate of a
// folder) also asks for its heap in huge pages (hugepages.Heap).
func newMemoryBudget(workloads int) *memoryBudget {
	if workloads >= hugeHeapWorkloads {
		hugepages.Heap(memoryMargin + workloads*keptPerWorkload)
	}
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return &memoryBudget{}
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(memoryMargin)
	return &memoryBudget{on: true}
}

// hugeHeapWorkloads is the fewest workloads of a run whose heap outgrows
// the few megabytes it starts with, for which hugepages.Heap pays (measured at
// 40: 53 to 48 ms from scratch).
const hugeHeapWorkloads = 32

// keptPerWorkload is about what a run keeps of each workload (the files
// it writes or compares, about 10 KB each way for a storage account).
const keptPerWorkload = 24 << 10

// keep counts the contents a planned workload keeps until the run ends.
func (b *memoryBudget) keep(changes []outdir.Change) {
	if !b.on {
		return
	}
	n := 0
	for _, c := range changes {
		n += len(c.Old) + len(c.New)
	}
	debug.SetMemoryLimit(memoryMargin + b.kept.Add(int64(n)))
}
