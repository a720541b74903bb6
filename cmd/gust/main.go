// Command gust runs Locust locustfiles: a load generator in one static
// binary. See `gust --help` and docs/cli.md.
package main

import (
	"os"

	"github.com/gust-load/gust/cmd/gust/cli"
)

func main() { os.Exit(cli.Main(cli.OSState())) }
