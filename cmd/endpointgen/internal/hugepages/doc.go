// Package hugepages asks Linux for endpointgen's heap in transparent huge
// pages. Go's heap grows in 4 KB pages, each faulted in on its first
// touch; on a virtual machine a page fault costs tens of microseconds, so
// the faults took about a third of a one-workload run and a quarter of the
// CPU time of a thousand workloads (2026-12-01, a 2-core Firecracker VM).
// A huge page is 2 MB faulted in at once.
//
// Two places ask: this package's initialisation, for the start of every
// run, and Heap, for a run of many workloads. The advice (madvise
// MADV_HUGEPAGE) takes effect where /sys/kernel/mm/transparent_hugepage/enabled
// is "madvise", the default of many distributions; with "always" the pages
// are huge already, with "never" nothing changes. Either way what a run
// does and writes is the same: only its memory's pages differ.
//
// Sources: madvise(2), MADV_HUGEPAGE and MADV_COLLAPSE
// (https://man7.org/linux/man-pages/man2/madvise.2.html); the kernel's
// transparent huge page documentation
// (https://docs.kernel.org/admin-guide/mm/transhuge.html).
package hugepages
