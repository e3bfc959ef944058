// Command framedump decodes telemetry frames given as hex and prints one JSON
// object per frame: the protocol and the decoded fields with their values and
// units, or the reason the frame was rejected.
//
// Usage:
//
//	go run ./examples/framedump [-protocol NAME] [HEX ...]
//
// Without arguments it reads one frame per line from standard input. Blank
// lines and lines starting with # are skipped, and so are spaces inside the
// hex. NAME is auto (the default: detect from the frame), dlt645, cjt188,
// szy206, slt427 (SZY 206 frames with the 7-byte time label of SL/T 427-2021),
// sl651, modbus or modbus-registers. For modbus (Modbus RTU) the direction is
// guessed from the function code and length. modbus-registers decodes the
// data bytes of Modbus registers as every type in every byte order and is
// never detected. The exit status is 1 when input cannot be read and 2 for a
// usage error; rejected frames do not change it.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run parses args, decodes every frame and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("framedump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: framedump [-protocol NAME] [HEX ...]")
		fs.PrintDefaults()
	}
	protocol := fs.String("protocol", "auto", "protocol of the frames: auto, "+strings.Join(protocolNames(), ", "))
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *protocol != "auto" && decoders[*protocol] == nil {
		fmt.Fprintf(stderr, "framedump: unknown protocol %q, want auto or one of %s\n",
			*protocol, strings.Join(protocolNames(), ", "))
		return 2
	}

	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	emit := func(line int, text string) error {
		return enc.Encode(dump(line, text, *protocol))
	}
	var err error
	if fs.NArg() > 0 {
		for i, arg := range fs.Args() {
			if err = emit(i+1, arg); err != nil {
				break
			}
		}
	} else {
		err = eachLine(stdin, emit)
	}
	if err != nil {
		fmt.Fprintf(stderr, "framedump: %v\n", err)
		return 1
	}
	return 0
}

// eachLine calls fn with the 1-based number and text of every frame line.
func eachLine(r io.Reader, fn func(line int, text string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if err := fn(n, text); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading standard input: %w", err)
	}
	return nil
}
