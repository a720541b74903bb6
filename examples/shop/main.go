// Command shop runs the demo target that gust's examples load: a small online shop over HTTP.
//
//	go run ./examples/shop [-addr 127.0.0.1:0] [-latency 0] [-jitter 0] [-error-rate 0] [-seed 0]
//
// It prints one line, "shop listening on http://127.0.0.1:PORT", and serves until SIGINT or
// SIGTERM. See package shopserver for the endpoints.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gust-load/gust/examples/shop/shopserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole command with its process boundary passed in, so it can be tested in-process.
// It returns the exit code: 0 after a clean stop, 2 for bad flags, 1 for anything else.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("shop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts shopserver.Options
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	fs.DurationVar(&opts.Latency, "latency", 0, "extra latency added to every response")
	fs.DurationVar(&opts.Jitter, "jitter", 0, "extra random latency in [0, jitter) added to every response")
	fs.Float64Var(&opts.ErrorRate, "error-rate", 0, "share of requests, 0 to 1, answered with an injected 500")
	fs.Int64Var(&opts.Seed, "seed", 0, "seed for /flaky and injected errors (same seed, same failures)")
	fs.BoolVar(&opts.NoBaseLatency, "no-base-latency", false, "drop the built-in few milliseconds per response")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "shop: unexpected arguments: %v\n", fs.Args())
		fs.Usage()
		return 2
	}
	if err := shopserver.Run(ctx, *addr, opts, stdout); err != nil {
		fmt.Fprintf(stderr, "shop: %v\n", err)
		if errors.Is(err, shopserver.ErrOptions) {
			return 2
		}
		return 1
	}
	return 0
}
