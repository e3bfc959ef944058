package trace

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// ScanStatus is the outcome of resolving a scanned text.
type ScanStatus uint8

// The scan statuses.
const (
	ScanStatusUnknown ScanStatus = iota
	// Known is a code that belongs to an issuance.
	Known
	// Unissued is a well-formed code that no issuance holds: a guessed or copied code.
	Unissued
	// Malformed is text that is not a code of any scheme, or a code with a wrong check
	// character.
	Malformed
)

var scanStatusNames = []string{"unknown", "known", "unissued", "malformed"}

// ParseScanStatus returns the status named s.
func ParseScanStatus(s string) (ScanStatus, error) {
	return parseEnum[ScanStatus]("scan status", scanStatusNames, s)
}

// String returns the name used by [ParseScanStatus].
func (s ScanStatus) String() string { return enumName("ScanStatus", scanStatusNames, s) }

// Validate reports an error unless s is a known status.
func (s ScanStatus) Validate() error { return validateEnum("scan status", scanStatusNames, s) }

// MarshalText encodes s as its name.
func (s ScanStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a scan status name.
func (s *ScanStatus) UnmarshalText(text []byte) error {
	v, err := ParseScanStatus(string(text))
	*s = v
	return err
}

// GeoPoint is a position in degrees on WGS84, longitude first.
type GeoPoint struct {
	Lon float64 `json:"lon"`
	Lat float64 `json:"lat"`
}

// Validate reports an error unless the longitude lies in [-180, 180] and the latitude in
// [-90, 90].
func (p GeoPoint) Validate() error {
	if math.IsNaN(p.Lon) || math.IsNaN(p.Lat) || math.Abs(p.Lon) > 180 || math.Abs(p.Lat) > 90 {
		return fmt.Errorf("trace: invalid point (%g, %g), want lon in [-180, 180] and lat in [-90, 90]", p.Lon, p.Lat)
	}
	return nil
}

// CoarsePlaces is the number of decimal places [GeoPoint.Coarse] keeps: 0.01° is about
// 1.1 km of latitude, enough for a rule on travel between cities and too coarse to find
// a consumer's home.
const CoarsePlaces = 2

// Coarse returns p rounded to [CoarsePlaces] decimal places.
func (p GeoPoint) Coarse() GeoPoint {
	const scale = 100
	return GeoPoint{Lon: math.Round(p.Lon*scale) / scale, Lat: math.Round(p.Lat*scale) / scale}
}

// EarthRadiusKm is the mean radius of the Earth, R1 of the IUGG, in km.
const EarthRadiusKm = 6371.0088

// DistanceKm returns the great-circle distance from p to q in km on a sphere of
// [EarthRadiusKm], by the haversine formula, which stays accurate for short distances.
func (p GeoPoint) DistanceKm(q GeoPoint) float64 {
	const rad = math.Pi / 180
	dLat := (q.Lat - p.Lat) * rad
	dLon := (q.Lon - p.Lon) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(p.Lat*rad)*math.Cos(q.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * EarthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// MaxScanText is the longest scanned text a [Scan] keeps; longer text is cut.
const MaxScanText = 512

// Scan is one lookup of a code by a consumer or an inspector. Its location is coarse on
// purpose: a division code or a rounded point, never a street address.
type Scan struct {
	// ID is set by the store when the scan is added; IDs grow with each scan added.
	ID int64 `json:"id"`
	// Text is what was scanned or typed, cut to [MaxScanText] bytes.
	Text   string     `json:"text"`
	Status ScanStatus `json:"status"`
	// EPC is the canonical URI of the code, for known and unissued codes.
	EPC string `json:"epc,omitempty"`
	// Issuance is the issuance that holds the code, for known codes.
	Issuance string    `json:"issuance,omitempty"`
	At       time.Time `json:"at"`
	// Division is where the scan happened, as a county or township code; it may be empty.
	Division land.DivisionCode `json:"division,omitempty"`
	// Location is the rounded point of the scan ([GeoPoint.Coarse]); nil means none.
	Location *GeoPoint `json:"location,omitempty"`
	// Client identifies the scanning client without revealing it: a keyed hash of its
	// IP address or app install id ([HashClient]).
	Client string `json:"client,omitempty"`
}

// Validate reports every invalid field.
func (s *Scan) Validate() error {
	var c fieldChecker
	c.maxLen("text", s.Text, MaxScanText)
	c.check("status", s.Status.String(), s.Status.Validate())
	if s.Status == Known && s.Issuance == "" {
		c.add("issuance", "", "is required for a known code")
	}
	if s.Status != Malformed && s.EPC == "" {
		c.add("epc", "", "is required unless the text is malformed")
	}
	c.maxLen("epc", s.EPC, 256)
	if s.At.IsZero() {
		c.add("at", "", "is required")
	}
	if s.Division != "" {
		c.check("division", string(s.Division), s.Division.Validate())
	}
	if s.Location != nil {
		c.check("location", fmt.Sprint(*s.Location), s.Location.Validate())
	}
	c.maxLen("client", s.Client, 64)
	return c.err("scan", fmt.Sprint(s.ID))
}

// HashClient returns a keyed hash of a client's IP address or install id: the first 16
// bytes of HMAC-SHA256 under key, in hex. The county keeps key secret and rotates it, so
// that stored hashes can group the scans of one client but not be reversed by trying
// every IPv4 address.
func HashClient(key []byte, id string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// ScanStats summarises the scans of one code.
type ScanStats struct {
	// Count is the number of scans.
	Count int `json:"count"`
	// First is the time of the earliest scan; zero when there is none.
	First time.Time `json:"first,omitzero"`
	// Last is the latest scan by time (by ID among equal times); nil when there is none.
	Last *Scan `json:"last,omitempty"`
}
