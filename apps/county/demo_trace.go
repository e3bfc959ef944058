package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/gs1"
)

// demoProducer is one fictional producer of the demo with one product and
// one batch on a plot of its village.
type demoProducer struct {
	credit, name, kind, phone     string
	product, productName, variety string
	category, standard            string
	gs1Prefix                     string // empty: county-minted codes
	batch                         string
	harvested                     string
	kg                            string
}

// demoProducers are the demo's producers: red dates, pears and roses.
var demoProducers = []demoProducer{
	{credit: "93654229MA7HQ0001", name: "青杨县团结红枣专业合作社", kind: "cooperative", phone: "13899110001",
		product: "QY-JUJUBE", productName: "青杨骏枣", variety: "骏枣", category: "fruit",
		standard: "GB/T 32714-2016", batch: "2026-HZ-001", harvested: "2025-10-12", kg: "3200.0"},
	{credit: "91654229MA7HQ0002", name: "青杨县梨香果业有限公司", kind: "company", phone: "13899110002",
		product: "QY-PEAR", productName: "青杨香梨", variety: "库尔勒香梨", category: "fruit",
		standard: "NY/T 585-2002", gs1Prefix: "6901234", batch: "2026-XL-001", harvested: "2025-09-20",
		kg: "5400.0"},
	{credit: "93654229MA7HQ0003", name: "青杨县玫瑰花种植专业合作社", kind: "cooperative", phone: "13899110003",
		product: "QY-ROSE", productName: "青杨玫瑰花茶", variety: "大马士革玫瑰", category: "flower",
		batch: "2026-MG-001", harvested: "2025-05-28", kg: "480.0"},
}

// demoAPI calls the county server's API as the demo administrator.
type demoAPI struct {
	ctx   context.Context
	base  string
	token string
}

func (c *demoAPI) call(method, path string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(c.ctx, method, c.base+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, err
	}
	if res.StatusCode >= 400 && res.StatusCode != http.StatusConflict && res.StatusCode != http.StatusNotFound {
		return res.StatusCode, fmt.Errorf("%s %s: %s: %s", method, path, res.Status, bytes.TrimSpace(data))
	}
	if out != nil && res.StatusCode < 300 {
		if b, ok := out.(*[]byte); ok {
			*b = data
			return res.StatusCode, nil
		}
		return res.StatusCode, json.Unmarshal(data, out)
	}
	return res.StatusCode, nil
}

// seedDemoTrace creates the demo's producers, products, batches on plots of
// the first villages, test reports, certificates, issued codes and supply
// chain steps through the API, unless they exist. Then it looks a code up from
// two cities a moment apart, which the impossible-travel rule flags. It
// returns a lookup URL of a code with a full story.
func seedDemoTrace(ctx context.Context, base, account, secret string, c *demo.County, log *slog.Logger) (string, error) {
	api := &demoAPI{ctx: ctx, base: base}
	var login struct {
		Token string `json:"token"`
	}
	if _, err := api.call("POST", "/api/v1/login", map[string]string{"account": account, "secret": secret}, &login); err != nil {
		return "", err
	}
	api.token = login.Token
	var sample string
	for i, p := range demoProducers {
		village := c.Villages[i%len(c.Villages)]
		plot := firstPlot(c, village.Code)
		codes, err := seedDemoProducer(api, p, village, plot)
		if err != nil {
			return "", fmt.Errorf("demo producer %s: %w", p.name, err)
		}
		if i == 0 && len(codes) > 0 {
			// The export's URLs start with -public-url, which need not be
			// where this server listens.
			u, err := url.Parse(codes[0])
			if err != nil {
				return "", err
			}
			sample = base + u.Path
		}
	}
	// The sample code is looked up in Urumqi and, a moment later, in
	// Shanghai, 3,300 km away: the impossible-travel rule flags it and the
	// flag becomes an alarm.
	lookups := []struct {
		loc, region string
	}{
		{"87.62,43.83", "650100"},
		{"121.47,31.23", "310100"},
	}
	for _, l := range lookups {
		q := url.Values{"loc": {l.loc}, "region": {l.region}}
		if _, err := demoLookup(ctx, sample, q); err != nil {
			return "", err
		}
	}
	if _, err := demoLookup(ctx, base+"/t/0000-0000-0000-0000", nil); err != nil {
		return "", err
	}
	log.Info("demo trace records ready", "producers", len(demoProducers), "sample", sample)
	return sample, nil
}

// demoLookup requests a lookup URL with query parameters.
func demoLookup(ctx context.Context, lookupURL string, q url.Values) (int, error) {
	u := lookupURL
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "county-demo")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}

// firstPlot returns the first plot of the village.
func firstPlot(c *demo.County, village land.DivisionCode) string {
	for _, p := range c.Plots {
		if p.Village == village {
			return string(p.Code)
		}
	}
	return ""
}

// seedDemoProducer creates one producer's records and returns the lookup URLs
// of its codes from the CSV export.
func seedDemoProducer(api *demoAPI, p demoProducer, village demo.Division, plot string) ([]string, error) {
	credit := p.credit + string(trace.CreditCheckChar(p.credit))
	status, err := api.call("GET", "/api/v1/trace/batches/"+p.batch, nil, nil)
	if err != nil {
		return nil, err
	}
	if status == http.StatusNotFound {
		if err := createDemoRecords(api, p, credit, village, plot); err != nil {
			return nil, err
		}
	}
	var issuances struct {
		Items []trace.Issuance `json:"items"`
	}
	if _, err := api.call("GET", "/api/v1/trace/batches/"+p.batch+"/codes", nil, &issuances); err != nil {
		return nil, err
	}
	if len(issuances.Items) == 0 {
		return nil, errors.New("batch " + p.batch + " has no codes")
	}
	var csv []byte
	if _, err := api.call("GET", "/api/v1/trace/issuances/"+issuances.Items[0].ID+"/export?format=csv&count=5", nil, &csv); err != nil {
		return nil, err
	}
	var urls []string
	sc := bufio.NewScanner(bytes.NewReader(csv))
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) > 1 && strings.HasPrefix(fields[1], "http") {
			urls = append(urls, fields[1])
		}
	}
	return urls, nil
}

func createDemoRecords(api *demoAPI, p demoProducer, credit string, village demo.Division, plot string) error {
	producer := map[string]any{"code": credit, "name": p.name, "kind": p.kind, "division": village.Code,
		"phone": p.phone, "address": village.Name}
	product := map[string]any{"id": p.product, "producer": credit, "name": p.productName, "variety": p.variety,
		"category": p.category, "unit": "KGM", "standard": p.standard}
	if p.gs1Prefix != "" {
		producer["gs1Prefix"] = p.gs1Prefix
		payload := "0" + p.gs1Prefix + "00001"
		payload += strings.Repeat("0", 13-len(payload))
		check, err := gs1.CheckDigit(payload)
		if err != nil {
			return err
		}
		product["gtin"] = payload + string(check)
	}
	quantity := map[string]any{"value": p.kg, "unit": "KGM"}
	harvested, _ := time.Parse(time.DateOnly, p.harvested)
	day := func(days int) string { return harvested.AddDate(0, 0, days).Format(time.DateOnly) }
	at := func(days, hour int) string {
		return harvested.AddDate(0, 0, days).Add(time.Duration(hour)*time.Hour).Format("2006-01-02T15:04:05") + "+08:00"
	}
	report := "R-" + p.batch
	steps := []struct {
		path string
		body any
	}{
		{"/api/v1/trace/producers", producer},
		{"/api/v1/trace/products", product},
		{"/api/v1/trace/batches", map[string]any{"id": p.batch, "product": p.product, "plot": plot,
			"harvestedOn": p.harvested, "quantity": quantity}},
		{"/api/v1/trace/reports", map[string]any{"number": report, "batch": p.batch,
			"lab":       map[string]any{"name": "青杨县农产品质量安全检测站", "accreditation": "240000000001"},
			"sampledOn": day(1), "issuedOn": day(2), "result": "pass",
			"items": []map[string]any{
				{"name": "毒死蜱", "method": "GB 23200.113-2018", "value": "0.01", "limit": "0.5", "unit": "mg/kg",
					"notDetected": true, "result": "pass"},
				{"name": "多菌灵", "value": "0.05", "limit": "0.5", "unit": "mg/kg", "result": "pass"}}}},
		{"/api/v1/trace/certificates", map[string]any{"number": "C-" + p.batch,
			"issuer":  map[string]any{"name": p.name, "code": credit, "phone": p.phone},
			"product": p.productName, "productId": p.product, "batch": p.batch, "quantity": quantity,
			"origin": village.Code, "originName": village.Name, "issuedOn": day(2),
			"bases": "quality_control,commissioned_testing", "report": report}},
		{"/api/v1/trace/batches/" + p.batch + "/codes", map[string]any{"count": 200, "state": "active"}},
	}
	for _, s := range steps {
		if _, err := api.call("POST", s.path, s.body, nil); err != nil {
			return err
		}
	}
	var issuances struct {
		Items []trace.Issuance `json:"items"`
	}
	if _, err := api.call("GET", "/api/v1/trace/batches/"+p.batch+"/codes", nil, &issuances); err != nil {
		return err
	}
	var csv []byte
	if _, err := api.call("GET", "/api/v1/trace/issuances/"+issuances.Items[0].ID+"/export?format=csv&count=4", nil, &csv); err != nil {
		return err
	}
	var codes []string
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(csv, []byte("\ufeff"))))
	for sc.Scan() {
		if f := strings.Split(sc.Text(), ","); len(f) > 1 && strings.HasPrefix(f[1], "http") {
			codes = append(codes, f[0])
		}
	}
	return recordDemoSteps(api, p, credit, report, codes, at)
}

// recordDemoSteps records the supply chain of a demo batch: packing,
// inspection, shipping to Urumqi and Shanghai, receiving and one retail sale.
func recordDemoSteps(api *demoAPI, p demoProducer, credit, report string, codes []string,
	at func(days, hour int) string) error {
	buyer := "91650100MA7HQ0009"
	buyer += string(trace.CreditCheckChar(buyer))
	chain := []struct {
		step string
		body map[string]any
	}{
		{"packing", map[string]any{"at": at(1, 9), "site": "青杨县冷链分拣中心", "codes": codes,
			"parent": "https://" + "trace.qingyang.example.cn" + "/case/" + p.batch + "-1"}},
		{"inspection", map[string]any{"at": at(2, 10), "site": "青杨县农产品质量安全检测站", "codes": codes, "report": report}},
		{"shipping", map[string]any{"at": at(3, 8), "site": "青杨县冷链分拣中心", "codes": codes, "from": credit,
			"to": buyer, "destinations": []string{"650100", "310000"}}},
		{"receiving", map[string]any{"at": at(4, 20), "site": "乌鲁木齐北园春批发市场", "codes": codes,
			"from": credit, "to": buyer}},
		{"retail-sale", map[string]any{"at": at(6, 11), "site": "乌鲁木齐果品超市", "codes": codes[:1], "place": "650102"}},
	}
	for _, s := range chain {
		if _, err := api.call("POST", "/api/v1/trace/batches/"+p.batch+"/steps/"+s.step, s.body, nil); err != nil {
			return err
		}
	}
	return nil
}
