package gs1

import "time"

// Year returns the full year of the two-digit year yy (0 to 99) by the
// century rule of the GS1 General Specifications. A yy more than 50 years
// ahead of the last two digits of the reference year ref falls in the
// previous century, and one 50 or more years behind falls in the next. With
// ref 2026, 76 is 2076 and 77 is 1977.
func Year(yy, ref int) int {
	century := ref / 100 * 100
	switch d := yy - ref%100; {
	case d >= 51:
		return century - 100 + yy
	case d <= -50:
		return century + 100 + yy
	}
	return century + yy
}

// ParseDate reads a YYMMDD date of an AI such as 11, 13, 15 or 17, with the
// century from the GS1 century rule relative to ref. A day of 00 means that
// the day is not given, which these AIs allow. ParseDate then returns the
// last day of the month, the day up to which an expiry or best before date
// of that form holds, and dayGiven false.
func ParseDate(yymmdd string, ref time.Time) (date time.Time, dayGiven bool, err error) {
	if f := checkCharset(csetNumeric, yymmdd); f.reason != 0 {
		return time.Time{}, false, &Error{Reason: f.reason, Value: yymmdd, Pos: f.pos}
	}
	if len(yymmdd) != 6 {
		reason := ValueTooShort
		if len(yymmdd) > 6 {
			reason = ValueTooLong
		}
		return time.Time{}, false, newError(reason, "", yymmdd, "a date is 6 digits YYMMDD")
	}
	year := Year(atoi(yymmdd[:2]), ref.Year())
	if f := checkDate(year, yymmdd[2:], true, 2); f.reason != 0 {
		return time.Time{}, false, &Error{Reason: f.reason, Value: yymmdd, Pos: f.pos}
	}
	month, day := time.Month(atoi(yymmdd[2:4])), atoi(yymmdd[4:])
	if day == 0 {
		return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC), false, nil
	}
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC), true, nil
}

// checkShortDate checks a YYMMDD date, with DD 00 allowed when zeroDay.
// Only 29 February depends on the century, so only then is the clock read.
func checkShortDate(v string, zeroDay bool, now func() time.Time) finding {
	year := 2000 // a leap year, which accepts every other date as well
	if v[2:] == "0229" {
		ref := time.Now
		if now != nil {
			ref = now
		}
		year = Year(atoi(v[:2]), ref().Year())
	}
	return checkDate(year, v[2:], zeroDay, 2)
}

// checkDate checks the MMDD of a date in year. off is the offset of MM in
// the checked component, for the reported position.
func checkDate(year int, mmdd string, zeroDay bool, off int) finding {
	month, day := atoi(mmdd[:2]), atoi(mmdd[2:4])
	if month < 1 || month > 12 {
		return fail(IllegalMonth, off)
	}
	if day == 0 && zeroDay {
		return pass
	}
	if day < 1 || day > daysIn(year, time.Month(month)) {
		return fail(IllegalDay, off+2)
	}
	return pass
}

// daysIn returns the number of days of month in year of the Gregorian calendar.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
