package live_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/shuxiang/shuxiang/apps/county/internal/live"
)

// ExampleHub subscribes to the events of one village and publishes a well's
// day total from that village and one from another.
func ExampleHub() {
	hub := live.NewHub(live.Options{})
	defer hub.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := hub.Subscribe(ctx, func(e live.Event) bool { return e.Division == "654229001001" })

	hub.Publish(live.Event{Kind: live.KindDaily, Division: "654229001002",
		Data: json.RawMessage(`{"well":"654229-J0002","volume":"3.5"}`)})
	hub.Publish(live.Event{Kind: live.KindDaily, Division: "654229001001",
		Data: json.RawMessage(`{"well":"654229-J0001","volume":"12.25"}`)})

	e := <-events
	fmt.Println(e.Kind, e.Division, string(e.Data))
	// Output: daily 654229001001 {"well":"654229-J0001","volume":"12.25"}
}
