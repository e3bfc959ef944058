package gs1

// CheckDigit returns the GS1 mod-10 check digit, as an ASCII digit, for
// payload: the digits of a key without its check digit. Counted from the
// right, the payload digits are weighted 3, 1, 3, 1, ... and the check digit
// brings the weighted sum up to a multiple of 10, as the GS1 General
// Specifications define it. It works for every key length: GTIN-8/12/13/14, SSCC, GLN, GSRN,
// GDTI, GSIN and the rest.
//
// CheckDigit returns an *Error with Reason [NonDigit] when payload holds a
// non-digit, and [TooShortForCheckDigit] when it is empty.
func CheckDigit(payload string) (byte, error) {
	if payload == "" {
		return 0, &Error{Reason: TooShortForCheckDigit, Pos: 0, Detail: "a key needs at least one digit before its check digit"}
	}
	sum, bad := weightedSum(payload)
	if bad >= 0 {
		return 0, &Error{Reason: NonDigit, Value: payload, Pos: bad}
	}
	return byte('0' + (10-sum%10)%10), nil
}

// ValidateCheckDigit checks that the last digit of key is the GS1 mod-10
// check digit of the digits before it. It returns nil or an *Error with
// Reason [IncorrectCheckDigit], [NonDigit] or [TooShortForCheckDigit]; Pos
// marks the offending character.
func ValidateCheckDigit(key string) error {
	if key == "" {
		return &Error{Reason: TooShortForCheckDigit, Pos: 0, Detail: "a key needs at least its check digit"}
	}
	sum, bad := weightedSum(key[:len(key)-1])
	last := key[len(key)-1]
	if bad < 0 && (last < '0' || last > '9') {
		bad = len(key) - 1
	}
	if bad >= 0 {
		return &Error{Reason: NonDigit, Value: key, Pos: bad, Detail: "keys with a check digit are all digits"}
	}
	want := byte('0' + (10-sum%10)%10)
	if last != want {
		return &Error{Reason: IncorrectCheckDigit, Value: key, Pos: len(key) - 1,
			Detail: "check digit should be " + string(want)}
	}
	return nil
}

// HasValidCheckDigit reports whether key is all digits and ends in its GS1
// mod-10 check digit. It does not allocate.
func HasValidCheckDigit(key string) bool {
	if key == "" {
		return false
	}
	sum, bad := weightedSum(key[:len(key)-1])
	return bad < 0 && key[len(key)-1] == byte('0'+(10-sum%10)%10)
}

// weightedSum returns the sum of the digits of payload weighted 3, 1, 3, ...
// from the right, and the offset of the first non-digit or -1.
func weightedSum(payload string) (sum, bad int) {
	bad = -1
	weight := 3
	for i := len(payload) - 1; i >= 0; i-- {
		d := payload[i] - '0'
		if d > 9 {
			bad = i
		}
		sum += weight * int(d)
		weight = 4 - weight
	}
	return sum, bad
}

// ValidateGTIN checks that s is a GTIN-8, GTIN-12, GTIN-13 or GTIN-14: 8,
// 12, 13 or 14 digits ending in their check digit.
func ValidateGTIN(s string) error {
	switch len(s) {
	case 8, 12, 13, 14:
		return ValidateCheckDigit(s)
	}
	reason := ValueTooShort
	if len(s) > 14 {
		reason = ValueTooLong
	}
	return newError(reason, "01", s, "a GTIN has 8, 12, 13 or 14 digits")
}

// GTIN14 returns the 14-digit form of a GTIN-8, GTIN-12, GTIN-13 or GTIN-14,
// padded on the left with zeros, after
// checking its check digit. GTIN14("9780345418913") is "09780345418913".
func GTIN14(s string) (string, error) {
	if err := ValidateGTIN(s); err != nil {
		return "", err
	}
	if len(s) == 14 {
		return s, nil
	}
	return "00000000000000"[:14-len(s)] + s, nil
}
