//go:build unix

package outdir

import (
	"io"
	"io/fs"
	"os"
	"syscall"
)

// On Unix, os.Open and os.WriteFile put every file they open into Go's
// network poller: two fcntl calls to make it non-blocking, an epoll_ctl
// that fails for a regular file, and two more fcntl calls to undo it. At
// ten files a module and a thousand modules, that is most of the system
// calls of a run. A file opened with syscall.Open and wrapped by os.NewFile
// is never polled (one fcntl, to see that it blocks); reads and writes
// still go through os.File.

// openFile opens name with flag and perm, as os.OpenFile does.
func openFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, flag|syscall.O_CLOEXEC, uint32(perm.Perm()))
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return os.NewFile(uintptr(fd), name), nil
}

// readFile is os.ReadFile.
func readFile(name string) ([]byte, error) {
	f, err := openFile(name, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The buffer's first size, as os.ReadFile sizes it: the file's size
	// and one byte for the read at its end, 512 at least (and where the
	// size is not an int, on a 32-bit system).
	var size int
	if info, err := f.Stat(); err == nil && int64(int(info.Size())) == info.Size() {
		size = int(info.Size())
	}
	size++
	size = max(size, 512)
	b := make([]byte, 0, size)
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// writeFile is os.WriteFile.
func writeFile(name string, data []byte, perm fs.FileMode) error {
	f, err := openFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return err
}
