package gs1_test

import (
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/trace/gs1"
)

func ExampleGTIN14() {
	gtin, err := gs1.GTIN14("9520123456788")
	fmt.Println(gtin, err)

	_, err = gs1.GTIN14("9520123456789")
	fmt.Println(errors.Is(err, gs1.IncorrectCheckDigit))
	// Output:
	// 09520123456788 <nil>
	// true
}

func ExampleCheckDigit() {
	c, _ := gs1.CheckDigit("952012345678")
	fmt.Printf("%c\n", c)
	// Output: 8
}

func ExampleParseBracketed() {
	es, err := gs1.ParseBracketed("(01)09520123456788(10)ABC123(17)261231")
	if err != nil {
		fmt.Println(err)
		return
	}
	lot, _ := es.Get("10")
	fmt.Println(lot)
	fmt.Printf("%q\n", es.AppendElementString(nil, gs1.GS))
	// Output:
	// ABC123
	// "\x1d010952012345678810ABC123\x1d17261231"
}

func ExampleParseElementString() {
	es, err := gs1.ParseElementString("\x1d010952012345678810ABC123\x1d17261231")
	fmt.Println(es, err)

	_, err = gs1.ParseElementString("\x1d010952012345678810ABC123\x1d17261331")
	fmt.Println(err)
	// Output:
	// (01)09520123456788(10)ABC123(17)261231 <nil>
	// gs1: (17) "261331": illegal month at byte 2
}

func ExampleParseDigitalLink() {
	d, err := gs1.ParseDigitalLink("https://example.com/01/09520123456788/10/ABC%2F1?17=261231")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Stem)
	fmt.Println(d.Key(), d.Qualifiers(), d.Attributes())
	// Output:
	// https://example.com
	// {01 09520123456788} (10)ABC/1 (17)261231
}

func ExampleParser_ParseDigitalLink() {
	p := gs1.Parser{PermitZeroSuppressedGTIN: true, PermitConvenienceAlphas: true}
	d, err := p.ParseDigitalLink("https://example.com/gtin/9520123456788/lot/ABC1")
	fmt.Println(d.Elements, err)
	// Output: (01)09520123456788(10)ABC1 <nil>
}

func ExampleBuildDigitalLink() {
	es, _ := gs1.ParseBracketed("(01)09520123456788(17)261231(10)ABC/1")
	uri, err := gs1.BuildDigitalLink("https://example.com", es)
	fmt.Println(uri, err)
	// Output: https://example.com/01/09520123456788/10/ABC%2F1?17=261231 <nil>
}

func ExampleCanonicalDigitalLink() {
	uri, err := gs1.CanonicalDigitalLink("https://brand.example/p/01/09520123456788/21/S1?3103=000195&17=261231")
	fmt.Println(uri, err)
	// Output: https://id.gs1.org/01/09520123456788/21/S1?17=261231&3103=000195 <nil>
}

func ExampleEventHashDigitalLink() {
	uri, err := gs1.EventHashDigitalLink("https://example.com/01/9520123456788/22/V1/10/L1/21/S1?17=261231")
	fmt.Println(uri, err)
	// Output: https://id.gs1.org/01/09520123456788/21/S1 <nil>
}

func ExampleParseScanData() {
	sd, err := gs1.ParseScanData("]d2010952012345678810ABC123\x1d17261231")
	fmt.Println(sd.Symbology, sd.Elements, err)
	// Output: Data Matrix (01)09520123456788(10)ABC123(17)261231 <nil>
}

func ExampleScanData_Encode() {
	es, _ := gs1.ParseBracketed("(01)09520123456788(10)ABC123(17)261231")
	out, err := gs1.ScanData{Symbology: gs1.GS1128, Elements: es}.Encode()
	fmt.Printf("%q %v\n", out, err)
	// Output: "]C1010952012345678810ABC123\x1d17261231" <nil>
}

func ExampleParser_CheckAssociations() {
	// The AI data of two barcodes on one case, checked together.
	p := gs1.Parser{SkipAssociationChecks: true}
	first, _ := p.ParseBracketed("(01)09520123456788(21)S1")
	second, _ := p.ParseBracketed("(17)261231")
	fmt.Println(p.CheckAssociations(append(first, second...)))

	lone, _ := p.ParseBracketed("(21)S1")
	fmt.Println(p.CheckAssociations(lone))
	// Output:
	// <nil>
	// gs1: (21) "S1": required AI missing: needs (01) or (03) or (8006)
}

func ExampleLookup() {
	a, _ := gs1.Lookup("8006")
	fmt.Println(a.Title, a.Format(), a.FNC1, a.PrimaryKey, a.Qualifiers)
	// Output: ITIP N14 N4 true true [[22 10 21]]
}
