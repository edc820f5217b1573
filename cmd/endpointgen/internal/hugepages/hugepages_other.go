//go:build !linux

package hugepages

// Heap asks for huge pages on Linux only (hugepages_linux.go).
func Heap(int) {}
