// Package auth holds the county server's users and access rules: roles, the
// administrative division each account is scoped to, argon2id hashes of
// passwords, device secrets and API tokens, login with rate limiting, and the
// authentication of requests by bearer token.
//
// Every account belongs to one division: the county administrator's is the
// county, a township officer's a township and a village cadre's a village.
// A caller sees and changes only records that lie within its division
// ([land.DivisionCode.Contains]).
package auth

import (
	"fmt"
	"strings"

	"github.com/shuxiang/shuxiang/land"
)

// Role is the set of rights of an account.
type Role string

// The roles of the county server.
const (
	// CountyAdmin reads and changes everything in the county and manages accounts.
	CountyAdmin Role = "county_admin"
	// TownshipOfficer reads land and water and changes land and trace records in a
	// township.
	TownshipOfficer Role = "township_officer"
	// VillageCadre reads land and water and changes land and trace records in a
	// village.
	VillageCadre Role = "village_cadre"
	// WaterOfficer reads land and reads and changes water records in a division.
	WaterOfficer Role = "water_officer"
	// Regulator reads everything in a division, including the audit log, and changes nothing.
	Regulator Role = "regulator"
	// GatewayDevice is a field gateway: it sends telemetry and reads nothing from the API.
	GatewayDevice Role = "gateway_device"
	// Public reads only the public endpoints.
	Public Role = "public"
)

// Roles lists every role.
var Roles = []Role{CountyAdmin, TownshipOfficer, VillageCadre, WaterOfficer, Regulator, GatewayDevice, Public}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return "", fmt.Errorf("role %q is not known, want one of %s", s, strings.Join(names, ", "))
}

// Area is a group of records that access rules treat alike.
type Area uint8

// The areas of the API.
const (
	// AreaLand is plots, households and contracts.
	AreaLand Area = iota + 1
	// AreaWater is wells, their daily totals and alarms.
	AreaWater
	// AreaAudit is the audit log.
	AreaAudit
	// AreaAccounts is accounts and their tokens.
	AreaAccounts
	// AreaTrace is traceability: producers, products, batches, codes,
	// certificates, test reports and supply-chain events.
	AreaTrace
)

// String returns the area's name.
func (a Area) String() string {
	switch a {
	case AreaLand:
		return "land"
	case AreaWater:
		return "water"
	case AreaAudit:
		return "audit"
	case AreaAccounts:
		return "accounts"
	case AreaTrace:
		return "trace"
	}
	return fmt.Sprintf("Area(%d)", uint8(a))
}

// ValidateDivision checks that the division level fits the role: a county
// code for the county administrator, a township code for a township officer and
// a village code for a village cadre. Other roles take any valid code.
func (r Role) ValidateDivision(d land.DivisionCode) error {
	if err := d.Validate(); err != nil {
		return err
	}
	want := land.DivisionLevel(0)
	switch r {
	case CountyAdmin:
		want = land.DivisionCounty
	case TownshipOfficer:
		want = land.DivisionTownship
	case VillageCadre:
		want = land.DivisionVillage
	}
	if want != 0 && d.Level() != want {
		return fmt.Errorf("division %s is a %v, want a %v code for role %s", d, d.Level(), want, r)
	}
	return nil
}

// Principal is the caller of a request.
type Principal struct {
	// Account is the account name; empty for an anonymous caller.
	Account string
	// Role is the account's role; Public for an anonymous caller.
	Role Role
	// Division is the division the caller is scoped to; empty for Public.
	Division land.DivisionCode
}

// Anonymous is the principal of a request without credentials.
var Anonymous = Principal{Role: Public}

// Authenticated reports whether p carries an account.
func (p Principal) Authenticated() bool { return p.Account != "" }

// CanRead reports whether p may read records of the area.
func (p Principal) CanRead(a Area) bool {
	switch p.Role {
	case CountyAdmin, Regulator:
		return true
	case TownshipOfficer, VillageCadre:
		return a == AreaLand || a == AreaWater || a == AreaTrace
	case WaterOfficer:
		return a == AreaLand || a == AreaWater
	}
	return false
}

// CanWrite reports whether p may change records of the area.
func (p Principal) CanWrite(a Area) bool {
	switch p.Role {
	case CountyAdmin:
		return true
	case TownshipOfficer, VillageCadre:
		return a == AreaLand || a == AreaTrace
	case WaterOfficer:
		return a == AreaWater
	}
	return false
}

// InScope reports whether the division d lies within p's division. An empty d,
// a record with no division recorded, is in the scope of county-wide callers
// only, those whose division is a county or wider.
func (p Principal) InScope(d land.DivisionCode) bool {
	if p.Division == "" {
		return false
	}
	if d == "" {
		return p.Division.Level() <= land.DivisionCounty
	}
	return p.Division.Contains(d)
}

// InScopePrefix reports whether a code that begins with a division's digits,
// such as a contractor code (12-digit village, then group and sequence), lies
// within p's division.
func (p Principal) InScopePrefix(code string) bool {
	if p.Division == "" {
		return false
	}
	if len(code) < 12 {
		return false
	}
	return p.Division.Contains(land.DivisionCode(code[:12]))
}
