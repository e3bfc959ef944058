package outbox_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/shuxiang/shuxiang/iot/outbox"
)

func Example() {
	dir, err := os.MkdirTemp("", "outbox")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	// The data path only appends; Append returns once the record is durable.
	o, err := outbox.Open(dir, outbox.Options{})
	if err != nil {
		log.Fatal(err)
	}
	o.Append(ctx, []byte(`{"air_temp":2315}`))
	o.Append(ctx, []byte(`{"air_temp":2320}`))

	// The sender delivers the first record, then the process stops.
	rec, _ := o.Next(ctx)
	o.Ack(rec.Seq)
	o.Close()

	// After the restart the unacknowledged record comes again, marked historical.
	o, err = outbox.Open(dir, outbox.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer o.Close()
	rec, _ = o.Next(ctx)
	fmt.Println(rec.Seq, rec.Historical, string(rec.Payload))
	// Output: 2 true {"air_temp":2320}
}
