package ingest

import "github.com/shuxiang/shuxiang/iot/centre"

type centreEvent = centre.Event

func newCentreMessage(station string) *centre.Event {
	return &centre.Event{Kind: centre.Message, Station: station, Protocol: centre.SL651}
}
