package land

import (
	"errors"
	"strings"
	"testing"
)

// fuzzSeeds are valid and nearly valid codes of every type. Every fuzz test starts from
// all of them, so each parser is also given the codes of the other types.
var fuzzSeeds = []string{
	"", "0", "653130", "650000", "441900", "653130100", "653130100201", "000000",
	"65313010020103", "65313010000000", "65313010000003", "6531301002010",
	"653130100201030012", "653130100201039999", "653130100201030000", "65313010020103001２",
	"6531301002010300042", "6531301002010300000", "６５３１３０１００２０１０３０００４２",
	"653130100201030012J", "653130100201030012Q", "653130100201030012j", "653130100201030012Ｊ",
	"653130012003JD00042W00000000", "650203001002JC00017F00010001", "440304000000GH00001W00000000",
	"653130012003GA00042W00000000", "653130012003JD00042W00000001", "\xff\xfe", "65313\x00100201",
}

func addSeeds(f *testing.F) {
	for _, seed := range fuzzSeeds {
		f.Add(seed)
	}
}

// checkParseResult checks the properties that every parser shares. A parsed code reads
// back as the input and validates. A failure is a *CodeError of the kind for exactly the
// input.
func checkParseResult(t *testing.T, input string, code textCode, err error, kind CodeKind) {
	t.Helper()
	if err != nil {
		var codeErr *CodeError
		if !errors.As(err, &codeErr) {
			t.Fatalf("parse %q: got error %T %v, want *CodeError", input, err, err)
		}
		if codeErr.Kind != kind || codeErr.Value != input || codeErr.Reason == "" {
			t.Fatalf("parse %q: got %+v, want kind %s, the input as value and a reason", input, codeErr, kind)
		}
		if !strings.HasPrefix(err.Error(), "land: invalid "+kind.String()) {
			t.Fatalf("parse %q: got message %q", input, err.Error())
		}
		return
	}
	if code.String() != input {
		t.Fatalf("parse %q: got String %q, want the input", input, code.String())
	}
	if verr := code.Validate(); verr != nil {
		t.Fatalf("parse %q succeeded but Validate failed: %v", input, verr)
	}
	text, merr := code.MarshalText()
	if merr != nil || string(text) != input {
		t.Fatalf("marshal %q: got %q, %v", input, text, merr)
	}
}

func FuzzParseDivisionCode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, input string) {
		code, err := ParseDivisionCode(input)
		checkParseResult(t, input, code, err, DivisionCodeKind)
		if err != nil {
			return
		}
		if code.Level() == 0 {
			t.Fatalf("%q: valid code without level", input)
		}
		if parent := code.Parent(); parent != "" && (!parent.Contains(code) || parent.Validate() != nil) {
			t.Fatalf("%q: parent %q is not a valid division containing it", input, parent)
		}
		if !code.Contains(code) {
			t.Fatalf("%q does not contain itself", input)
		}
	})
}

func FuzzParseIssuerCode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, input string) {
		code, err := ParseIssuerCode(input)
		checkParseResult(t, input, code, err, IssuerCodeKind)
		if err != nil {
			return
		}
		division := code.Division()
		if division.Validate() != nil || !code.County().Contains(division) {
			t.Fatalf("%q: division %q is not a valid division of county %q", input, division, code.County())
		}
		rebuilt, rerr := NewIssuerCode(division, code.Group())
		if rerr != nil || rebuilt != code {
			t.Fatalf("%q: rebuilt from parts as %q, %v", input, rebuilt, rerr)
		}
	})
}

func FuzzParseContractorCode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, input string) {
		code, err := ParseContractorCode(input)
		checkParseResult(t, input, code, err, ContractorCodeKind)
		if err != nil {
			return
		}
		if code.Issuer().Validate() != nil || code.Kind() == 0 {
			t.Fatalf("%q: issuer %q, kind %s", input, code.Issuer(), code.Kind())
		}
		rebuilt, rerr := NewContractorCode(code.Issuer(), code.Sequence())
		if rerr != nil || rebuilt != code {
			t.Fatalf("%q: rebuilt from parts as %q, %v", input, rebuilt, rerr)
		}
	})
}

func FuzzParsePlotCode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, input string) {
		code, err := ParsePlotCode(input)
		checkParseResult(t, input, code, err, PlotCodeKind)
		if err != nil {
			return
		}
		if code.CheckIssuer(code.Issuer()) != nil {
			t.Fatalf("%q: does not belong to its own issuer %q", input, code.Issuer())
		}
		rebuilt, rerr := NewPlotCode(code.Issuer(), code.Sequence())
		if rerr != nil || rebuilt != code {
			t.Fatalf("%q: rebuilt from parts as %q, %v", input, rebuilt, rerr)
		}
	})
}

func FuzzParseContractCode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, input string) {
		code, err := ParseContractCode(input)
		checkParseResult(t, input, code, err, ContractCodeKind)
		if err != nil {
			return
		}
		rebuilt, rerr := NewContractCode(code.Contractor(), code.Method())
		if rerr != nil || rebuilt != code {
			t.Fatalf("%q: rebuilt from parts as %q, %v", input, rebuilt, rerr)
		}
	})
}

func FuzzParseTransferContractCode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, input string) {
		code, err := ParseTransferContractCode(input)
		checkParseResult(t, input, code, err, TransferContractCodeKind)
		if err != nil {
			return
		}
		if code.Form().Len() != len(input) || code.Contractor().Validate() != nil {
			t.Fatalf("%q: form %s, contractor %q", input, code.Form(), code.Contractor())
		}
		contract, ok := code.Contract()
		if ok != (code.Form() == TransferFormContract) || (ok && contract.Validate() != nil) {
			t.Fatalf("%q: contract %q, %v", input, contract, ok)
		}
	})
}

func FuzzParseRealEstateUnitCode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, input string) {
		code, err := ParseRealEstateUnitCode(input)
		checkParseResult(t, input, code, err, RealEstateUnitCodeKind)
		if err != nil {
			return
		}
		if code.County().Validate() != nil || code.Ownership() == 0 || code.Right() == 0 || code.Fixture() == 0 {
			t.Fatalf("%q: parts county %q, ownership %s, right %s, fixture %s",
				input, code.County(), code.Ownership(), code.Right(), code.Fixture())
		}
		if code.Parcel()+string(rune(code.Fixture()))+code.FixtureNumber() != input {
			t.Fatalf("%q: parts do not join to the input", input)
		}
	})
}
