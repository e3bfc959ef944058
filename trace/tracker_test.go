package trace_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
	"github.com/shuxiang/shuxiang/trace/mint"
)

// county is a trace store with one minted batch of 1000 codes of the fixture product,
// active since October 10 and shipped to Urumqi (650100).
type county struct {
	store   *trace.MemoryStore
	minter  *mint.Minter
	tracker *trace.Tracker
	batch   mint.Batch
	steps   trace.Steps
}

func newCounty(t testing.TB, rules trace.Rules) *county {
	t.Helper()
	ctx := context.Background()
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("0123456789abcdef")})
	require.NoError(t, err)
	minter, err := mint.NewMinter(keys, 1)
	require.NoError(t, err)
	mb, err := minter.NewBatch(1000)
	require.NoError(t, err)

	s := trace.NewMemoryStore(nil)
	require.NoError(t, s.PutProducer(ctx, fixtureProducer()))
	require.NoError(t, s.PutProduct(ctx, fixtureProduct()))
	require.NoError(t, s.PutBatch(ctx, fixtureBatch()))
	is := fixtureIssuance()
	is.Space, is.First, is.Count = trace.MintSpace(mb.Version, mb.Number), uint64(mb.First), uint64(mb.Count)
	is.Destinations = []land.DivisionCode{"650100"}
	require.NoError(t, s.PutIssuance(ctx, is))

	ns := trace.Namespace{Domain: "trace.hotan.example.cn"}
	return &county{store: s, minter: minter, batch: mb, steps: trace.Steps{Namespace: ns},
		tracker: &trace.Tracker{Store: s, Rules: rules,
			Resolver: trace.Resolvers{trace.MintResolver{Keys: keys, Namespace: ns}, trace.GS1Resolver{}}}}
}

func newCountyB(b *testing.B) *county { return newCounty(b, trace.Rules{}) }

func (c *county) code(t testing.TB, serial uint32) mint.Code {
	t.Helper()
	code, err := c.minter.Code(c.batch.Number, serial)
	require.NoError(t, err)
	return code
}

func TestTrackerScanKnown(t *testing.T) {
	c := newCounty(t, trace.Rules{})
	code := c.code(t, 7)
	res, err := c.tracker.Scan(context.Background(), trace.ScanRequest{Text: code.Grouped(), At: at(10, 12, 9, 0),
		Division: "650102", Location: &trace.GeoPoint{Lon: 87.61734, Lat: 43.82571}, Client: "c1"})
	require.NoError(t, err)
	assert.Equal(t, trace.Known, res.Scan.Status)
	assert.Equal(t, "https://trace.hotan.example.cn/t/"+code.String(), res.Scan.EPC)
	assert.Equal(t, "I-2024-0001", res.Scan.Issuance)
	assert.Equal(t, &trace.GeoPoint{Lon: 87.62, Lat: 43.83}, res.Scan.Location, "coarse location")
	assert.Empty(t, res.Flags)
	assert.Equal(t, 1, res.Stats.Count)
	assert.Equal(t, trace.StoreTime(at(10, 12, 9, 0)), res.Stats.First)
}

func TestTrackerScanStatuses(t *testing.T) {
	c := newCounty(t, trace.Rules{})
	other, err := c.minter.Code(c.batch.Number+1, 0)
	require.NoError(t, err)
	forged := []byte(c.code(t, 1).String())
	forged[5], forged[6] = forged[6], forged[5]
	tests := []struct {
		name, text string
		want       trace.ScanStatus
	}{
		{"lookup URL", c.steps.Namespace.Item(c.code(t, 2).String()), trace.Known},
		{"lower case", string(toLower(c.code(t, 3).Grouped())), trace.Known},
		{"batch not issued", other.String(), trace.Unissued},
		{"GS1 without issuance", "https://example.cn/01/" + gtin + "/21/12345", trace.Unissued},
		{"swapped symbols", string(forged), trace.Malformed},
		{"garbage", "hello", trace.Malformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.tracker.Scan(context.Background(), trace.ScanRequest{Text: tt.text, At: at(10, 12, 9, 0)})
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.Scan.Status)
		})
	}
}

func toLower(s string) []byte {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

func TestTrackerFlags(t *testing.T) {
	c := newCounty(t, trace.Rules{ScanCount: trace.ScanCountRule{Threshold: 2},
		UnknownBurst: trace.UnknownBurstRule{Count: 3, Window: time.Minute}})
	ctx := context.Background()
	code := c.code(t, 9).String()
	urumqi := &trace.GeoPoint{Lon: 87.62, Lat: 43.83}
	shanghai := &trace.GeoPoint{Lon: 121.47, Lat: 31.23}

	scan := func(text string, when time.Time, division land.DivisionCode, loc *trace.GeoPoint, client string) *trace.ScanResult {
		t.Helper()
		res, err := c.tracker.Scan(ctx, trace.ScanRequest{Text: text, At: when, Division: division, Location: loc, Client: client})
		require.NoError(t, err)
		return res
	}
	assert.Empty(t, scan(code, at(10, 12, 9, 0), "650102", urumqi, "c1").Flags)
	assert.Empty(t, scan(code, at(10, 12, 10, 0), "650102", urumqi, "c1").Flags)
	third := scan(code, at(10, 12, 11, 0), "310104", shanghai, "c2")
	assert.Equal(t, []trace.RuleKind{trace.RuleScanCount, trace.RuleImpossibleTravel, trace.RuleOutsideDestination},
		rulesOf(t, third.Flags))
	early := scan(c.code(t, 10).String(), at(10, 9, 9, 0), "650102", nil, "c3")
	assert.Equal(t, []trace.RuleKind{trace.RuleBeforeActivation}, rulesOf(t, early.Flags))

	for i := range 2 {
		assert.Empty(t, scan("XXXX", at(10, 12, 12, i), "", nil, "c4").Flags, "failed scan %d", i+1)
	}
	burst := scan("YYYY", at(10, 12, 12, 0).Add(30*time.Second), "", nil, "c4")
	assert.Equal(t, []trace.RuleKind{trace.RuleUnknownBurst}, rulesOf(t, burst.Flags))

	flags, _, err := c.store.Flags(ctx, trace.FlagFilter{})
	require.NoError(t, err)
	assert.Len(t, flags, 5)
	assert.NotZero(t, flags[0].ID)
}

func TestTrackerSell(t *testing.T) {
	c := newCounty(t, trace.Rules{})
	ctx := context.Background()
	code := c.code(t, 11).Grouped()
	state, flags, err := c.tracker.Sell(ctx, code, at(10, 12, 9, 0), "650102")
	require.NoError(t, err)
	assert.Equal(t, 1, state.Sales)
	assert.Empty(t, flags)
	state, flags, err = c.tracker.Sell(ctx, code, at(10, 14, 9, 0), "310104")
	require.NoError(t, err)
	assert.Equal(t, 2, state.Sales)
	assert.Equal(t, []trace.RuleKind{trace.RuleSecondSale}, rulesOf(t, flags))

	_, _, err = c.tracker.Sell(ctx, "hello", at(10, 14, 9, 0), "")
	assert.ErrorIs(t, err, trace.ErrMalformed)
	other, err := c.minter.Code(c.batch.Number+1, 0)
	require.NoError(t, err)
	_, _, err = c.tracker.Sell(ctx, other.String(), at(10, 14, 9, 0), "")
	assert.ErrorIs(t, err, trace.ErrNotFound)
}

// fakeLand is a land register with the fixture plot and planting record.
type fakeLand struct{}

func (fakeLand) Plot(_ context.Context, code land.PlotCode) (*land.Plot, error) {
	if code != plotCode {
		return nil, land.ErrNotFound
	}
	return &land.Plot{Code: plotCode, Name: "村东枣园", Village: village, DeclaredArea: dec("12.50")}, nil
}

func (fakeLand) Planting(_ context.Context, key land.PlantingKey) (*land.Planting, error) {
	if key != fixturePlanting().Key() {
		return nil, land.ErrNotFound
	}
	return fixturePlanting(), nil
}

func TestStory(t *testing.T) {
	c := newCounty(t, trace.Rules{})
	ctx := context.Background()
	require.NoError(t, c.store.PutCertificate(ctx, fixtureCertificate()))
	require.NoError(t, c.store.PutReport(ctx, fixtureReport()))
	code := c.code(t, 5)
	item := c.steps.Namespace.Item(code.String())

	p, b := fixtureProduct(), fixtureBatch()
	harvest, err := c.steps.Harvest(trace.Harvest{At: at(10, 8, 18, 0), Product: p, Batch: b, Planting: fixturePlanting()})
	require.NoError(t, err)
	pack, err := c.steps.Pack(trace.Aggregation{At: at(10, 9, 10, 0), Site: "packhouse-1", Parent: caseEPC,
		Children: trace.Objects{EPCs: []string{item}}})
	require.NoError(t, err)
	ship, err := c.steps.Ship(trace.Observation{At: at(10, 10, 8, 0), Site: "packhouse-1",
		Objects: trace.Objects{EPCs: []string{caseEPC}}}, trace.Shipment{From: coopCode, To: companyCode})
	require.NoError(t, err)
	unrelated, err := c.steps.Sell(trace.Observation{At: at(10, 11, 8, 0), Site: "shop-7",
		Objects: trace.Objects{EPCs: []string{c.steps.Namespace.Item(c.code(t, 6).String())}}})
	require.NoError(t, err)
	_, err = epcis.CaptureDocument(ctx, c.store, &epcis.Document{Events: []epcis.Event{*ship, *harvest, *pack, *unrelated}}, nil)
	require.NoError(t, err)
	_, err = c.tracker.Scan(ctx, trace.ScanRequest{Text: code.String(), At: at(10, 12, 9, 0)})
	require.NoError(t, err)

	builder := trace.StoryBuilder{Store: c.store, Land: fakeLand{}, Events: trace.RepositoryEvents{Repository: c.store},
		Resolver: c.tracker.Resolver, Steps: c.steps}
	st, err := builder.Story(ctx, code.Grouped())
	require.NoError(t, err)
	assert.Equal(t, item, st.EPC)
	assert.Equal(t, coopCode, st.Producer.Code)
	assert.Equal(t, "和田骏枣", st.Product.Name)
	assert.Equal(t, b.ID, st.Batch.ID)
	require.NotNil(t, st.Plot)
	assert.Equal(t, village, st.Plot.Village)
	assert.Equal(t, "12.50", trace.DecimalText(st.Plot.Area))
	require.NotNil(t, st.Planting)
	assert.Equal(t, "骏枣", st.Planting.Variety)
	var stepNames []epcis.BizStep
	for _, s := range st.Steps {
		stepNames = append(stepNames, s.BizStep)
	}
	assert.Equal(t, []epcis.BizStep{epcis.BizStepCreatingClassInstance, epcis.BizStepPacking, epcis.BizStepShipping},
		stepNames, "harvest by lot, packing of the item, shipping of its case")
	assert.Equal(t, "https://trace.hotan.example.cn/plot/"+string(plotCode), st.Steps[0].Location)
	assert.Equal(t, "HT20241009-0001", st.Certificate.Number)
	assert.Equal(t, "R2024-0815", st.Report.Number)
	assert.Equal(t, 1, st.Scans.Count)

	_, err = builder.Story(ctx, "hello")
	assert.ErrorIs(t, err, trace.ErrMalformed)
}

func TestTrackerShipBatch(t *testing.T) {
	c := newCounty(t, trace.Rules{})
	ctx := context.Background()
	updated, err := c.tracker.ShipBatch(ctx, "2024-HT-0001", []land.DivisionCode{"650102", "310000"})
	require.NoError(t, err)
	require.Len(t, updated, 1)
	assert.Equal(t, []land.DivisionCode{"650100", "310000"}, updated[0].Destinations,
		"650102 lies within 650100, so only 310000 is added")
	assert.Equal(t, int64(2), updated[0].Version)

	again, err := c.tracker.ShipBatch(ctx, "2024-HT-0001", []land.DivisionCode{"310104"})
	require.NoError(t, err)
	assert.Empty(t, again, "nothing new")

	res, err := c.tracker.Scan(ctx, trace.ScanRequest{Text: c.code(t, 1).String(), At: at(10, 12, 9, 0),
		Division: "310104"})
	require.NoError(t, err)
	assert.Empty(t, res.Flags, "a scan in Shanghai after the shipment")

	_, err = c.tracker.ShipBatch(ctx, "2024-HT-0001", []land.DivisionCode{"99"})
	assert.Error(t, err)
}

func TestTrackerScanGS1(t *testing.T) {
	c := newCounty(t, trace.Rules{})
	ctx := context.Background()
	is := fixtureIssuance()
	is.ID, is.Scheme, is.Space, is.KeyVersion, is.First, is.Count = "I-GS1-0001", trace.SchemeGS1, gtin, 0, 1000, 1000
	require.NoError(t, c.store.PutIssuance(ctx, is))
	want := "https://id.gs1.org/01/" + gtin + "/21/1500"
	for _, text := range []string{
		"(01)" + gtin + "(21)1500",
		"https://trace.hotan.example.cn/01/" + gtin + "/21/1500",
		"]d201" + gtin + "211500",
	} {
		res, err := c.tracker.Scan(ctx, trace.ScanRequest{Text: text, At: at(10, 12, 9, 0)})
		require.NoError(t, err, text)
		assert.Equal(t, trace.Known, res.Scan.Status, text)
		assert.Equal(t, want, res.Scan.EPC, text)
		assert.Equal(t, "I-GS1-0001", res.Scan.Issuance, text)
	}
	res, err := c.tracker.Scan(ctx, trace.ScanRequest{Text: "(01)" + gtin + "(21)ABC", At: at(10, 12, 9, 0)})
	require.NoError(t, err)
	assert.Equal(t, trace.Unissued, res.Scan.Status, "a serial that is not a number")
	st, err := c.store.ScanStats(ctx, want)
	require.NoError(t, err)
	assert.Equal(t, 3, st.Count, "three spellings, one code")
}
