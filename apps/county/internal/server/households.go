package server

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
)

// householdInput is the body of a household (contractor) create or update.
type householdInput struct {
	Code    string        `json:"code"`
	Name    string        `json:"name"`
	Address string        `json:"address"`
	Members []memberInput `json:"members"`
	// Version is the version read, for an update; 0 for a create.
	Version int64 `json:"version"`
}

type memberInput struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
	IDNumber string `json:"id_number"`
	Remark   string `json:"remark"`
}

// householdOutput is a household as the API returns it. Member ID numbers
// are masked unless the caller may change the household.
type householdOutput struct {
	Code      string        `json:"code"`
	Village   string        `json:"village"`
	Name      string        `json:"name"`
	Address   string        `json:"address"`
	Members   []memberInput `json:"members"`
	Version   int64         `json:"version"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// maxMembers bounds the members of one household.
const maxMembers = 100

func householdJSON(c *land.Contractor, unmasked bool) householdOutput {
	out := householdOutput{Code: string(c.Code), Village: string(c.Code)[:12], Name: c.Name, Address: c.Address,
		Members: make([]memberInput, 0, len(c.Members)), Version: c.Version, UpdatedAt: c.UpdatedAt}
	for _, m := range c.Members {
		id := m.IDNumber
		if !unmasked {
			id = m.MaskedIDNumber()
		}
		rel := ""
		if m.Relation != 0 {
			rel = m.Relation.String()
		}
		out.Members = append(out.Members, memberInput{Name: m.Name, Relation: rel, IDNumber: id, Remark: m.Remark})
	}
	return out
}

func (in *householdInput) contractor() (*land.Contractor, *fieldError) {
	c := &land.Contractor{Name: in.Name, Address: in.Address, Version: in.Version}
	var err error
	if c.Code, err = land.ParseContractorCode(in.Code); err != nil {
		return nil, invalid("code", "%v", err)
	}
	if in.Name == "" {
		return nil, invalid("name", "name is missing, want the household head's or the unit's name")
	}
	if len(in.Name) > maxTextLen {
		return nil, invalid("name", "name is %d bytes long, want at most %d", len(in.Name), maxTextLen)
	}
	if len(in.Address) > maxTextLen {
		return nil, invalid("address", "address is %d bytes long, want at most %d", len(in.Address), maxTextLen)
	}
	if len(in.Members) > maxMembers {
		return nil, invalid("members", "%d members, want at most %d", len(in.Members), maxMembers)
	}
	if in.Version < 0 {
		return nil, invalid("version", "version %d is negative", in.Version)
	}
	for i, m := range in.Members {
		field := fmt.Sprintf("members[%d]", i)
		member := land.Member{Name: m.Name, IDNumber: m.IDNumber, Remark: m.Remark}
		if m.Name == "" {
			return nil, invalid(field+".name", "member name is missing")
		}
		if len(m.Name) > maxTextLen || len(m.Remark) > maxTextLen || len(m.IDNumber) > 40 {
			return nil, invalid(field, "a member field is too long, want names and remarks of at most %d bytes and ID numbers of at most 40", maxTextLen)
		}
		if m.Relation != "" {
			if member.Relation, err = land.ParseRelation(m.Relation); err != nil {
				return nil, invalid(field+".relation", "%v", err)
			}
		}
		if err := member.Validate(); err != nil {
			return nil, invalid(field, "%v", err)
		}
		c.Members = append(c.Members, member)
	}
	if err := c.Validate(); err != nil {
		return nil, invalid("", "%v", err)
	}
	return c, nil
}

func (s *Server) listHouseholds(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaLand) {
		forbidden(w, p, "read households")
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
	// Contractor codes begin with the 12 digits of their village, so the scope
	// is a code prefix, which the store cannot filter on: it takes whole issuer
	// codes only.
	fetch := func(after string, limit int) ([]*land.Contractor, string, error) {
		return s.cfg.Land.Contractors(r.Context(), land.ContractorFilter{Page: land.Page{Limit: limit, After: after}})
	}
	keep := func(c *land.Contractor) (bool, error) {
		return div == "" || div.Contains(land.DivisionCode(string(c.Code)[:12])), nil
	}
	found, next, err := collect(pg.Limit, pg.After, fetch, keep)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[householdOutput]{Items: make([]householdOutput, 0, len(found)), Next: next}
	for _, c := range found {
		out.Items = append(out.Items, householdJSON(c, p.CanWrite(auth.AreaLand)))
	}
	writeJSON(w, r, http.StatusOK, out)
}

// scopedHousehold returns the household of the path's code when it lies in
// p's scope, and writes 404 otherwise.
func (s *Server) scopedHousehold(w http.ResponseWriter, r *http.Request, p auth.Principal) (*land.Contractor, bool) {
	code, err := land.ParseContractorCode(r.PathValue("code"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "code")
		return nil, false
	}
	if !p.InScopePrefix(string(code)) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("household %s is not found in division %s", code, p.Division), "code")
		return nil, false
	}
	c, err := s.cfg.Land.Contractor(r.Context(), code)
	if errors.Is(err, land.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("household %s is not found in division %s", code, p.Division), "code")
		return nil, false
	}
	if err != nil {
		s.internal(w, r, err)
		return nil, false
	}
	return c, true
}

func (s *Server) getHousehold(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaLand) {
		forbidden(w, p, "read households")
		return
	}
	c, ok := s.scopedHousehold(w, r, p)
	if !ok {
		return
	}
	writeJSON(w, r, http.StatusOK, householdJSON(c, p.CanWrite(auth.AreaLand)))
}

func (s *Server) createHousehold(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanWrite(auth.AreaLand) {
		forbidden(w, p, "change households")
		return
	}
	var in householdInput
	if fe := decodeBody(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Version != 0 {
		writeFieldError(w, invalid("version", "version is %d, want 0 or none on create", in.Version))
		return
	}
	c, fe := in.contractor()
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	if !p.InScopePrefix(string(c.Code)) {
		writeError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("household %s lies outside your division %s", c.Code, p.Division), "code")
		return
	}
	if err := s.cfg.Land.PutContractor(r.Context(), c); err != nil {
		s.storeError(w, r, err, "code")
		return
	}
	out := householdJSON(c, true)
	s.audit(r, p, "create", "household", string(c.Code), out.Village, nil, householdJSON(c, false))
	w.Header().Set("Location", "/api/v1/households/"+string(c.Code))
	writeJSON(w, r, http.StatusCreated, out)
}

func (s *Server) updateHousehold(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanWrite(auth.AreaLand) {
		forbidden(w, p, "change households")
		return
	}
	var in householdInput
	if fe := decodeBody(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Code == "" {
		in.Code = r.PathValue("code")
	}
	if in.Code != r.PathValue("code") {
		writeFieldError(w, invalid("code", "code %q differs from the path's %q; a household keeps its code", in.Code, r.PathValue("code")))
		return
	}
	if in.Version == 0 {
		writeFieldError(w, invalid("version", "version is missing, want the version of the household as read"))
		return
	}
	c, fe := in.contractor()
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	old, ok := s.scopedHousehold(w, r, p)
	if !ok {
		return
	}
	if err := s.cfg.Land.PutContractor(r.Context(), c); err != nil {
		s.storeError(w, r, err, "version")
		return
	}
	out := householdJSON(c, true)
	s.audit(r, p, "update", "household", string(c.Code), out.Village, householdJSON(old, false), householdJSON(c, false))
	writeJSON(w, r, http.StatusOK, out)
}
