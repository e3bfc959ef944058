package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

// deviceCreateCommand creates the device account of a gateway and prints its
// secret once, with the MQTT settings the gateway needs for the embedded
// broker.
func deviceCreateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county device create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	gw := fs.String("gateway", "", "`GROUP/GATEWAY` of the gateway as in its topics shuxiang/v1/GROUP/GATEWAY/..., lower case (required)")
	division := fs.String("division", "", "GB/T 2260 `code` of the division the gateway serves, such as its village (required without -reset)")
	reset := fs.Bool("reset", false, "give an existing device account a new secret, which ends the old one")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	group, gateway, ok := strings.Cut(*gw, "/")
	if !ok {
		fmt.Fprintf(stderr, "county device create: -gateway %q: want GROUP/GATEWAY such as 654229101/gw-654229101201\n", *gw)
		return 2
	}
	name, err := gatewayAccount(group, gateway)
	if err != nil {
		fmt.Fprintf(stderr, "county device create: -gateway: %v\n", err)
		return 2
	}
	div, err := land.ParseDivisionCode(*division)
	if err == nil {
		err = auth.GatewayDevice.ValidateDivision(div)
	}
	if err != nil && !*reset {
		fmt.Fprintf(stderr, "county device create: -division %q: %v\n", *division, err)
		return 2
	}

	a, err := openApp(ctx, sf, newLogger(stderr))
	if err != nil {
		fmt.Fprintf(stderr, "county device create: %v\n", err)
		return 1
	}
	defer a.close()
	var secret string
	if *reset {
		secret, err = resetDeviceSecret(ctx, a, name)
	} else {
		secret, err = a.auth.CreateAccount(ctx, name, auth.GatewayDevice, div)
	}
	switch {
	case errors.Is(err, store.ErrConflict):
		fmt.Fprintf(stderr, "county device create: device account %q exists; add -reset to give it a new secret\n", name)
		return 1
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(stderr, "county device create: device account %q not found or deleted; create it without -reset\n", name)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "county device create: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "device account %q of gateway %s/%s\n", name, group, gateway)
	fmt.Fprintf(stdout, "secret (shown once, stored only as a hash): %s\n", secret)
	fmt.Fprintf(stdout, "gateway MQTT settings: username %s, password the secret, client id %s\n",
		name, gatewayClientID(group, gateway))
	return 0
}
