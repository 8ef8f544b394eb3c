//go:build tools

package tools

import _ "github.com/ipfs/kubo/cmd/ipfs"
