package epcis

import (
	"path/filepath"
	"testing"
)

// vocabularyUnderTest gives, per vocabulary column of the CBV table, the parser and the
// forms of a parsed value.
var vocabularyUnderTest = map[string]struct {
	parse func(string) (string, bool, string, string, error)
	count int
}{
	"bizStep": {func(s string) (string, bool, string, string, error) {
		v, err := ParseBizStep(s)
		return string(v), v.IsStandard(), v.URI(), v.URN(), err
	}, len(bizStepsNames)},
	"disposition": {func(s string) (string, bool, string, string, error) {
		v, err := ParseDisposition(s)
		return string(v), v.IsStandard(), v.URI(), v.URN(), err
	}, len(dispositionsNames)},
	"bizTransactionType": {func(s string) (string, bool, string, string, error) {
		v, err := ParseBizTransactionType(s)
		return string(v), v.IsStandard(), v.URI(), v.URN(), err
	}, len(bizTransactionTypesNames)},
	"sourceDestType": {func(s string) (string, bool, string, string, error) {
		v, err := ParseSourceDestType(s)
		return string(v), v.IsStandard(), v.URI(), v.URN(), err
	}, len(sourceDestTypesNames)},
	"errorReason": {func(s string) (string, bool, string, string, error) {
		v, err := ParseErrorReason(s)
		return string(v), v.IsStandard(), v.URI(), v.URN(), err
	}, len(errorReasonsNames)},
}

func TestVocabularyAgainstCBVTable(t *testing.T) {
	rows := readTSV(t, filepath.Join(sharedDir(t), "vectors", "cbv-vocabulary.tsv"))
	seen := map[string]int{}
	for _, row := range rows {
		kind, bare, web, urn := row[0], row[1], row[2], row[3]
		v, ok := vocabularyUnderTest[kind]
		if !ok {
			t.Errorf("unknown vocabulary %q in the table", kind)
			continue
		}
		seen[kind]++
		for _, form := range []string{bare, web, urn} {
			got, std, gotWeb, gotURN, err := v.parse(form)
			if err != nil {
				t.Errorf("%s %q: %v", kind, form, err)
				continue
			}
			if got != bare || !std || gotWeb != web || gotURN != urn {
				t.Errorf("%s %q = %q (standard %v, %s, %s); want %q (true, %s, %s)", kind,
					form, got, std, gotWeb, gotURN, bare, web, urn)
			}
		}
	}
	for kind, v := range vocabularyUnderTest {
		if seen[kind] != v.count {
			t.Errorf("%s: table has %d values, Go has %d", kind, seen[kind], v.count)
		}
	}
}

func TestParseBizStepRejects(t *testing.T) {
	for _, s := range []string{"", "transforming", "urn:epcglobal:cbv:bizstep:transforming",
		"https://ref.gs1.org/cbv/BizStep-nope", "cbv:BizStep-nope", "two words"} {
		if got, err := ParseBizStep(s); err == nil {
			t.Errorf("ParseBizStep(%q) = %q, want an error", s, got)
		}
	}
	custom := "https://example.com/bizstep/drying"
	if got, err := ParseBizStep(custom); err != nil || string(got) != custom || got.IsStandard() {
		t.Errorf("ParseBizStep(%q) = %q, %v; want it unchanged and not standard", custom, got, err)
	}
}

func TestParseAction(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Action
		ok   bool
	}{{"ADD", ActionAdd, true}, {"OBSERVE", ActionObserve, true}, {"DELETE", ActionDelete, true},
		{"add", "", false}, {"OBSERV", "", false}, {"", "", false}} {
		got, err := ParseAction(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseAction(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
