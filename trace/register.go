package trace

import (
	"fmt"
	"regexp"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// Revision is the version and write time that a [Store] sets on each record it writes.
type Revision struct {
	// Version counts the writes a Store has accepted for the record: 0 before the first.
	// An update must carry the Version it read.
	Version int64 `json:"version"`
	// UpdatedAt is when a Store last wrote the record, in UTC to the microsecond.
	UpdatedAt time.Time `json:"updatedAt"`
}

// StoreTime returns t as stores keep times: in UTC, truncated to whole microseconds, the
// precision of SQL timestamps. The zero Time stays zero.
func StoreTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// ProducerKind is the legal form of a [Producer].
type ProducerKind uint8

// The producer kinds.
const (
	ProducerKindUnknown ProducerKind = iota
	// Company is an enterprise registered with market regulation (credit code 91...).
	Company
	// Cooperative is a farmers' professional cooperative (农民专业合作社, credit code 93...).
	Cooperative
	// FamilyFarm is a family farm (家庭农场), registered as an enterprise or an individual
	// business (credit code 91... or 92...).
	FamilyFarm
	// Collective is a rural collective economic organisation (农村集体经济组织, credit code
	// N...).
	Collective
)

var producerKindNames = []string{"unknown", "company", "cooperative", "family_farm", "collective"}

// producerCategories are the credit code categories each producer kind may have.
var producerCategories = map[ProducerKind][]string{
	Company:     {"91"},
	Cooperative: {"93"},
	FamilyFarm:  {"91", "92"},
	Collective:  {"N1", "N2", "N3", "N9"},
}

// ParseProducerKind returns the producer kind named s.
func ParseProducerKind(s string) (ProducerKind, error) {
	return parseEnum[ProducerKind]("producer kind", producerKindNames, s)
}

// String returns the name used by [ParseProducerKind].
func (k ProducerKind) String() string { return enumName("ProducerKind", producerKindNames, k) }

// Validate reports an error unless k is a known kind.
func (k ProducerKind) Validate() error { return validateEnum("producer kind", producerKindNames, k) }

// MarshalText encodes k as its name.
func (k ProducerKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a producer kind name.
func (k *ProducerKind) UnmarshalText(text []byte) error {
	v, err := ParseProducerKind(string(text))
	*k = v
	return err
}

// Producer is a company, cooperative, family farm or collective that grows, raises or
// packs products, keyed by its unified social credit code.
type Producer struct {
	Code CreditCode   `json:"code"`
	Name string       `json:"name"`
	Kind ProducerKind `json:"kind"`
	// Division is where the producer is based, a county, township or village code.
	Division land.DivisionCode `json:"division"`
	Address  string            `json:"address,omitempty"`
	Contact  string            `json:"contact,omitempty"`
	Phone    string            `json:"phone,omitempty"`
	// GS1Prefix is the GS1 company prefix the producer holds (6 to 12 digits; those of
	// GS1 China begin with 69). Empty means the producer has none, and its products carry
	// county-minted codes.
	GS1Prefix string `json:"gs1Prefix,omitempty"`
	Revision
}

// Validate reports every invalid field: the code, name, kind and division are required,
// the kind must fit the code's category, and the phone and GS1 prefix must be well
// formed when set.
func (p *Producer) Validate() error {
	var c fieldChecker
	c.check("code", string(p.Code), p.Code.Validate())
	c.require("name", p.Name)
	c.maxLen("name", p.Name, 200)
	if err := p.Kind.Validate(); err != nil {
		c.check("kind", p.Kind.String(), err)
	} else if p.Code.Validate() == nil && !fitsCategory(p.Kind, p.Code) {
		c.add("kind", p.Kind.String(), fmt.Sprintf("does not fit credit code category %s, want one of %v",
			p.Code.Category(), producerCategories[p.Kind]))
	}
	c.check("division", string(p.Division), p.Division.Validate())
	checkPhone(&c, "phone", p.Phone, false)
	if p.GS1Prefix != "" && !gs1PrefixPattern.MatchString(p.GS1Prefix) {
		c.add("gs1Prefix", p.GS1Prefix, "want 6 to 12 digits")
	}
	return c.err("producer", string(p.Code))
}

func fitsCategory(k ProducerKind, code CreditCode) bool {
	for _, cat := range producerCategories[k] {
		if code.Category() == cat {
			return true
		}
	}
	return false
}

var (
	gs1PrefixPattern = regexp.MustCompile(`^[0-9]{6,12}$`)
	// phonePattern accepts a mainland mobile number or a landline with its area code,
	// with optional spaces or hyphens, and an optional +86.
	phonePattern = regexp.MustCompile(`^(\+86[ -]?)?(1[3-9][0-9]{9}|0[1-9][0-9]{1,2}[ -]?[0-9]{7,8})$`)
)

// checkPhone adds an error unless phone is a mainland mobile or landline number, or is
// empty and not required.
func checkPhone(c *fieldChecker, field, phone string, required bool) {
	switch {
	case phone == "" && required:
		c.add(field, "", "is required")
	case phone != "" && !phonePattern.MatchString(phone):
		c.add(field, phone, "want a mobile number such as 13912345678 or a landline such as 0996-1234567")
	}
}
