package pyfront

import (
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/stdlib"
)

// testRegistry is the CLI's registry of standard modules (every module gust
// provides, and advice for those it does not), without the locust module.
func testRegistry() *modules.Registry { return stdlib.Standard() }
