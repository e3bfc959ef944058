package gs1

import "strings"

// Symbology is a barcode symbology that carries GS1 data.
type Symbology uint8

// Symbologies. DataBar stands for the whole GS1 DataBar family when scan
// data does not tell its members apart.
const (
	NoSymbology Symbology = iota
	QRCode
	DataMatrix
	DotCode
	GS1128
	DataBar
	DataBarOmni
	DataBarLimited
	DataBarExpanded
	EAN13
	EAN8
	UPCA
	UPCE
)

var symbologyNames = [...]string{"none", "QR Code", "Data Matrix", "DotCode", "GS1-128", "GS1 DataBar",
	"GS1 DataBar Omnidirectional", "GS1 DataBar Limited", "GS1 DataBar Expanded", "EAN-13", "EAN-8",
	"UPC-A", "UPC-E"}

// String returns the symbology's name, such as "GS1-128".
func (s Symbology) String() string {
	if int(s) < len(symbologyNames) {
		return symbologyNames[s]
	}
	return "unknown symbology"
}

// ScanData is the content of one scanned barcode: its symbology and either
// GS1 AI data or plain text.
type ScanData struct {
	// Symbology is the kind of barcode. Parsed scan data reports DataBar for
	// the AIM identifier ]e0, which all GS1 DataBar and composite symbols
	// share, and EAN13 for ]E0, which UPC-A and UPC-E share with EAN-13.
	Symbology Symbology
	// Elements holds the GS1 AI data of the symbol. For EAN/UPC and GS1
	// DataBar Omnidirectional and Limited it is the GTIN as AI (01).
	Elements Elements
	// Primary holds the digits of an EAN/UPC or GS1 DataBar
	// Omnidirectional or Limited symbol as it encodes them: 13 for EAN-13,
	// 12 for UPC-A and UPC-E, 8 for EAN-8, 14 for GS1 DataBar. When it is
	// empty, Encode takes them from the GTIN in Elements.
	Primary string
	// Composite holds the AI data of the 2D composite component of a linear
	// symbol.
	Composite Elements
	// Text is the data of a symbol without GS1 AI data, such as the URL in
	// a plain QR Code.
	Text string
	// DigitalLink is the parsed Text when it is a GS1 Digital Link URI, or nil.
	DigitalLink *DigitalLink
}

// AIM symbology identifiers (ISO/IEC 15424) of the symbols that carry GS1
// data: one for plain data and one for GS1 AI data (FNC1 in first
// position) where a symbology has both.
const (
	aimQRPlain  = "]Q1"
	aimQRGS1    = "]Q3"
	aimDMPlain  = "]d1"
	aimDMGS1    = "]d2"
	aimDotPlain = "]J0"
	aimDotGS1   = "]J1"
	aimGS1128   = "]C1"
	aimDataBar  = "]e0"
	aimEAN13    = "]E0"
	aimEAN8     = "]E4"
)

// ParseScanData reads scanner output with a default [Parser].
func ParseScanData(s string) (ScanData, error) { return Parser{}.ParseScanData(s) }

// ParseScanData reads what a barcode scanner transmits: an AIM symbology
// identifier, then the data. GS1 AI data (]Q3, ]d2, ]J1, ]C1, ]e0) uses GS
// as FNC1 separator and is checked like [Parser.ParseElementString]. EAN-13
// (]E0) and EAN-8 (]E4) data is the digits with a valid check digit,
// optionally followed by "|]e0" and the AI data of a composite component.
// Plain data (]Q1, ]d1, ]J0) is kept as Text. When it starts with http://
// or https:// in one case, it must be a valid GS1 Digital Link URI.
func (p Parser) ParseScanData(s string) (ScanData, error) {
	if len(s) < 3 || s[0] != ']' {
		return ScanData{}, newError(UnknownSymbology, "", s, `scan data starts with an AIM symbology identifier such as "]d2"`)
	}
	id, data := s[:3], s[3:]
	var sd ScanData
	var err error
	switch id {
	case aimQRPlain, aimDMPlain, aimDotPlain:
		sd, err = p.plainScan(id, data)
	case aimQRGS1, aimDMGS1, aimDotGS1, aimGS1128, aimDataBar:
		sd.Symbology = map[string]Symbology{aimQRGS1: QRCode, aimDMGS1: DataMatrix, aimDotGS1: DotCode,
			aimGS1128: GS1128, aimDataBar: DataBar}[id]
		sd.Elements, err = p.parseUnbracketed(data, false, 0)
	case aimEAN13, aimEAN8:
		sd, err = p.eanScan(id, data)
	default:
		return ScanData{}, newError(UnknownSymbology, "", id, "")
	}
	if err != nil {
		return ScanData{}, err
	}
	switch {
	case len(sd.Composite) > 0:
		err = p.associations(append(append(Elements(nil), sd.Elements...), sd.Composite...))
	case sd.Elements != nil:
		err = p.associations(sd.Elements)
	}
	return sd, err
}

func (p Parser) plainScan(id, data string) (ScanData, error) {
	sd := ScanData{Symbology: map[string]Symbology{aimQRPlain: QRCode, aimDMPlain: DataMatrix, aimDotPlain: DotCode}[id], Text: data}
	if _, ok := cutScheme(data); ok {
		d, err := p.ParseDigitalLink(data)
		if err != nil {
			return ScanData{}, err
		}
		sd.DigitalLink = &d
	}
	return sd, nil
}

func (p Parser) eanScan(id, data string) (ScanData, error) {
	sd := ScanData{Symbology: EAN13}
	digits := 13
	if id == aimEAN8 {
		sd.Symbology, digits = EAN8, 8
	}
	primary, composite, hasComposite := strings.Cut(data, "|")
	if len(primary) != digits || !allDigits(primary) {
		return ScanData{}, newError(InvalidScanData, "", primary, sd.Symbology.String()+" data is "+itoa(digits)+" digits")
	}
	if err := ValidateCheckDigit(primary); err != nil {
		return ScanData{}, err
	}
	sd.Primary = primary
	sd.Elements = Elements{{AI: "01", Value: "00000000000000"[:14-digits] + primary}}
	if hasComposite {
		rest, ok := strings.CutPrefix(composite, aimDataBar)
		if !ok {
			return ScanData{}, newError(InvalidScanData, "", composite, `a composite component starts "]e0"`)
		}
		var err error
		if sd.Composite, err = p.parseUnbracketed(rest, false, 0); err != nil {
			return ScanData{}, err
		}
	}
	return sd, nil
}

// Encode returns what a scanner transmits for s: the AIM symbology
// identifier and the data, with GS as FNC1 separator. The AI data is
// checked against the AI table; GS1-128 and GS1 DataBar Expanded must carry
// AI data; EAN/UPC and GS1 DataBar Omnidirectional and Limited carry one
// GTIN that fits the symbol. A linear symbol with a composite component is
// transmitted as ]e0 with both parts, except EAN/UPC, whose composite
// follows as "|]e0" and its data. DataBar, the family that parsed ]e0 scan
// data reports, encodes as ]e0 with any AI data.
func (s ScanData) Encode() (string, error) {
	for _, e := range append(append(Elements(nil), s.Elements...), s.Composite...) {
		if err := ValidateValue(e.AI, e.Value); err != nil {
			return "", err
		}
	}
	switch s.Symbology {
	case QRCode, DataMatrix, DotCode:
		return s.encode2D()
	case GS1128, DataBarExpanded, DataBar:
		if s.Symbology == DataBar && s.Primary != "" {
			return s.encodeGTIN()
		}
		if len(s.Elements) == 0 {
			return "", newError(InvalidScanData, "", s.Text, s.Symbology.String()+" carries GS1 AI data only")
		}
		id := aimDataBar
		if s.Symbology == GS1128 && len(s.Composite) == 0 {
			id = aimGS1128
		}
		return id + elementData(append(append(Elements(nil), s.Elements...), s.Composite...)), nil
	case DataBarOmni, DataBarLimited, EAN13, EAN8, UPCA, UPCE:
		return s.encodeGTIN()
	}
	return "", newError(UnknownSymbology, "", s.Symbology.String(), "")
}

func (s ScanData) encode2D() (string, error) {
	ids := map[Symbology][2]string{QRCode: {aimQRPlain, aimQRGS1}, DataMatrix: {aimDMPlain, aimDMGS1},
		DotCode: {aimDotPlain, aimDotGS1}}[s.Symbology]
	if len(s.Composite) > 0 {
		return "", newError(InvalidScanData, "", "", s.Symbology.String()+" has no composite component")
	}
	if len(s.Elements) > 0 {
		return ids[1] + elementData(s.Elements), nil
	}
	return ids[0] + s.Text, nil
}

// encodeGTIN encodes the symbols that carry one GTIN.
func (s ScanData) encodeGTIN() (string, error) {
	gtin, err := s.gtin()
	if err != nil {
		return "", err
	}
	var out string
	switch s.Symbology {
	case EAN13, UPCA, UPCE:
		out = aimEAN13 + gtin[1:]
	case EAN8:
		out = aimEAN8 + gtin[6:]
	default:
		out = aimDataBar + "01" + gtin
		if len(s.Composite) > 0 {
			return out + elementData(s.Composite), nil
		}
		return out, nil
	}
	if len(s.Composite) > 0 {
		out += "|" + aimDataBar + elementData(s.Composite)
	}
	return out, nil
}

// gtin returns the GTIN-14 of a symbol that carries one, checked to fit it.
func (s ScanData) gtin() (string, error) {
	digits := map[Symbology]int{EAN13: 13, UPCA: 12, UPCE: 12, EAN8: 8}[s.Symbology]
	var gtin string
	switch {
	case s.Primary != "":
		want := digits
		if want == 0 {
			want = 14
		}
		if len(s.Primary) != want || !allDigits(s.Primary) {
			return "", newError(InvalidScanData, "", s.Primary, s.Symbology.String()+" encodes "+itoa(want)+" digits")
		}
		gtin = "00000000000000"[:14-want] + s.Primary
	case len(s.Elements) == 1 && s.Elements[0].AI == "01":
		gtin = s.Elements[0].Value
	default:
		return "", newError(InvalidScanData, "", s.Elements.String(), s.Symbology.String()+" encodes one GTIN (01)")
	}
	if err := ValidateCheckDigit(gtin); err != nil {
		return "", err
	}
	if digits > 0 && strings.TrimLeft(gtin[:14-digits], "0") != "" {
		return "", newError(InvalidScanData, "01", gtin, s.Symbology.String()+" encodes only a GTIN-"+itoa(digits))
	}
	if s.Symbology == DataBarLimited && gtin[0] > '1' {
		return "", newError(InvalidScanData, "01", gtin, "GS1 DataBar Limited encodes only GTINs with indicator digit 0 or 1")
	}
	if s.Symbology == UPCE && !zeroSuppressible(gtin[2:]) {
		return "", newError(InvalidScanData, "01", gtin, "this GTIN-12 has no UPC-E form")
	}
	return gtin, nil
}

// zeroSuppressible reports whether the GTIN-12 upc has a UPC-E form: number
// system 0 or 1 and one of the four zero-suppression patterns of the
// manufacturer code m and item code i.
func zeroSuppressible(upc string) bool {
	if upc[0] > '1' {
		return false
	}
	m, i := upc[1:6], upc[6:11]
	switch {
	case m[3:] == "00" && m[2] <= '2' && i[:2] == "00":
		return true
	case m[3:] == "00" && i[:3] == "000":
		return true
	case m[4] == '0' && i[:4] == "0000":
		return true
	}
	return i[:4] == "0000" && i[4] >= '5'
}

// elementData returns es as scanners transmit GS1 AI data: without FNC1 in
// first position, with GS as separator.
func elementData(es Elements) string {
	return string(es.AppendElementString(nil, GS)[1:])
}
