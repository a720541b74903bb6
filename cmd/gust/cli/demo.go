package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/gust-load/gust/examples/shop/shopserver"
)

// newDemoTargetCommand serves the bundled demo shop that the examples load.
func newDemoTargetCommand(st *State) *cobra.Command {
	var opts shopserver.Options
	var addr string
	cmd := &cobra.Command{
		Use:   "demo-target",
		Short: "Serve the demo shop the examples load (prints its URL, stops on Ctrl-C)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithCancel(cmd.Context())
			defer cancel()
			go func() {
				select {
				case <-st.Signals:
					cancel()
				case <-ctx.Done():
				}
			}()
			err := shopserver.Run(ctx, addr, opts, st.Stdout)
			if errors.Is(err, shopserver.ErrOptions) {
				return &usageError{msg: err.Error()}
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	f.DurationVar(&opts.Latency, "latency", 0, "extra latency added to every response")
	f.DurationVar(&opts.Jitter, "jitter", 0, "extra random latency in [0, jitter) added to every response")
	f.Float64Var(&opts.ErrorRate, "error-rate", 0, "share of requests, 0 to 1, answered with an injected 500")
	f.Int64Var(&opts.Seed, "seed", 0, "seed for /flaky and injected errors")
	f.BoolVar(&opts.NoBaseLatency, "no-base-latency", false, "drop the built-in few milliseconds per response")
	return cmd
}
