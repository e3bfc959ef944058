package broker_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/shuxiang/shuxiang/apps/county/internal/broker"
)

// ExampleStart starts the embedded broker on a free loopback port, with its
// JetStream streams in a folder of the data directory.
func ExampleStart() {
	dir, err := os.MkdirTemp("", "county-broker")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	b, err := broker.Start(broker.Config{Dir: dir})
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	fmt.Println(strings.HasPrefix(b.MQTTURL(), "tcp://127.0.0.1:"))
	// Output: true
}
