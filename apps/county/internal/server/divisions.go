package server

import (
	"net/http"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
)

// divisionOutput is a division's name as the API returns it.
type divisionOutput struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

func (s *Server) listDivisions(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaLand) && !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read divisions")
		return
	}
	if fe := checkQuery(r, "division"); fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := statsDivision(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	ds, err := s.cfg.County.Divisions(r.Context(), div)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[divisionOutput]{Items: make([]divisionOutput, 0, len(ds))}
	for _, d := range ds {
		out.Items = append(out.Items, divisionOutput{Code: string(d.Code), Name: d.Name, Level: d.Code.Level().String()})
	}
	writeJSON(w, r, http.StatusOK, out)
}
