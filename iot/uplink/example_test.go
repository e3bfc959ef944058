package uplink_test

import (
	"context"
	"log"
	"os"
	"os/signal"

	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// The gateway's data path appends to the outbox; a goroutine of its own runs
// the uplink, which drains the outbox whenever the broker is reachable.
func Example() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	box, err := outbox.Open("/var/lib/gateway/outbox", outbox.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer box.Close()

	u, err := uplink.New(box, uplink.Config{
		Broker:   "ssl://broker.example.org:8883",
		Group:    "korla-orchards",
		Gateway:  "gw-017",
		Username: "gw-017",
		Password: os.Getenv("GATEWAY_MQTT_PASSWORD"),
		OnCommand: func(c uplink.Command) {
			log.Printf("command on %s: %s", c.Topic, c.Payload)
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	go u.Run(ctx)

	// In the poll loop: durable once Enqueue returns, sent when the link is up.
	if _, err := uplink.Enqueue(ctx, box, uplink.Telemetry,
		[]byte(`{"dev":"ws-01","air_temp":2315}`)); err != nil {
		log.Print(err)
	}
}
