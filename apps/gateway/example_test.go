package main

import "os"

// Validating the demo configuration with -check, as an operator does before
// deploying a changed file.
func Example_check() {
	gatewayMain([]string{"-config", "../../examples/gateway/demo.yaml", "-check"}, os.Stdout, os.Stderr)
	// Output:
	// ../../examples/gateway/demo.yaml: configuration valid: 3 devices
}
