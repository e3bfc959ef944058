package trace

import (
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// Sex is the sex of an [Animal].
type Sex uint8

// The sexes; SexUnknown is allowed on a record.
const (
	SexUnknown Sex = iota
	Male
	Female
)

var sexNames = []string{"unknown", "male", "female"}

// String returns "unknown", "male" or "female".
func (s Sex) String() string { return enumName("Sex", sexNames, s) }

// MarshalText encodes s as its name.
func (s Sex) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a sex name.
func (s *Sex) UnmarshalText(text []byte) error {
	v, err := parseEnum[Sex]("sex", sexNames, string(text))
	*s = v
	return err
}

// Animal is one head of livestock, keyed by its ear tag.
type Animal struct {
	Tag EarTag `json:"tag"`
	// Farm is the credit code of the producer that raises it.
	Farm CreditCode `json:"farm"`
	// Product is the live-animal product it is traced as, such as a breed of sheep of the
	// farm; it may be empty.
	Product ProductID `json:"product,omitempty"`
	Breed   string    `json:"breed,omitempty"`
	Sex     Sex       `json:"sex,omitempty"`
	// BornOn is the day of birth; zero means unknown.
	BornOn land.Date `json:"bornOn,omitzero"`
	// TaggedAt is when the tag was applied; zero means unknown.
	TaggedAt time.Time `json:"taggedAt,omitzero"`
	// Origin is the division code of the farm: a township or village.
	Origin land.DivisionCode `json:"origin"`
	Revision
}

// Validate reports every invalid field: the tag, farm and origin are required, and the
// product, sex and birth day must be valid when set.
func (a *Animal) Validate() error {
	var c fieldChecker
	c.check("tag", string(a.Tag), a.Tag.Validate())
	c.check("farm", string(a.Farm), a.Farm.Validate())
	if a.Product != "" {
		c.check("product", string(a.Product), a.Product.Validate())
	}
	c.maxLen("breed", a.Breed, 100)
	if a.Sex > Female {
		c.add("sex", a.Sex.String(), "want unknown, male or female")
	}
	if !a.BornOn.IsZero() {
		c.check("bornOn", a.BornOn.String(), a.BornOn.Validate())
	}
	c.check("origin", string(a.Origin), a.Origin.Validate())
	return c.err("animal", string(a.Tag))
}

// Species returns the species of the animal's ear tag.
func (a *Animal) Species() Species { return a.Tag.Species() }
