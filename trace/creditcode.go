package trace

import (
	"fmt"
	"strings"

	"github.com/shuxiang/shuxiang/land"
)

// CreditCode is a unified social credit code (统一社会信用代码) of GB 32100-2015: 18
// characters from the set 0-9 and A-Z without I, O, S, V and Z. Position 1 is the
// registration authority (登记管理部门代码), 2 the organisation category (机构类别代码),
// 3-8 the GB/T 2260 division code of the registering office, 9-17 the subject identifier
// (主体标识码) and 18 a check character.
//
// GB 32100-2015 computes the check character after GB/T 17710 (ISO 7064). Each of the
// first 17 characters has the value of its place in the character set (0-30) and is
// weighted by 3^(i-1) mod 31 for position i. The check value is 31 minus the weighted sum
// mod 31, and a check value of 31 is written as 0.
//
// The zero value is the empty string, which is not valid. A CreditCode is an immutable
// string, safe for concurrent use.
type CreditCode string

// creditCharset is the character set of GB 32100-2015 in value order.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are 3^(i-1) mod 31 for positions 1 to 17.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditAuthorities are the registration authority codes in use with GB 32100-2015:
// 1 organisation establishment (机构编制), 2 foreign affairs, 3 justice, 4 culture,
// 5 civil affairs (民政), 6 tourism, 7 religion, 8 trade unions and 9 market regulation
// (工商). A is the military establishment office, N agriculture (农业, for rural
// collective economic organisations) and Y any other.
const creditAuthorities = "123456789ANY"

// ParseCreditCode returns s as a CreditCode after [CreditCode.Validate]. It accepts
// lower-case letters and surrounding spaces and returns the code in upper case.
func ParseCreditCode(s string) (CreditCode, error) {
	c := CreditCode(strings.ToUpper(strings.TrimSpace(s)))
	if err := c.Validate(); err != nil {
		return "", err
	}
	return c, nil
}

// Validate reports an error unless c has 18 characters of the GB 32100-2015 set, a known
// registration authority, six digits of division code and the right check character.
func (c CreditCode) Validate() error {
	s := string(c)
	if len(s) != 18 {
		return fmt.Errorf("trace: invalid credit code %q: has %d characters, want 18", s, len(s))
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(creditCharset, s[i]) < 0 {
			return fmt.Errorf("trace: invalid credit code %q: character %q at position %d, "+
				"want 0-9 or A-Z without I, O, S, V and Z", s, s[i], i+1)
		}
	}
	if strings.IndexByte(creditAuthorities, s[0]) < 0 {
		return fmt.Errorf("trace: invalid credit code %q: registration authority %q, want one of %s",
			s, s[0], creditAuthorities)
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return fmt.Errorf("trace: invalid credit code %q: division code %s at positions 3-8, want 6 digits",
				s, s[2:8])
		}
	}
	if want := CreditCheckChar(s[:17]); s[17] != want {
		return fmt.Errorf("trace: invalid credit code %q: check character %q, want %q", s, s[17], want)
	}
	return nil
}

// CreditCheckChar returns the GB 32100-2015 check character of the first 17 characters
// of a credit code. It returns 0 when body does not have 17 characters of the set.
func CreditCheckChar(body string) byte {
	if len(body) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCharset, body[i])
		if v < 0 {
			return 0
		}
		sum += v * creditWeights[i]
	}
	return creditCharset[(31-sum%31)%31]
}

// Authority returns the registration authority character, such as '9' for market
// regulation, or 0 when c is too short.
func (c CreditCode) Authority() byte {
	if len(c) < 1 {
		return 0
	}
	return c[0]
}

// Category returns the two characters of authority and organisation category, such as
// "91" for an enterprise, "92" for an individual business (个体工商户), "93" for a
// farmers' cooperative (农民专业合作社) and "N2" for a village collective economic
// organisation. It returns "" when c is too short.
func (c CreditCode) Category() string {
	if len(c) < 2 {
		return ""
	}
	return string(c[:2])
}

// Division returns the division code of the registering office in positions 3-8. It is
// not validated against GB/T 2260: call Validate on the result when that matters.
func (c CreditCode) Division() land.DivisionCode {
	if len(c) < 8 {
		return ""
	}
	return land.DivisionCode(c[2:8])
}

// String returns the code.
func (c CreditCode) String() string { return string(c) }
