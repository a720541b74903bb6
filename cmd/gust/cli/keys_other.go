//go:build !linux

package cli

import "os"

// cbreak is not available here: no keyboard controls.
func cbreak(*os.File) (restore func(), ok bool) { return nil, false }
