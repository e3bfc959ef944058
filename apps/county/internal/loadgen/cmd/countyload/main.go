// Command countyload seeds a county data folder and measures GET requests
// against a running county server.
//
//	countyload seed -data DIR [-database URL] [-account NAME]
//	countyload run -url URL -token TOKEN [-c 64] [-d 10s]
//
// seed prints the token of the account it creates. run prints the requests
// per second and the p50, p90 and p99 latency.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/loadgen"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: countyload seed -data DIR | countyload run -url URL -token TOKEN [-c N] [-d DURATION]")
		return 2
	}
	ctx := context.Background()
	switch args[0] {
	case "seed":
		fs := flag.NewFlagSet("countyload seed", flag.ContinueOnError)
		fs.SetOutput(stderr)
		data := fs.String("data", "", "`folder` of the SQLite database county.db")
		database := fs.String("database", "", "PostgreSQL `URL`; empty means SQLite in -data")
		account := fs.String("account", "load", "`name` of the county administrator to create")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		seeded, err := loadgen.Seed(ctx, *data, *database, *account)
		if err != nil {
			fmt.Fprintf(stderr, "countyload seed: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, seeded.Token)
		return 0
	case "run":
		fs := flag.NewFlagSet("countyload run", flag.ContinueOnError)
		fs.SetOutput(stderr)
		var cfg loadgen.Config
		fs.StringVar(&cfg.URL, "url", "", "`URL` to GET")
		fs.StringVar(&cfg.Token, "token", "", "bearer `token` to send")
		fs.IntVar(&cfg.Connections, "c", 64, "`number` of concurrent keep-alive connections")
		fs.DurationVar(&cfg.Duration, "d", 10*time.Second, "`duration` of the run")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		res, err := loadgen.Run(ctx, cfg)
		if err != nil {
			fmt.Fprintf(stderr, "countyload run: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, res)
		return 0
	}
	fmt.Fprintf(stderr, "countyload: command %q is unknown, want seed or run\n", args[0])
	return 2
}
