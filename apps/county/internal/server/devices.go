package server

import (
	"net/http"
	"slices"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/devices"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
)

// deviceKinds are the kinds a device listing may filter on.
var deviceKinds = []string{devices.KindGateway, devices.KindDevice, devices.KindStation}

func (s *Server) listDevices(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read devices")
		return
	}
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := divisionQuery(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}

	f := store.DeviceFilter{Division: string(div), After: pg.After, Limit: pg.Limit}
	q := r.URL.Query()
	if v := q.Get("state"); v != "" {
		if !slices.Contains(devices.States, v) {
			writeFieldError(w, badQuery("state", "state %q is invalid, want one of %v", v, devices.States))
			return
		}
		f.State = v
	}
	if v := q.Get("kind"); v != "" {
		if !slices.Contains(deviceKinds, v) {
			writeFieldError(w, badQuery("kind", "kind %q is invalid, want one of %v", v, deviceKinds))
			return
		}
		f.Kind = v
	}

	found, err := s.cfg.County.Devices(r.Context(), f)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[devices.DeviceOutput]{Items: make([]devices.DeviceOutput, 0, len(found))}
	for _, d := range found {
		out.Items = append(out.Items, devices.Output(d))
	}
	if len(found) == pg.Limit {
		out.Next = found[len(found)-1].ID
	}
	writeJSON(w, r, http.StatusOK, out)
}
