package shapefile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// textDecoder turns .dbf bytes into UTF-8 strings.
type textDecoder struct {
	name string
	enc  encoding.Encoding // nil means UTF-8
}

// decode converts b, replacing bytes that are invalid in the code page
// with U+FFFD.
func (d textDecoder) decode(b []byte) string {
	if d.enc == nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	out, err := d.enc.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

var utf8Decoder = textDecoder{name: "UTF-8"}

// ldidEncodings maps dBASE language driver IDs (header byte 29) to code
// pages. IDs 0 and 0x57 ("current ANSI code page") are left to detection.
var ldidEncodings = map[byte]textDecoder{
	0x01: {"CP437", charmap.CodePage437},
	0x02: {"CP850", charmap.CodePage850},
	0x03: {"Windows-1252", charmap.Windows1252},
	0x13: {"Shift_JIS", japanese.ShiftJIS},
	0x4D: {"GBK", simplifiedchinese.GBK},
	0x4E: {"EUC-KR", korean.EUCKR},
	0x4F: {"Big5", traditionalchinese.Big5},
	0x58: {"Windows-1252", charmap.Windows1252},
	0x59: {"Windows-1252", charmap.Windows1252},
	0x64: {"CP852", charmap.CodePage852},
	0x65: {"CP866", charmap.CodePage866},
	0x78: {"Big5", traditionalchinese.Big5},
	0x79: {"EUC-KR", korean.EUCKR},
	0x7A: {"GBK", simplifiedchinese.GBK},
	0x7B: {"Shift_JIS", japanese.ShiftJIS},
	0xC8: {"Windows-1250", charmap.Windows1250},
	0xC9: {"Windows-1251", charmap.Windows1251},
	0xCA: {"Windows-1254", charmap.Windows1254},
	0xCB: {"Windows-1253", charmap.Windows1253},
}

// cpgEncodings maps code page names and numbers found in .cpg files.
var cpgEncodings = map[string]textDecoder{
	"UTF-8": utf8Decoder, "UTF8": utf8Decoder, "65001": utf8Decoder,
	"GBK": {"GBK", simplifiedchinese.GBK}, "936": {"GBK", simplifiedchinese.GBK},
	"CP936": {"GBK", simplifiedchinese.GBK}, "GB2312": {"GBK", simplifiedchinese.GBK},
	"GB18030": {"GB18030", simplifiedchinese.GB18030}, "54936": {"GB18030", simplifiedchinese.GB18030},
	"BIG5": {"Big5", traditionalchinese.Big5}, "950": {"Big5", traditionalchinese.Big5},
	"1252":  {"Windows-1252", charmap.Windows1252},
	"88591": {"ISO-8859-1", charmap.ISO8859_1}, "8859-1": {"ISO-8859-1", charmap.ISO8859_1},
}

// parseCPG returns the decoder for the code page named by a .cpg file.
// "SYSTEM" and "OEM" name no code page and return ok false.
func parseCPG(text string) (textDecoder, bool, error) {
	name := strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(text, "\ufeff")))
	name = strings.TrimPrefix(name, "ANSI ")
	if name == "" || name == "SYSTEM" || name == "OEM" {
		return textDecoder{}, false, nil
	}
	if d, ok := cpgEncodings[name]; ok {
		return d, true, nil
	}
	if enc, err := htmlindex.Get(name); err == nil {
		if canonical, err := htmlindex.Name(enc); err == nil && canonical == "utf-8" {
			return utf8Decoder, true, nil
		}
		return textDecoder{name: name, enc: enc}, true, nil
	}
	return textDecoder{}, false, fmt.Errorf("code page %q in .cpg is not known: "+
		"want a name such as UTF-8, GBK or GB18030, or set Options.Encoding", strings.TrimSpace(text))
}

// detectDecoder picks UTF-8 when all rows are valid UTF-8 and GB18030
// otherwise.
func detectDecoder(rows [][]byte, rawNames [][]byte) textDecoder {
	for _, group := range [][][]byte{rows, rawNames} {
		for _, b := range group {
			if !utf8.Valid(b) {
				return textDecoder{"GB18030", simplifiedchinese.GB18030}
			}
		}
	}
	return utf8Decoder
}
