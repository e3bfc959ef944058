package land

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
)

// Issuer is a contract issuer (发包方): the village or villager group collective that owns
// the land and contracts it out.
type Issuer struct {
	// Code is the 14-digit issuer code.
	Code IssuerCode
	// Name is the collective's name, such as 某某村第三村民小组.
	Name string
	// Village is the 12-digit division code of the village; empty means not recorded.
	Village DivisionCode
	// Representative is the name of the person who signs for the collective; it may be empty.
	Representative string
	// Version and UpdatedAt are set by the [Store], as for [Plot].
	Version   int64
	UpdatedAt time.Time
}

// Validate reports an error unless the code is valid and the village, when set, is a valid
// division code.
func (i *Issuer) Validate() error {
	if err := i.Code.Validate(); err != nil {
		return fmt.Errorf("land: issuer %q: %w", i.Code, err)
	}
	if i.Village != "" {
		if err := i.Village.Validate(); err != nil {
			return fmt.Errorf("land: issuer %s: village: %w", i.Code, err)
		}
	}
	return nil
}

// Contractor is a contractor (承包方): usually a farm household (农户) with its members, or
// an individual or a unit that contracted collective land.
//
// Member ID numbers are personal data: [Member.String] and [Member.LogValue] mask them, but
// the struct fields and JSON encoding keep them whole so that stores can save them.
type Contractor struct {
	// Code is the 18-digit contractor code; its sequence range gives the kind
	// ([ContractorCode.Kind]).
	Code ContractorCode
	// Name is the household head's name or the unit's name.
	Name string
	// Address is the contact address; it may be empty.
	Address string
	// Members are the household members, head first; empty for a unit.
	Members []Member
	// Version and UpdatedAt are set by the [Store], as for [Plot].
	Version   int64
	UpdatedAt time.Time
}

// Validate reports an error unless the code is valid and each member has a name and a known
// or zero relation.
func (c *Contractor) Validate() error {
	if err := c.Code.Validate(); err != nil {
		return fmt.Errorf("land: contractor %q: %w", c.Code, err)
	}
	for i, m := range c.Members {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("land: contractor %s: member %d: %w", c.Code, i, err)
		}
	}
	return nil
}

// Clone returns a deep copy of c.
func (c *Contractor) Clone() *Contractor {
	d := *c
	d.Members = slices.Clone(c.Members)
	return &d
}

// Member is one member of a contractor household (家庭成员).
type Member struct {
	Name string
	// Relation is the member's relation to the household head.
	Relation Relation
	// IDNumber is the identity document number as given, not validated, because registers
	// hold resident ID cards, old 15-digit numbers and passports alike.
	IDNumber string
	// Remark is free text from the register (for example 外嫁, married out); it may be empty.
	Remark string
}

// Validate reports an error unless m has a name and a known or zero relation.
func (m Member) Validate() error {
	if strings.TrimSpace(m.Name) == "" {
		return fmt.Errorf("member name is required")
	}
	if m.Relation != 0 {
		return m.Relation.Validate()
	}
	return nil
}

// MaskedIDNumber returns the ID number with every character but the last four replaced by
// '*', or "" when there is none.
func (m Member) MaskedIDNumber() string {
	runes := []rune(m.IDNumber)
	keep := min(4, len(runes)/2)
	return strings.Repeat("*", len(runes)-keep) + string(runes[len(runes)-keep:])
}

// String returns the member's name, relation and masked ID number.
func (m Member) String() string {
	return fmt.Sprintf("%s (%s, ID %s)", m.Name, m.Relation, m.MaskedIDNumber())
}

// GoString returns the same text as [Member.String], so that %#v also masks the ID number.
func (m Member) GoString() string { return m.String() }

// LogValue logs the member with a masked ID number.
func (m Member) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("name", m.Name),
		slog.String("relation", m.Relation.String()),
		slog.String("id_number", m.MaskedIDNumber()),
	)
}

// Relation is a member's relation to the household head (与户主关系). The zero value is
// unknown.
type Relation uint8

// Relations to the household head.
const (
	RelationUnknown       Relation = iota
	RelationHead                   // 户主
	RelationSpouse                 // 配偶
	RelationSon                    // 子
	RelationDaughter               // 女
	RelationSonInLaw               // 女婿
	RelationDaughterInLaw          // 儿媳
	RelationGrandchild             // 孙子女, 外孙子女
	RelationParent                 // 父母
	RelationGrandparent            // 祖父母, 外祖父母
	RelationSibling                // 兄弟姐妹
	RelationOther                  // 其他
)

var relationNames = []string{
	"unknown", "head", "spouse", "son", "daughter", "son_in_law", "daughter_in_law",
	"grandchild", "parent", "grandparent", "sibling", "other",
}

// ParseRelation returns the relation named s ("head", "spouse", "son", ...).
func ParseRelation(s string) (Relation, error) {
	return parseEnum[Relation]("relation", relationNames, s)
}

// String returns the relation name used by [ParseRelation].
func (r Relation) String() string { return enumName("Relation", relationNames, r) }

// Validate reports an error unless r is a known, non-zero relation.
func (r Relation) Validate() error { return validateEnum("relation", relationNames, r) }

// MarshalText encodes r as its name.
func (r Relation) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText decodes a relation name.
func (r *Relation) UnmarshalText(text []byte) error {
	v, err := ParseRelation(string(text))
	*r = v
	return err
}
