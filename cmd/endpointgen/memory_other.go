//go:build !linux

package main

// hugeHeap asks for huge pages on Linux only (memory_linux.go).
func hugeHeap(int) {}
