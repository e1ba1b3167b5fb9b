// The floor under Butane's large-tree run: Go's own compress/gzip at
// BestCompression (what Butane runs for every file it embeds), over every
// regular file under a folder, on one core, plus the base64 of each result.
// bench/transpile.mjs runs it with `go run` when Go is installed and prints
// the time beside kindling's; nothing else in the project needs Go.
//
//	go run bench/reference/gzip-floor.go DIR
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

func main() {
	var files [][]byte
	err := filepath.WalkDir(os.Args[1], func(path string, entry fs.DirEntry, err error) error {
		if err != nil || !entry.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		files = append(files, data)
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	encoded := 0
	for _, data := range files {
		var out bytes.Buffer
		w, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
		w.Write(data)
		w.Close()
		encoded += len(base64.StdEncoding.EncodeToString(out.Bytes()))
	}
	fmt.Printf("%d files %d base64 bytes %.1f ms\n", len(files), encoded, float64(time.Since(start).Microseconds())/1000)
}
