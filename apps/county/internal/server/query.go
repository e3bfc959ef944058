package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
)

// statsDivision reads the division query parameter of a statistics route and
// checks it against the caller's scope. Without one it returns the caller's
// division, so figures never mix in records outside it.
func statsDivision(r *http.Request, p auth.Principal) (land.DivisionCode, *fieldError) {
	d, fe := divisionQuery(r, p)
	if fe != nil {
		return "", fe
	}
	if d == "" {
		d = p.Division
	}
	return d, nil
}

// checkQuery rejects query parameters that are not in known, so that a
// misspelt parameter is reported instead of ignored.
func checkQuery(r *http.Request, known ...string) *fieldError {
	for name := range r.URL.Query() {
		ok := false
		for _, k := range known {
			ok = ok || name == k
		}
		if !ok {
			return badQuery(name, "query parameter %q is not known, want one of %q", name, known)
		}
	}
	return nil
}

// yearQuery reads the year query parameter: a year from 1900 up to the year
// of today, which it defaults to.
func yearQuery(r *http.Request, today land.Date) (int, *fieldError) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return today.Year, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 || y < 1900 {
		return 0, badQuery("year", "year %q is invalid, want four digits such as %d", v, today.Year)
	}
	if y > today.Year {
		return 0, badQuery("year", "year %d is after the current year %d", y, today.Year)
	}
	return y, nil
}

// monthQuery reads the month query parameter as YYYY-MM: a month from 1900
// up to the month of today, which it defaults to. It returns the month's
// first day.
func monthQuery(r *http.Request, today land.Date) (land.Date, *fieldError) {
	v := r.URL.Query().Get("month")
	current := land.NewDate(today.Year, today.Month, 1)
	if v == "" {
		return current, nil
	}
	t, err := time.Parse("2006-01", v)
	if err != nil || t.Year() < 1900 {
		return land.Date{}, badQuery("month", "month %q is invalid, want YYYY-MM such as %s", v, monthText(current))
	}
	m := land.NewDate(t.Year(), t.Month(), 1)
	if m.After(current) {
		return land.Date{}, badQuery("month", "month %s is after the current month %s", v, monthText(current))
	}
	return m, nil
}

// monthText returns the month of d as YYYY-MM.
func monthText(d land.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)) }
