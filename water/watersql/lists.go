package watersql

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// The lists inside a record (measuring points, canal paths, plots, monthly splits,
// shares, warnings, bill lines, alarm evidence) are stored as JSON text in a column of
// the record's row. The JSON forms below are the stored format: decimals are strings with
// every place they were written with, and float64 values are written in the shortest form
// that reads back to the same bits.

// Codes are plain strings in the JSON forms: a record is validated when it is stored,
// and a read returns what was stored.

type pointJSON struct {
	Code   string                `json:"code"`
	Name   string                `json:"name,omitempty"`
	Lon    float64               `json:"lon"`
	Lat    float64               `json:"lat"`
	Method water.MeasuringMethod `json:"method"`
	Meter  string                `json:"meter,omitempty"`
}

func encodePoints(points []water.MeasuringPoint) (string, error) {
	out := make([]pointJSON, len(points))
	for i, p := range points {
		out[i] = pointJSON{Code: string(p.Code), Name: p.Name, Lon: p.Location.Lon, Lat: p.Location.Lat,
			Method: p.Method, Meter: string(p.Meter)}
	}
	return jsonArg(out)
}

func decodePoints(text string) ([]water.MeasuringPoint, error) {
	var in []pointJSON
	if err := decodeJSON(text, &in); err != nil || len(in) == 0 {
		return nil, err
	}
	out := make([]water.MeasuringPoint, len(in))
	for i, p := range in {
		out[i] = water.MeasuringPoint{Code: water.FacilityCode(p.Code), Name: p.Name,
			Location: water.Point{Lon: p.Lon, Lat: p.Lat}, Method: p.Method, Meter: water.MeterID(p.Meter)}
	}
	return out, nil
}

// encodePath stores a path as [[lon, lat], ...].
func encodePath(path []water.Point) (string, error) {
	out := make([][2]float64, len(path))
	for i, p := range path {
		out[i] = [2]float64{p.Lon, p.Lat}
	}
	return jsonArg(out)
}

func decodePath(text string) ([]water.Point, error) {
	var in [][2]float64
	if err := decodeJSON(text, &in); err != nil || len(in) == 0 {
		return nil, err
	}
	out := make([]water.Point, len(in))
	for i, p := range in {
		out[i] = water.Point{Lon: p[0], Lat: p[1]}
	}
	return out, nil
}

func encodePlots(plots []land.PlotCode) (string, error) {
	out := make([]string, len(plots))
	for i, p := range plots {
		out[i] = string(p)
	}
	return jsonArg(out)
}

func decodePlots(text string) ([]land.PlotCode, error) {
	var in []string
	if err := decodeJSON(text, &in); err != nil || len(in) == 0 {
		return nil, err
	}
	out := make([]land.PlotCode, len(in))
	for i, p := range in {
		out[i] = land.PlotCode(p)
	}
	return out, nil
}

// encodeDecimals stores decimals as an array of strings.
func encodeDecimals(ds []decimal.Decimal) (string, error) {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = sqlstore.DecimalText(d)
	}
	return jsonArg(out)
}

func decodeDecimals(text string) ([]decimal.Decimal, error) {
	var in []string
	if err := decodeJSON(text, &in); err != nil || len(in) == 0 {
		return nil, err
	}
	return parseDecimals(in)
}

func parseDecimals(in []string) ([]decimal.Decimal, error) {
	out := make([]decimal.Decimal, len(in))
	for i, s := range in {
		d, err := sqlstore.ParseDecimal(s)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// decodeMonthly decodes the twelve decimals of a monthly split.
func decodeMonthly(text string) ([12]decimal.Decimal, error) {
	var months [12]decimal.Decimal
	ds, err := decodeDecimals(text)
	if err != nil {
		return months, err
	}
	if len(ds) != 12 {
		return months, fmt.Errorf("watersql: invalid stored monthly split of %d months, want 12", len(ds))
	}
	copy(months[:], ds)
	return months, nil
}

type shareJSON struct {
	Household string `json:"household"`
	Area      string `json:"area"`
	PerMu     string `json:"per_mu"`
}

func encodeShares(shares []water.Share) (string, error) {
	out := make([]shareJSON, len(shares))
	for i, s := range shares {
		out[i] = shareJSON{Household: string(s.Household), Area: sqlstore.DecimalText(s.Area), PerMu: sqlstore.DecimalText(s.PerMu)}
	}
	return jsonArg(out)
}

func decodeShares(text string) ([]water.Share, error) {
	var in []shareJSON
	if err := decodeJSON(text, &in); err != nil || len(in) == 0 {
		return nil, err
	}
	out := make([]water.Share, len(in))
	for i, s := range in {
		ds, err := parseDecimals([]string{s.Area, s.PerMu})
		if err != nil {
			return nil, err
		}
		out[i] = water.Share{Household: land.ContractorCode(s.Household), Area: ds[0], PerMu: ds[1]}
	}
	return out, nil
}

type chargeLineJSON struct {
	Band   int    `json:"band"`
	Volume string `json:"volume"`
	Price  string `json:"price"`
	Amount string `json:"amount"`
}

func encodeChargeLines(lines []water.ChargeLine) (string, error) {
	out := make([]chargeLineJSON, len(lines))
	for i, l := range lines {
		out[i] = chargeLineJSON{Band: l.Band, Volume: sqlstore.DecimalText(l.Volume), Price: sqlstore.DecimalText(l.Price),
			Amount: sqlstore.DecimalText(l.Amount)}
	}
	return jsonArg(out)
}

func decodeChargeLines(text string) ([]water.ChargeLine, error) {
	var in []chargeLineJSON
	if err := decodeJSON(text, &in); err != nil || len(in) == 0 {
		return nil, err
	}
	out := make([]water.ChargeLine, len(in))
	for i, l := range in {
		ds, err := parseDecimals([]string{l.Volume, l.Price, l.Amount})
		if err != nil {
			return nil, err
		}
		out[i] = water.ChargeLine{Band: l.Band, Volume: ds[0], Price: ds[1], Amount: ds[2]}
	}
	return out, nil
}

type quantityJSON struct {
	Name  string     `json:"name"`
	Value string     `json:"value"`
	Unit  water.Unit `json:"unit"`
}

func encodeQuantities(qs []water.Quantity) (string, error) {
	out := make([]quantityJSON, len(qs))
	for i, q := range qs {
		out[i] = quantityJSON{Name: q.Name, Value: sqlstore.DecimalText(q.Value), Unit: q.Unit}
	}
	return jsonArg(out)
}

func decodeQuantities(text string) ([]water.Quantity, error) {
	var in []quantityJSON
	if err := decodeJSON(text, &in); err != nil || len(in) == 0 {
		return nil, err
	}
	out := make([]water.Quantity, len(in))
	for i, q := range in {
		v, err := sqlstore.ParseDecimal(q.Value)
		if err != nil {
			return nil, err
		}
		out[i] = water.Quantity{Name: q.Name, Value: v, Unit: q.Unit}
	}
	return out, nil
}

func decodeJSON(text string, v any) error {
	if err := json.Unmarshal([]byte(text), v); err != nil {
		return fmt.Errorf("watersql: invalid stored JSON: %w", err)
	}
	return nil
}
