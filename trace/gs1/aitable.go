package gs1

import "strconv"

// def is one row of the AI table: a single AI or a run of AIs that share
// everything but their code.
type def struct {
	first, last string // codes; last is "" for a single AI
	title       string
	flags       defFlag
	parts       []component
	req         []Requirement
	ex          []string
	key         [][]string // non-nil for a Digital Link primary key
}

type defFlag uint8

const (
	predefined defFlag = 1 << iota // length predefined by the first two digits: no FNC1
	attr                           // permitted as a Digital Link data attribute
)

func (d def) expand() []string {
	if d.last == "" {
		return []string{d.first}
	}
	lo, _ := strconv.Atoi(d.first)
	hi, _ := strconv.Atoi(d.last)
	codes := make([]string, 0, hi-lo+1)
	for c := lo; c <= hi; c++ {
		s := strconv.Itoa(c)
		for len(s) < len(d.first) {
			s = "0" + s
		}
		codes = append(codes, s)
	}
	return codes
}

// Component constructors: n and x are fixed-length numeric and set 82
// components, nv, xv, yv and zv are variable length from 1 to max.
func n(length uint8, l ...linter) component { return comp(csetNumeric, length, length, l) }
func nv(max uint8, l ...linter) component   { return comp(csetNumeric, 1, max, l) }
func x(length uint8, l ...linter) component { return comp(cset82, length, length, l) }
func xv(max uint8, l ...linter) component   { return comp(cset82, 1, max, l) }
func yv(max uint8, l ...linter) component   { return comp(cset39, 1, max, l) }
func zv(max uint8, l ...linter) component   { return comp(cset64, 1, max, l) }
func opt(c component) component             { c.optional = true; return c }
func parts(cs ...component) []component     { return cs }
func codes(cs ...string) []string           { return cs }
func key(seqs ...[]string) [][]string       { return append([][]string{}, seqs...) }
func anyOf(alternatives ...string) Requirement {
	r := make(Requirement, len(alternatives))
	for i, a := range alternatives {
		r[i] = []string{a}
	}
	return r
}
func reqs(rs ...Requirement) []Requirement { return rs }

func comp(cs charset, min, max uint8, l []linter) component {
	c := component{cset: cs, min: min, max: max}
	copy(c.lint[:], l)
	return c
}

// Requirements that many AIs share.
var (
	reqTradeItem   = reqs(anyOf("01", "02", "03", "8006", "8026"))
	reqGTINContent = reqs(anyOf("01", "02"))
	reqSSCCOrGTIN  = reqs(anyOf("00", "01"))
	reqGTIN        = reqs(anyOf("01"))
	reqSSCC        = reqs(anyOf("00"))
	reqGTINAny     = reqs(anyOf("01", "02", "03"))
	reqGSRN        = reqs(anyOf("8017", "8018"))
	reqRecipient   = reqs(anyOf("8018"))
	reqGTINSerial  = reqs(Requirement{{"01", "21"}})
	reqIMEI        = reqs(Requirement{{"01", "21", "8040"}})
	reqPriceBase   = reqs(anyOf("30", "31nn", "32nn", "35nn", "36nn"))
)

// measure returns the def of a run of measure AIs with an implied decimal
// point. first is the AI for 0 decimals, such as "3100", and the run goes to
// 5 decimals. Each AI of the run excludes the others.
func measure(first, title string, req []Requirement) def {
	last := first[:3] + "5"
	return def{first: first, last: last, title: title, flags: predefined | attr,
		parts: parts(n(6)), req: req, ex: codes(first[:3] + "n")}
}

// aiDefs is the AI table, in code order. Titles are the data titles of the
// GS1 General Specifications.
var aiDefs = []def{
	{first: "00", title: "SSCC", flags: predefined | attr, parts: parts(n(18, lintCsum, lintGCPPos2)), key: key()},
	{first: "01", title: "GTIN", flags: predefined | attr, parts: parts(n(14, lintCsum, lintGCPPos2)),
		ex: codes("255", "37"), key: key(codes("22", "10", "21"), codes("235"))},
	{first: "02", title: "CONTENT", flags: predefined | attr, parts: parts(n(14, lintCsum, lintGCPPos2)),
		ex: codes("01", "03"), req: reqs(anyOf("37"))},
	{first: "03", title: "MTO GTIN", flags: predefined, parts: parts(n(14, lintCsum, lintGCPPos2)),
		ex: codes("01", "02", "37", "235")},
	{first: "10", title: "BATCH/LOT", flags: attr, parts: parts(xv(20)), req: reqTradeItem},
	{first: "11", title: "PROD DATE", flags: predefined | attr, parts: parts(n(6, lintYYMMD0)), req: reqTradeItem},
	{first: "12", title: "DUE DATE", flags: predefined | attr, parts: parts(n(6, lintYYMMD0)), req: reqs(anyOf("8020"))},
	{first: "13", title: "PACK DATE", flags: predefined | attr, parts: parts(n(6, lintYYMMD0)), req: reqTradeItem},
	{first: "15", title: "BEST BEFORE or BEST BY", flags: predefined | attr, parts: parts(n(6, lintYYMMD0)), req: reqTradeItem},
	{first: "16", title: "SELL BY", flags: predefined | attr, parts: parts(n(6, lintYYMMD0)), req: reqTradeItem},
	{first: "17", title: "USE BY or EXPIRY", flags: predefined | attr, parts: parts(n(6, lintYYMMD0)),
		req: reqs(anyOf("01", "02", "03", "255", "8006", "8026"))},
	{first: "20", title: "VARIANT", flags: predefined | attr, parts: parts(n(2)), req: reqTradeItem},
	{first: "21", title: "SERIAL", parts: parts(xv(20)), req: reqs(anyOf("01", "03", "8006")), ex: codes("235")},
	{first: "22", title: "CPV", parts: parts(xv(20)), req: reqGTIN},
	{first: "235", title: "TPX", parts: parts(xv(28)), req: reqGTIN},
	{first: "240", title: "ADDITIONAL ID", flags: attr, parts: parts(xv(30)), req: reqTradeItem},
	{first: "241", title: "CUST. PART No.", flags: attr, parts: parts(xv(30)), req: reqTradeItem},
	{first: "242", title: "MTO VARIANT", flags: attr, parts: parts(nv(6)), req: reqs(anyOf("01", "02", "8006", "8026"))},
	{first: "243", title: "PCN", flags: attr, parts: parts(xv(20)), req: reqs(anyOf("01", "03"))},
	{first: "250", title: "SECONDARY SERIAL", flags: attr, parts: parts(xv(30)),
		req: reqs(Requirement{{"01", "21"}, {"03", "21"}, {"8006", "21"}})},
	{first: "251", title: "REF. TO SOURCE", flags: attr, parts: parts(xv(30)), req: reqs(anyOf("01", "03", "8006"))},
	{first: "253", title: "GDTI", flags: attr, parts: parts(n(13, lintCsum, lintGCPPos1), opt(xv(17))), key: key()},
	{first: "254", title: "GLN EXTENSION COMPONENT", parts: parts(xv(20)), req: reqs(anyOf("414"))},
	{first: "255", title: "GCN", flags: attr, parts: parts(n(13, lintCsum, lintGCPPos1), opt(nv(12))),
		ex: codes("01", "02", "415", "8006", "8020", "8026"), key: key()},
	{first: "30", title: "VAR. COUNT", flags: attr, parts: parts(nv(8)), req: reqGTINContent},

	measure("3100", "NET WEIGHT (kg)", reqGTINContent),
	measure("3110", "LENGTH (m)", reqGTINContent),
	measure("3120", "WIDTH (m)", reqGTINContent),
	measure("3130", "HEIGHT (m)", reqGTINContent),
	measure("3140", "AREA (m²)", reqGTINContent),
	measure("3150", "NET VOLUME (l)", reqGTINContent),
	measure("3160", "NET VOLUME (m³)", reqGTINContent),
	measure("3200", "NET WEIGHT (lb)", reqGTINContent),
	measure("3210", "LENGTH (in)", reqGTINContent),
	measure("3220", "LENGTH (ft)", reqGTINContent),
	measure("3230", "LENGTH (yd)", reqGTINContent),
	measure("3240", "WIDTH (in)", reqGTINContent),
	measure("3250", "WIDTH (ft)", reqGTINContent),
	measure("3260", "WIDTH (yd)", reqGTINContent),
	measure("3270", "HEIGHT (in)", reqGTINContent),
	measure("3280", "HEIGHT (ft)", reqGTINContent),
	measure("3290", "HEIGHT (yd)", reqGTINContent),
	measure("3300", "GROSS WEIGHT (kg)", reqSSCCOrGTIN),
	measure("3310", "LENGTH (m), log", reqSSCCOrGTIN),
	measure("3320", "WIDTH (m), log", reqSSCCOrGTIN),
	measure("3330", "HEIGHT (m), log", reqSSCCOrGTIN),
	measure("3340", "AREA (m²), log", reqSSCCOrGTIN),
	measure("3350", "VOLUME (l), log", reqSSCCOrGTIN),
	measure("3360", "VOLUME (m³), log", reqSSCCOrGTIN),
	measure("3370", "KG PER m²", reqGTIN),
	measure("3400", "GROSS WEIGHT (lb)", reqSSCCOrGTIN),
	measure("3410", "LENGTH (in), log", reqSSCCOrGTIN),
	measure("3420", "LENGTH (ft), log", reqSSCCOrGTIN),
	measure("3430", "LENGTH (yd), log", reqSSCCOrGTIN),
	measure("3440", "WIDTH (in), log", reqSSCCOrGTIN),
	measure("3450", "WIDTH (ft), log", reqSSCCOrGTIN),
	measure("3460", "WIDTH (yd), log", reqSSCCOrGTIN),
	measure("3470", "HEIGHT (in), log", reqSSCCOrGTIN),
	measure("3480", "HEIGHT (ft), log", reqSSCCOrGTIN),
	measure("3490", "HEIGHT (yd), log", reqSSCCOrGTIN),
	measure("3500", "AREA (in²)", reqGTINContent),
	measure("3510", "AREA (ft²)", reqGTINContent),
	measure("3520", "AREA (yd²)", reqGTINContent),
	measure("3530", "AREA (in²), log", reqSSCCOrGTIN),
	measure("3540", "AREA (ft²), log", reqSSCCOrGTIN),
	measure("3550", "AREA (yd²), log", reqSSCCOrGTIN),
	measure("3560", "NET WEIGHT (tr oz)", reqGTINContent),
	measure("3570", "NET VOLUME (oz)", reqGTINContent),
	measure("3600", "NET VOLUME (qt (US))", reqGTINContent),
	measure("3610", "NET VOLUME (gal.)", reqGTINContent),
	measure("3620", "VOLUME (qt (US)), log", reqSSCCOrGTIN),
	measure("3630", "VOLUME (gal (US)), log", reqSSCCOrGTIN),
	measure("3640", "NET VOLUME (in³)", reqGTINContent),
	measure("3650", "NET VOLUME (ft³)", reqGTINContent),
	measure("3660", "NET VOLUME (yd³)", reqGTINContent),
	measure("3670", "VOLUME (in³), log", reqSSCCOrGTIN),
	measure("3680", "VOLUME (ft³), log", reqSSCCOrGTIN),
	measure("3690", "VOLUME (yd³), log", reqSSCCOrGTIN),

	{first: "37", title: "COUNT", flags: attr, parts: parts(nv(8)),
		req: reqs(Requirement{{"00", "02"}, {"00", "8026"}})},
	{first: "3900", last: "3909", title: "AMOUNT", flags: attr, parts: parts(nv(15)),
		req: reqs(anyOf("255", "8020")), ex: codes("390n", "391n", "394n", "8111")},
	{first: "3910", last: "3919", title: "AMOUNT", flags: attr, parts: parts(n(3, lintISO4217), nv(15)),
		req: reqs(anyOf("8020")), ex: codes("391n")},
	{first: "3920", last: "3929", title: "PRICE", flags: attr, parts: parts(nv(15)),
		req: reqs(Requirement{{"01", "30"}, {"01", "31nn"}, {"01", "32nn"}, {"01", "35nn"}, {"01", "36nn"}}),
		ex:  codes("392n", "393n")},
	{first: "3930", last: "3939", title: "PRICE", flags: attr, parts: parts(n(3, lintISO4217), nv(15)),
		req: reqPriceBase, ex: codes("393n")},
	{first: "3940", last: "3943", title: "PRCNT OFF", flags: attr, parts: parts(n(4)),
		req: reqs(anyOf("255")), ex: codes("394n", "8111")},
	{first: "3950", last: "3955", title: "PRICE/UoM", flags: attr, parts: parts(n(6)),
		req: reqPriceBase, ex: codes("392n", "393n", "395n", "8005")},

	{first: "400", title: "ORDER NUMBER", flags: attr, parts: parts(xv(30))},
	{first: "401", title: "GINC", flags: attr, parts: parts(xv(30, lintGCPPos1)), key: key()},
	{first: "402", title: "GSIN", flags: attr, parts: parts(n(17, lintCsum, lintGCPPos1)), key: key()},
	{first: "403", title: "ROUTE", flags: attr, parts: parts(xv(30)), req: reqSSCC},
	{first: "410", title: "SHIP TO LOC", flags: predefined | attr, parts: parts(n(13, lintCsum, lintGCPPos1))},
	{first: "411", title: "BILL TO", flags: predefined | attr, parts: parts(n(13, lintCsum, lintGCPPos1))},
	{first: "412", title: "PURCHASE FROM", flags: predefined | attr, parts: parts(n(13, lintCsum, lintGCPPos1))},
	{first: "413", title: "SHIP FOR LOC", flags: predefined | attr, parts: parts(n(13, lintCsum, lintGCPPos1))},
	{first: "414", title: "LOC No.", flags: predefined | attr, parts: parts(n(13, lintCsum, lintGCPPos1)),
		key: key(codes("254"), codes("7040"))},
	{first: "415", title: "PAY TO", flags: predefined | attr, parts: parts(n(13, lintCsum, lintGCPPos1)),
		req: reqs(anyOf("8020")), key: key(codes("8020"))},
	{first: "416", title: "PROD/SERV LOC", flags: predefined | attr, parts: parts(n(13, lintCsum, lintGCPPos1))},
	{first: "417", title: "PARTY", flags: predefined | attr, parts: parts(n(13, lintCsum, lintGCPPos1)),
		key: key(codes("7040"))},
	{first: "420", title: "SHIP TO POST", flags: attr, parts: parts(xv(20)), ex: codes("421")},
	{first: "421", title: "SHIP TO POST", flags: attr, parts: parts(n(3, lintISO3166), xv(9)), ex: codes("4307")},
	{first: "422", title: "ORIGIN", flags: attr, parts: parts(n(3, lintISO3166)), req: reqTradeItem, ex: codes("426")},
	{first: "423", title: "COUNTRY - INITIAL PROCESS", flags: attr, parts: countryList, req: reqGTINAny, ex: codes("426")},
	{first: "424", title: "COUNTRY - PROCESS", flags: attr, parts: parts(n(3, lintISO3166)), req: reqGTINAny, ex: codes("426")},
	{first: "425", title: "COUNTRY - DISASSEMBLY", flags: attr, parts: countryList, req: reqGTINAny, ex: codes("426")},
	{first: "426", title: "COUNTRY - FULL PROCESS", flags: attr, parts: parts(n(3, lintISO3166)), req: reqGTINAny},
	{first: "427", title: "ORIGIN SUBDIVISION", flags: attr, parts: parts(xv(3)),
		req: reqs(Requirement{{"01", "422"}, {"02", "422"}, {"03", "422"}})},

	{first: "4300", title: "SHIP TO COMP", flags: attr, parts: parts(xv(35, lintPcenc)), req: reqSSCC},
	{first: "4301", title: "SHIP TO NAME", flags: attr, parts: parts(xv(35, lintPcenc)), req: reqSSCC},
	{first: "4302", title: "SHIP TO ADD1", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqSSCC},
	{first: "4303", title: "SHIP TO ADD2", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqs(anyOf("4302"))},
	{first: "4304", title: "SHIP TO SUB", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqSSCC},
	{first: "4305", title: "SHIP TO LOC", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqSSCC},
	{first: "4306", title: "SHIP TO REG", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqSSCC},
	{first: "4307", title: "SHIP TO COUNTRY", flags: attr, parts: parts(x(2, lintISO3166Alpha2)), req: reqSSCC},
	{first: "4308", title: "SHIP TO PHONE", flags: attr, parts: parts(xv(30)), req: reqSSCC},
	{first: "4309", title: "SHIP TO GEO", flags: attr, parts: parts(n(10, lintLatitude), n(10, lintLongitude)), req: reqSSCC},
	{first: "4310", title: "RTN TO COMP", flags: attr, parts: parts(xv(35, lintPcenc)), req: reqSSCC},
	{first: "4311", title: "RTN TO NAME", flags: attr, parts: parts(xv(35, lintPcenc)), req: reqSSCC},
	{first: "4312", title: "RTN TO ADD1", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqSSCC},
	{first: "4313", title: "RTN TO ADD2", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqs(anyOf("4312"))},
	{first: "4314", title: "RTN TO SUB", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqSSCC},
	{first: "4315", title: "RTN TO LOC", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqSSCC},
	{first: "4316", title: "RTN TO REG", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqSSCC},
	{first: "4317", title: "RTN TO COUNTRY", flags: attr, parts: parts(x(2, lintISO3166Alpha2)), req: reqSSCC},
	{first: "4318", title: "RTN TO POST", flags: attr, parts: parts(xv(20)), req: reqSSCC},
	{first: "4319", title: "RTN TO PHONE", flags: attr, parts: parts(xv(30)), req: reqSSCC},
	{first: "4320", title: "SRV DESCRIPTION", flags: attr, parts: parts(xv(35, lintPcenc)), req: reqSSCC},
	{first: "4321", title: "DANGEROUS GOODS", flags: attr, parts: parts(n(1, lintYesNo)), req: reqSSCC},
	{first: "4322", title: "AUTH TO LEAVE", flags: attr, parts: parts(n(1, lintYesNo)), req: reqSSCC},
	{first: "4323", title: "SIG REQUIRED", flags: attr, parts: parts(n(1, lintYesNo)), req: reqSSCC},
	{first: "4324", title: "NOT BEF DEL DT", flags: attr, parts: parts(n(6, lintYYMMD0), n(4, lintHHMI)), req: reqSSCC},
	{first: "4325", title: "NOT AFT DEL DT", flags: attr, parts: parts(n(6, lintYYMMD0), n(4, lintHHMI)), req: reqSSCC},
	{first: "4326", title: "REL DATE", flags: attr, parts: parts(n(6, lintYYMMDD)), req: reqSSCC},
	{first: "4330", title: "MAX TEMP F.", flags: attr, parts: temperature, req: reqSSCC, ex: codes("4331")},
	{first: "4331", title: "MAX TEMP C.", flags: attr, parts: temperature, req: reqSSCC, ex: codes("4330")},
	{first: "4332", title: "MIN TEMP F.", flags: attr, parts: temperature, req: reqSSCC, ex: codes("4333")},
	{first: "4333", title: "MIN TEMP C.", flags: attr, parts: temperature, req: reqSSCC, ex: codes("4332")},

	{first: "7001", title: "NSN", flags: attr, parts: parts(n(13)), req: reqs(anyOf("01", "02", "8006", "8026"))},
	{first: "7002", title: "MEAT CUT", flags: attr, parts: parts(xv(30)), req: reqGTINContent},
	{first: "7003", title: "EXPIRY TIME", flags: attr, parts: parts(n(6, lintYYMMDD), n(4, lintHHMI)), req: reqGTINAny},
	{first: "7004", title: "ACTIVE POTENCY", flags: attr, parts: parts(nv(4)), req: reqs(Requirement{{"01", "10"}, {"03", "10"}})},
	{first: "7005", title: "CATCH AREA", flags: attr, parts: parts(xv(12)), req: reqGTINContent},
	{first: "7006", title: "FIRST FREEZE DATE", flags: attr, parts: parts(n(6, lintYYMMDD)), req: reqGTINContent},
	{first: "7007", title: "HARVEST DATE", flags: attr, parts: parts(n(6, lintYYMMDD), opt(n(6, lintYYMMDD))), req: reqGTINContent},
	{first: "7008", title: "AQUATIC SPECIES", flags: attr, parts: parts(xv(3)), req: reqGTINContent},
	{first: "7009", title: "FISHING GEAR TYPE", flags: attr, parts: parts(xv(10)), req: reqGTINContent},
	{first: "7010", title: "PROD METHOD", flags: attr, parts: parts(xv(2)), req: reqGTINAny},
	{first: "7011", title: "TEST BY DATE", flags: attr, parts: parts(n(6, lintYYMMDD), opt(n(4, lintHHMI))), req: reqGTINAny},
	{first: "7020", title: "REFURB LOT", flags: attr, parts: parts(xv(20)),
		req: reqs(Requirement{{"01", "416"}, {"03", "416"}, {"8006", "416"}})},
	{first: "7021", title: "FUNC STAT", flags: attr, parts: parts(xv(20)), req: reqs(anyOf("01", "03", "8006"))},
	{first: "7022", title: "REV STAT", flags: attr, parts: parts(xv(20)),
		req: reqs(Requirement{{"01", "7021"}, {"03", "7021"}, {"8006", "7021"}})},
	{first: "7023", title: "GIAI - ASSEMBLY", flags: attr, parts: parts(xv(30, lintGCPPos1))},
	processor("7030", "0"), processor("7031", "1"), processor("7032", "2"), processor("7033", "3"),
	processor("7034", "4"), processor("7035", "5"), processor("7036", "6"), processor("7037", "7"),
	processor("7038", "8"), processor("7039", "9"),
	{first: "7040", title: "UIC+EXT", parts: parts(n(1), x(1), x(1), x(1, lintImporterIdx))},
	{first: "7041", title: "UFRGT UNIT TYPE", parts: parts(xv(4, lintPackageType)), req: reqSSCC},
	nhrn("710", "PZN"), nhrn("711", "CIP"), nhrn("712", "CN"), nhrn("713", "DRN"),
	nhrn("714", "AIM"), nhrn("715", "NDC"), nhrn("716", "AIC"), nhrn("717", "SRN"),
	cert("7230", "1"), cert("7231", "2"), cert("7232", "3"), cert("7233", "4"), cert("7234", "5"),
	cert("7235", "6"), cert("7236", "7"), cert("7237", "8"), cert("7238", "9"), cert("7239", "10"),
	{first: "7240", title: "PROTOCOL", flags: attr, parts: parts(xv(20)), req: reqs(anyOf("01", "8006")), ex: codes("03")},
	{first: "7241", title: "AIDC MEDIA TYPE", flags: attr, parts: parts(n(2, lintMediaType)), req: reqGSRN},
	{first: "7242", title: "VCN", flags: attr, parts: parts(xv(25)), req: reqGSRN},
	{first: "7250", title: "DOB", flags: attr, parts: parts(n(8, lintYYYYMMDD)), req: reqRecipient, ex: codes("7251")},
	{first: "7251", title: "DOB TIME", flags: attr, parts: parts(n(8, lintYYYYMMDD), n(4, lintHHMI)), req: reqRecipient, ex: codes("7250")},
	{first: "7252", title: "BIO SEX", flags: attr, parts: parts(n(1, lintISO5218)), req: reqRecipient},
	{first: "7253", title: "FAMILY NAME", flags: attr, parts: parts(xv(40, lintPcenc)), req: reqGSRN, ex: codes("7256", "7259")},
	{first: "7254", title: "GIVEN NAME", flags: attr, parts: parts(xv(40, lintPcenc)), req: reqGSRN, ex: codes("7256", "7259")},
	{first: "7255", title: "SUFFIX", flags: attr, parts: parts(xv(10)), req: reqGSRN, ex: codes("7256", "7259")},
	{first: "7256", title: "FULL NAME", flags: attr, parts: parts(xv(90, lintPcenc)), req: reqGSRN},
	{first: "7257", title: "PERSON ADDR", flags: attr, parts: parts(xv(70, lintPcenc)), req: reqRecipient},
	{first: "7258", title: "BIRTH SEQUENCE", flags: attr, parts: parts(x(3, lintPosInSeqSlash)), req: reqs(Requirement{{"8018", "7259"}})},
	{first: "7259", title: "BABY", flags: attr, parts: parts(xv(40, lintPcenc)), req: reqRecipient, ex: codes("7256")},

	{first: "8001", title: "DIMENSIONS", flags: attr,
		parts: parts(n(4, lintNonZero), n(5, lintNonZero), n(3, lintNonZero), n(1, lintWinding), n(1)), req: reqGTIN},
	{first: "8002", title: "CMT No.", flags: attr, parts: parts(xv(20))},
	{first: "8003", title: "GRAI", flags: attr, parts: parts(n(1, lintZero), n(13, lintCsum, lintGCPPos1), opt(xv(16))), key: key()},
	{first: "8004", title: "GIAI", flags: attr, parts: parts(xv(30, lintGCPPos1)), key: key(codes("7040"))},
	{first: "8005", title: "PRICE PER UNIT", flags: attr, parts: parts(n(6)), req: reqGTINContent},
	{first: "8006", title: "ITIP", flags: attr, parts: parts(n(14, lintCsum, lintGCPPos2), n(4, lintPieceOfTotal)),
		ex: codes("01", "03", "37"), key: key(codes("22", "10", "21"))},
	{first: "8007", title: "IBAN", flags: attr, parts: parts(xv(34, lintIBAN)), req: reqs(anyOf("415"))},
	{first: "8008", title: "PROD TIME", flags: attr,
		parts: parts(n(6, lintYYMMDD), n(2, lintHH), opt(n(2, lintMI)), opt(n(2, lintSS))), req: reqGTINAny},
	{first: "8009", title: "OPTSEN", flags: attr, parts: parts(xv(50)), req: reqs(anyOf("00", "01", "03"))},
	{first: "8010", title: "CPID", flags: attr, parts: parts(yv(30, lintGCPPos1)), key: key(codes("8011"))},
	{first: "8011", title: "CPID SERIAL", parts: parts(nv(12, lintNoZeroPrefix)), req: reqs(anyOf("8010"))},
	{first: "8012", title: "VERSION", flags: attr, parts: parts(xv(20)), req: reqs(anyOf("01", "03", "8006"))},
	{first: "8013", title: "GMN", flags: attr, parts: parts(xv(25, lintCsumAlpha, lintGCPPos1)), key: key()},
	{first: "8014", title: "MUDI", parts: parts(xv(25, lintCsumAlpha, lintGCPPos1, lintHasNonDigit)), req: reqGTIN},
	{first: "8017", title: "GSRN - PROVIDER", flags: attr, parts: parts(n(18, lintCsum, lintGCPPos1)),
		ex: codes("8018"), key: key(codes("8019"))},
	{first: "8018", title: "GSRN - RECIPIENT", flags: attr, parts: parts(n(18, lintCsum, lintGCPPos1)),
		ex: codes("8017"), key: key(codes("8019"))},
	{first: "8019", title: "SRIN", parts: parts(nv(10)), req: reqGSRN},
	{first: "8020", title: "REF No.", parts: parts(xv(25)), req: reqs(anyOf("415"))},
	{first: "8026", title: "ITIP CONTENT", flags: attr, parts: parts(n(14, lintCsum, lintGCPPos2), n(4, lintPieceOfTotal)),
		req: reqs(anyOf("37")), ex: codes("02", "03", "8006")},
	{first: "8030", title: "DIGSIG", flags: attr, parts: parts(zv(90)),
		req: reqs(Requirement{{"00"}, {"01", "21"}, {"03", "21"}, {"253"}, {"255"}, {"8003"}, {"8004"},
			{"8006", "21"}, {"8010", "8011"}, {"8017"}, {"8018"}})},
	{first: "8040", title: "IMEI", parts: parts(n(15)), req: reqGTINSerial},
	{first: "8041", title: "IMEI2", parts: parts(n(15)), req: reqIMEI},
	{first: "8042", title: "ESIM", parts: parts(n(32)), req: reqIMEI},
	{first: "8043", title: "PSIM", parts: parts(n(18), opt(nv(2))), req: reqIMEI},
	{first: "8110", flags: attr, parts: parts(xv(70, lintCouponCode))},
	{first: "8111", title: "POINTS", flags: attr, parts: parts(n(4)), req: reqs(anyOf("255"))},
	{first: "8112", flags: attr, parts: parts(xv(70, lintCouponPosOffer))},
	{first: "8200", title: "PRODUCT URL", parts: parts(xv(70)), req: reqGTIN},
	{first: "90", title: "INTERNAL", flags: attr, parts: parts(xv(30))},
	{first: "91", last: "99", title: "INTERNAL", flags: attr, parts: parts(xv(90))},
}

// countryList is up to five ISO 3166-1 numeric country codes.
var countryList = parts(n(3, lintISO3166), opt(n(3, lintISO3166)), opt(n(3, lintISO3166)),
	opt(n(3, lintISO3166)), opt(n(3, lintISO3166)))

// temperature is a temperature in hundredths of a degree with an optional
// trailing "-" for negative values.
var temperature = parts(n(6), opt(x(1, lintHyphen)))

func processor(code, number string) def {
	return def{first: code, title: "PROCESSOR # " + number, flags: attr,
		parts: parts(n(3, lintISO3166Or999), xv(27)), req: reqGTINContent}
}

func nhrn(code, name string) def {
	return def{first: code, title: "NHRN " + name, flags: attr, parts: parts(xv(20)), req: reqGTIN}
}

func cert(code, number string) def {
	return def{first: code, title: "CERT # " + number, flags: attr, parts: parts(x(2), xv(28)),
		req: reqs(anyOf("01", "8004"))}
}
