package server

import (
	"encoding/json"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// PlotJSON returns p in the JSON form that the API returns and writes to the
// audit log, so that other writers of the register, such as county import,
// log the same form.
func PlotJSON(p *land.Plot) (json.RawMessage, error) {
	o, err := plotJSON(p)
	if err != nil {
		return nil, err
	}
	return json.Marshal(o)
}

// WellJSON returns w in the JSON form that the API returns.
func WellJSON(w *water.WellRecord) (json.RawMessage, error) { return json.Marshal(wellJSON(w)) }

// PlanJSON returns p in the JSON form that the API returns and writes to the
// audit log.
func PlanJSON(p *water.PlanRecord) (json.RawMessage, error) { return json.Marshal(planJSON(p)) }
