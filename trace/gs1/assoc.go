package gs1

// CheckAssociations checks the rules between the AIs of es with a default
// [Parser].
func CheckAssociations(es Elements) error { return Parser{}.CheckAssociations(es) }

// CheckAssociations checks the rules between the AIs of es, which the GS1
// General Specifications state over all the AI data marked on one
// item, across all its barcodes:
//
//   - an AI that occurs more than once has the same value each time;
//   - no two AIs that exclude each other occur together, such as a GTIN
//     (01) with the GTIN of contained items (02);
//   - every AI has the AIs it requires, such as a serial number (21) with
//     a GTIN (01);
//   - a digital signature (8030) over a GDTI (253), GCN (255) or GRAI
//     (8003) signs one with its serial component.
//
// Unknown AIs take part as the AIs they match, with no rules of their own.
// It returns nil or an *Error with Reason [ExclusiveAIs],
// [RequiredAIMissing], [RepeatedAIDiffers] or [SerialRequired]. It does not
// check the values themselves and ignores p.SkipAssociationChecks.
func (p Parser) CheckAssociations(es Elements) error {
	for i := range es {
		if err := checkExclusions(es, i); err != nil {
			return err
		}
	}
	for i := range es {
		if err := checkRequirements(es, i); err != nil {
			return err
		}
	}
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			if es[i].AI == es[j].AI && es[i].Value != es[j].Value {
				return newError(RepeatedAIDiffers, es[i].AI, es[j].Value, "the first occurrence has "+es[i].Value)
			}
		}
	}
	return checkSignedSerial(es)
}

// associations runs CheckAssociations unless p skips it.
func (p Parser) associations(es Elements) error {
	if p.SkipAssociationChecks {
		return nil
	}
	return p.CheckAssociations(es)
}

func checkExclusions(es Elements, i int) error {
	a, ok := Lookup(es[i].AI)
	if !ok {
		return nil
	}
	for _, pattern := range a.Excludes {
		if j := findOther(es, pattern, a.Code); j >= 0 {
			return newError(ExclusiveAIs, a.Code, es[i].Value, "not allowed with ("+es[j].AI+")")
		}
	}
	return nil
}

func checkRequirements(es Elements, i int) error {
	a, ok := Lookup(es[i].AI)
	if !ok {
		return nil
	}
	for _, r := range a.Requires {
		if !satisfied(es, r, a.Code) {
			return newError(RequiredAIMissing, a.Code, es[i].Value, "needs "+r.String())
		}
	}
	return nil
}

// satisfied reports whether one alternative of r is wholly present in es,
// not counting elements with the AI self.
func satisfied(es Elements, r Requirement, self string) bool {
	for _, alt := range r {
		all := true
		for _, pattern := range alt {
			if findOther(es, pattern, self) < 0 {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// findOther returns the index of the first element whose AI matches
// pattern and is not self, or -1.
func findOther(es Elements, pattern, self string) int {
	for j, e := range es {
		if e.AI != self && matchAI(pattern, e.AI) {
			return j
		}
	}
	return -1
}

// matchAI reports whether the AI code matches pattern, in which "n" stands
// for any digit.
func matchAI(pattern, code string) bool {
	if len(pattern) != len(code) {
		return false
	}
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != 'n' && pattern[i] != code[i] {
			return false
		}
	}
	return true
}

// String returns the requirement as alternatives separated by " or ", each
// a list of AIs joined by "+": "(01)+(21) or (03)+(21)".
func (r Requirement) String() string {
	s := ""
	for i, alt := range r {
		if i > 0 {
			s += " or "
		}
		for j, code := range alt {
			if j > 0 {
				s += "+"
			}
			s += "(" + code + ")"
		}
	}
	return s
}

// checkSignedSerial checks that a digital signature (8030) signs serialised
// keys: a GDTI, GCN or GRAI with it must carry its optional serial
// component.
func checkSignedSerial(es Elements) error {
	if _, ok := es.Get("8030"); !ok {
		return nil
	}
	for _, e := range es {
		switch e.AI {
		case "253", "255", "8003":
			a, _ := Lookup(e.AI)
			if len(e.Value) <= a.MinLength() {
				return newError(SerialRequired, e.AI, e.Value, "a key signed by (8030) must include its serial component")
			}
		}
	}
	return nil
}
