package land

import (
	"fmt"
	"sort"
	"strings"
)

// Use is a land-use class of GB/T 21010-2017 (土地利用现状分类): a two-digit first-level class
// such as "01" (cultivated land) or a four-digit second-level class such as "0102"
// (irrigated land, 水浇地). The empty Use means not recorded.
type Use string

// Second-level classes that county land work refers to most often. [Uses] lists every class.
const (
	UseCultivated     Use = "01"   // 耕地
	UsePaddy          Use = "0101" // 水田
	UseIrrigated      Use = "0102" // 水浇地
	UseDry            Use = "0103" // 旱地
	UseOrchard        Use = "0201" // 果园
	UseRuralHomestead Use = "0702" // 农村宅基地
	UseRuralRoad      Use = "1006" // 农村道路
	UseDitch          Use = "1107" // 沟渠, canals and ditches
	UseFacilityFarm   Use = "1202" // 设施农用地
	UseFieldRidge     Use = "1203" // 田坎
	UseSaline         Use = "1204" // 盐碱地, saline-alkali land
)

// useClass is one row of the GB/T 21010-2017 table.
type useClass struct {
	code    Use
	chinese string
	english string
}

// ParseUse returns the GB/T 21010-2017 class with code s. A three-digit GB/T 21010-2007
// code is rejected with a pointer to [ParseUse2007].
func ParseUse(s string) (Use, error) {
	u := Use(strings.TrimSpace(s))
	if err := u.Validate(); err != nil {
		return "", err
	}
	return u, nil
}

// Validate reports an error unless u is a class of GB/T 21010-2017.
func (u Use) Validate() error {
	if _, ok := lookupUse(u); ok {
		return nil
	}
	if len(u) == 3 {
		return fmt.Errorf("land: invalid land use %q: three digits is a GB/T 21010-2007 code, "+
			"convert it with ParseUse2007", string(u))
	}
	return fmt.Errorf("land: invalid land use %q, want a GB/T 21010-2017 class "+
		"such as 01 or 0102", string(u))
}

// String returns the code.
func (u Use) String() string { return string(u) }

// Name returns the Chinese name of the class (水浇地 for 0102), or "" for an unknown code.
func (u Use) Name() string {
	c, _ := lookupUse(u)
	return c.chinese
}

// EnglishName returns the English name of the class ("irrigated land" for 0102), or "" for
// an unknown code.
func (u Use) EnglishName() string {
	c, _ := lookupUse(u)
	return c.english
}

// Level returns 1 for a first-level class, 2 for a second-level class and 0 for an unknown
// code.
func (u Use) Level() int {
	if _, ok := lookupUse(u); !ok {
		return 0
	}
	return len(u) / 2
}

// Parent returns the first-level class of u: "01" for "0102" and for "01" itself. It
// returns "" for an unknown code.
func (u Use) Parent() Use {
	if _, ok := lookupUse(u); !ok {
		return ""
	}
	return u[:2]
}

// Contains reports whether v is u or one of u's second-level classes.
func (u Use) Contains(v Use) bool { return u != "" && strings.HasPrefix(string(v), string(u)) }

// Cultivated reports whether u is cultivated land (耕地, 01 and its classes).
func (u Use) Cultivated() bool { return UseCultivated.Contains(u) }

// Children returns the second-level classes of a first-level class u in code order, or nil
// for any other code.
func (u Use) Children() []Use {
	if len(u) != 2 {
		return nil
	}
	var children []Use
	for _, c := range useTable {
		if len(c.code) == 4 && u.Contains(c.code) {
			children = append(children, c.code)
		}
	}
	return children
}

// Uses returns every GB/T 21010-2017 class, first- and second-level, in code order.
func Uses() []Use {
	uses := make([]Use, len(useTable))
	for i, c := range useTable {
		uses[i] = c.code
	}
	return uses
}

func lookupUse(u Use) (useClass, bool) {
	i := sort.Search(len(useTable), func(i int) bool { return useTable[i].code >= u })
	if i < len(useTable) && useTable[i].code == u {
		return useTable[i], true
	}
	return useClass{}, false
}
