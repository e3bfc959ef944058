package trace_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/mint"
)

func ExampleParseCreditCode() {
	code, err := trace.ParseCreditCode("91350100M000100Y43")
	fmt.Println(code, code.Category(), code.Division(), err)

	_, err = trace.ParseCreditCode("91350100M000100Y44")
	fmt.Println(err)
	// Output:
	// 91350100M000100Y43 91 350100 <nil>
	// trace: invalid credit code "91350100M000100Y44": check character '4', want '3'
}

func ExampleParseEarTag() {
	tag, err := trace.ParseEarTag("3-653221-00000042")
	if err != nil {
		panic(err)
	}
	fmt.Println(tag, tag.Species(), tag.County(), tag.Serial())
	// Output: 365322100000042 sheep 653221 42
}

func ExampleCertificate_Validate() {
	c := &trace.Certificate{
		Number:   "HT20241009-0001",
		Issuer:   trace.CertificateIssuer{Name: "和田县红枣专业合作社", Phone: "0903-251"},
		Product:  "和田骏枣",
		Quantity: trace.Kilograms("500"),
		Origin:   "653221101",
		IssuedOn: land.NewDate(2024, time.October, 9),
		Bases:    trace.Bases(trace.CommissionedTesting),
	}
	var verr *trace.ValidationError
	if errors.As(c.Validate(), &verr) {
		for _, f := range verr.Fields {
			fmt.Println(f.Field+":", f.Reason)
		}
	}
	// Output:
	// issuer.phone: want a mobile number such as 13912345678 or a landline such as 0996-1234567
	// report: is required when the basis is commissioned testing
}

func ExampleRules_CheckScan() {
	rules := trace.Rules{Travel: trace.TravelRule{MaxSpeedKmh: 300}}
	urumqi := &trace.GeoPoint{Lon: 87.62, Lat: 43.83}
	kashgar := &trace.GeoPoint{Lon: 75.99, Lat: 39.47}
	first := &trace.Scan{ID: 1, Status: trace.Known, EPC: "https://trace.example.cn/t/1SE61XHPSF46E73Q",
		Issuance: "I-1", At: time.Date(2024, 10, 12, 9, 0, 0, 0, time.UTC), Location: urumqi}
	second := *first
	second.ID, second.At, second.Location = 2, first.At.Add(2*time.Hour), kashgar

	for _, f := range rules.CheckScan(&second, trace.ScanContext{Previous: first, Count: 2}) {
		fmt.Println(f.Rule, f.Severity, f.Evidence.Scans)
	}
	// Output: impossible_travel major [1 2]
}

func ExampleTracker() {
	ctx := context.Background()
	keys, _ := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("0123456789abcdef")})
	minter, _ := mint.NewMinter(keys, 1)
	batch, _ := minter.NewBatch(1000)

	store := trace.NewMemoryStore(nil)
	issuance := &trace.Issuance{ID: "I-2024-0001", Batch: "2024-HT-0001", Scheme: trace.SchemeMinted,
		Space: trace.MintSpace(batch.Version, batch.Number), KeyVersion: 1, Count: uint64(batch.Count),
		State: trace.Active, ActivatedAt: time.Date(2024, 10, 10, 0, 0, 0, 0, time.UTC),
		IssuedAt: time.Date(2024, 10, 9, 0, 0, 0, 0, time.UTC)}
	if err := store.PutIssuance(ctx, issuance); err != nil {
		panic(err)
	}
	ns := trace.Namespace{Domain: "trace.hotan.example.cn"}
	tracker := &trace.Tracker{Store: store, Resolver: trace.MintResolver{Keys: keys, Namespace: ns}}

	code, _ := minter.Code(batch.Number, 42)
	for _, when := range []time.Time{
		time.Date(2024, 10, 9, 12, 0, 0, 0, time.UTC), // before activation
		time.Date(2024, 10, 12, 9, 0, 0, 0, time.UTC),
	} {
		res, err := tracker.Scan(ctx, trace.ScanRequest{Text: code.Grouped(), At: when, Division: "650102"})
		if err != nil {
			panic(err)
		}
		fmt.Println(res.Scan.Status, res.Stats.Count, len(res.Flags))
	}
	// Output:
	// known 1 1
	// known 2 0
}

func ExampleSteps_Harvest() {
	steps := trace.Steps{Namespace: trace.Namespace{Domain: "trace.hotan.example.cn"}}
	product := &trace.Product{ID: "HT-JUNZAO", Producer: "93653221MA78ABCD1U", Name: "和田骏枣",
		Category: trace.Fruit, Unit: trace.Kilogram}
	batch := &trace.Batch{ID: "2024-HT-0001", Product: product.ID, Plot: "6532211010010100042",
		HarvestedOn: land.NewDate(2024, time.October, 8), Quantity: trace.Kilograms("1200.5"),
		Origin: "653221101001"}
	e, err := steps.Harvest(trace.Harvest{At: time.Date(2024, 10, 8, 18, 0, 0, 0, time.UTC),
		Product: product, Batch: batch})
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Type, e.Action, e.BizStep, e.Disposition)
	fmt.Println(e.BizLocation.ID)
	fmt.Println(e.QuantityList[0].EPCClass, e.QuantityList[0].Quantity, e.QuantityList[0].UOM)
	// Output:
	// ObjectEvent ADD creating_class_instance active
	// https://trace.hotan.example.cn/plot/6532211010010100042
	// https://trace.hotan.example.cn/lot/2024-HT-0001 1200.5 KGM
}
