// Package durable writes small files so that a crash, or a power cut on a
// disk that honours fsync, leaves either the old contents or the new ones,
// never a mix or an empty file.
package durable

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile replaces the file at path with data. It writes data to a
// temporary file in the same directory, fsyncs it, renames it over path and
// fsyncs the directory, so the new name is on disk when WriteFile returns.
// On failure it removes the temporary file and leaves path as it was. perm
// applies to a newly created file. Two concurrent calls for one path must be
// serialised by the caller, because they share the temporary file name
// path+".tmp".
func WriteFile(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	if err := writeSync(tmp, data, perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := SyncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeSync writes data to the file path and fsyncs it. It removes the file
// when a write fails after the file was opened.
func writeSync(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// SyncDir fsyncs the directory dir, which makes the creation, renaming or
// removal of its entries durable.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
