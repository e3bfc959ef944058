package trace

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
)

// Result is the outcome of a test or of one tested item.
type Result uint8

// The results.
const (
	ResultUnknown Result = iota
	Pass
	Fail
)

var resultNames = []string{"unknown", "pass", "fail"}

// ParseResult returns the result named s ("pass", "fail").
func ParseResult(s string) (Result, error) { return parseEnum[Result]("result", resultNames, s) }

// String returns the name used by [ParseResult].
func (r Result) String() string { return enumName("Result", resultNames, r) }

// Validate reports an error unless r is pass or fail.
func (r Result) Validate() error { return validateEnum("result", resultNames, r) }

// MarshalText encodes r as its name.
func (r Result) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText decodes a result name.
func (r *Result) UnmarshalText(text []byte) error {
	v, err := ParseResult(string(text))
	*r = v
	return err
}

// Lab is the laboratory that tested a sample.
type Lab struct {
	Name string `json:"name"`
	// Accreditation is the lab's inspection body accreditation (CMA) certificate number;
	// it may be empty for a producer's own testing.
	Accreditation string `json:"accreditation,omitempty"`
}

// TestItem is one tested property of a sample, such as the residue of one pesticide.
type TestItem struct {
	// Name is the tested substance or property, such as 毒死蜱 (chlorpyrifos).
	Name string `json:"name"`
	// Method is the test method standard, such as GB 23200.113-2018; it may be empty.
	Method string `json:"method,omitempty"`
	// Value is the measured value and Limit the maximum allowed, both in Unit (such as
	// mg/kg). A zero Limit means the item has no limit to compare with. NotDetected marks
	// a value below the method's detection limit, where Value is that limit.
	Value       decimal.Decimal `json:"value"`
	Limit       decimal.Decimal `json:"limit"`
	Unit        string          `json:"unit,omitempty"`
	NotDetected bool            `json:"notDetected,omitempty"`
	Result      Result          `json:"result"`
}

// TestReport is the report of an inspection test of a sample of a batch (检测报告).
type TestReport struct {
	Number string `json:"number"`
	Lab    Lab    `json:"lab"`
	// Batch and Product are what the sample was taken from; Batch may be empty for a
	// report on a sample that was not traced to a batch.
	Batch   BatchID   `json:"batch,omitempty"`
	Product ProductID `json:"product,omitempty"`
	// SampledOn is the sampling day, and IssuedOn the report's day.
	SampledOn land.Date  `json:"sampledOn,omitzero"`
	IssuedOn  land.Date  `json:"issuedOn"`
	Result    Result     `json:"result"`
	Items     []TestItem `json:"items"`
	// DocumentURL is where the signed report can be read, such as a PDF.
	DocumentURL string `json:"documentUrl,omitempty"`
	Revision
}

// Validate reports every invalid field. A report needs its number, lab name, issue day,
// a result and at least one item. Each item needs its name and result, a value and a
// limit that are not negative, and a result that agrees with them when a limit is set.
// The report fails when any item fails and passes when all pass. Sampling must not be
// after the report day.
func (r *TestReport) Validate() error {
	var c fieldChecker
	if !certificateNumberPattern.MatchString(r.Number) {
		c.add("number", r.Number, "want 1 to 40 letters, digits, '.', '-' or '_'")
	}
	c.require("lab.name", r.Lab.Name)
	c.maxLen("lab.name", r.Lab.Name, 200)
	if r.Batch != "" {
		c.check("batch", string(r.Batch), r.Batch.Validate())
	}
	if r.Product != "" {
		c.check("product", string(r.Product), r.Product.Validate())
	}
	if r.IssuedOn.IsZero() {
		c.add("issuedOn", "", "is required")
	} else if !r.SampledOn.IsZero() && r.SampledOn.After(r.IssuedOn) {
		c.add("sampledOn", r.SampledOn.String(), fmt.Sprintf("is after the report day %s", r.IssuedOn))
	}
	c.check("result", r.Result.String(), r.Result.Validate())

	if len(r.Items) == 0 {
		c.add("items", "", "want at least one tested item")
	}
	failed := false
	for i, item := range r.Items {
		validateItem(&c, fmt.Sprintf("items[%d]", i), item)
		failed = failed || item.Result == Fail
	}

	switch {
	case r.Result == Pass && failed:
		c.add("result", "pass", "an item failed, want fail")
	case r.Result == Fail && !failed && len(r.Items) > 0:
		c.add("result", "fail", "no item failed, want pass")
	}
	if r.DocumentURL != "" {
		c.check("documentUrl", r.DocumentURL, validateDocumentURL(r.DocumentURL))
	}
	return c.err("test report", r.Number)
}

func validateItem(c *fieldChecker, path string, item TestItem) {
	c.require(path+".name", item.Name)
	c.check(path+".result", item.Result.String(), item.Result.Validate())
	if item.Value.IsNegative() {
		c.add(path+".value", DecimalText(item.Value), "is negative")
	}
	if item.Limit.IsNegative() {
		c.add(path+".limit", DecimalText(item.Limit), "is negative")
	}
	if item.Limit.IsZero() || item.Result.Validate() != nil {
		return
	}
	over := item.Value.GreaterThan(item.Limit) && !item.NotDetected
	if over && item.Result == Pass {
		c.add(path+".result", "pass", fmt.Sprintf("value %s exceeds limit %s, want fail",
			DecimalText(item.Value), DecimalText(item.Limit)))
	}
	if !over && item.Result == Fail {
		c.add(path+".result", "fail", fmt.Sprintf("value %s is within limit %s, want pass",
			DecimalText(item.Value), DecimalText(item.Limit)))
	}
}

type testItemJSON struct {
	Name        string `json:"name"`
	Method      string `json:"method,omitempty"`
	Value       string `json:"value"`
	Limit       string `json:"limit"`
	Unit        string `json:"unit,omitempty"`
	NotDetected bool   `json:"notDetected,omitempty"`
	Result      Result `json:"result"`
}

// MarshalJSON encodes the item with its value and limit as decimal text that keeps every
// place they were written with.
func (t TestItem) MarshalJSON() ([]byte, error) {
	return json.Marshal(testItemJSON{Name: t.Name, Method: t.Method, Value: DecimalText(t.Value),
		Limit: DecimalText(t.Limit), Unit: t.Unit, NotDetected: t.NotDetected, Result: t.Result})
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (t *TestItem) UnmarshalJSON(data []byte) error {
	var v testItemJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("trace: decode test item: %w", err)
	}
	value, err := parseDecimalText(v.Value)
	if err != nil {
		return fmt.Errorf("trace: decode test item %q: value: %w", v.Name, err)
	}
	limit, err := parseDecimalText(v.Limit)
	if err != nil {
		return fmt.Errorf("trace: decode test item %q: limit: %w", v.Name, err)
	}
	*t = TestItem{Name: v.Name, Method: v.Method, Value: value, Limit: limit, Unit: v.Unit,
		NotDetected: v.NotDetected, Result: v.Result}
	return nil
}
