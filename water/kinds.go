package water

// Source is the water body that abstracted water comes from. The zero value is SourceUnknown, which
// validation rejects on a register entry.
type Source uint8

// The water sources. Shallow and deep groundwater differ in the aquifer the well draws
// from, as the county's groundwater management zoning defines it.
const (
	SourceUnknown      Source = iota
	ShallowGroundwater        // 浅层地下水, unconfined aquifer
	DeepGroundwater           // 深层地下水, confined aquifer
	SurfaceWater              // 地表水: rivers, reservoirs, canals
)

var sourceNames = []string{"unknown", "shallow-groundwater", "deep-groundwater", "surface-water"}

// ParseSource parses a source name such as "deep-groundwater", ignoring case.
func ParseSource(s string) (Source, error) { return parseEnum[Source]("source", sourceNames, s) }

// String returns the source name, such as "surface-water".
func (s Source) String() string { return enumName("Source", sourceNames, s) }

// MarshalText encodes the source name.
func (s Source) MarshalText() ([]byte, error) { return marshalEnum("source", sourceNames, s) }

// UnmarshalText decodes a source name.
func (s *Source) UnmarshalText(text []byte) (err error) {
	*s, err = ParseSource(string(text))
	return err
}

// Groundwater reports whether s is shallow or deep groundwater.
func (s Source) Groundwater() bool { return s == ShallowGroundwater || s == DeepGroundwater }

// Use is what abstracted water is used for, as water-resource fee and tax schedules
// class it. The zero value is UseUnknown, which validation rejects on a register entry.
type Use uint8

// The water uses.
const (
	UseUnknown      Use = iota
	Agriculture         // 农业灌溉
	RuralSupply         // 农村生活供水
	UrbanSupply         // 城镇公共供水
	Industry            // 工业
	ThermalPower        // 火力发电 cooling
	Hydropower          // 水力发电
	Services            // 服务业
	SpecialIndustry     // 特种行业: car washes, baths, ski slopes, golf courses
	Ecology             // 生态环境
)

var useNames = []string{
	"unknown", "agriculture", "rural-supply", "urban-supply", "industry", "thermal-power",
	"hydropower", "services", "special-industry", "ecology",
}

// ParseUse parses a use name such as "rural-supply", ignoring case.
func ParseUse(s string) (Use, error) { return parseEnum[Use]("use", useNames, s) }

// String returns the use name, such as "agriculture".
func (u Use) String() string { return enumName("Use", useNames, u) }

// MarshalText encodes the use name.
func (u Use) MarshalText() ([]byte, error) { return marshalEnum("use", useNames, u) }

// UnmarshalText decodes a use name.
func (u *Use) UnmarshalText(text []byte) (err error) {
	*u, err = ParseUse(string(text))
	return err
}

// IrrigationMethod is the way the water a well serves is applied to the field. The zero
// value is IrrigationUnknown, which a register entry may keep.
type IrrigationMethod uint8

// The irrigation methods.
const (
	IrrigationUnknown IrrigationMethod = iota
	Flood                              // 大水漫灌
	Furrow                             // 沟灌
	Border                             // 畦灌
	LowPressurePipe                    // 低压管道输水灌溉
	Sprinkler                          // 喷灌
	MicroSprinkler                     // 微喷灌
	Drip                               // 滴灌, including drip under plastic mulch
)

var irrigationNames = []string{
	"unknown", "flood", "furrow", "border", "low-pressure-pipe", "sprinkler",
	"micro-sprinkler", "drip",
}

// ParseIrrigationMethod parses a method name such as "drip", ignoring case.
func ParseIrrigationMethod(s string) (IrrigationMethod, error) {
	return parseEnum[IrrigationMethod]("irrigation method", irrigationNames, s)
}

// String returns the method name, such as "low-pressure-pipe".
func (m IrrigationMethod) String() string {
	return enumName("IrrigationMethod", irrigationNames, m)
}

// MarshalText encodes the method name.
func (m IrrigationMethod) MarshalText() ([]byte, error) {
	return marshalEnum("irrigation method", irrigationNames, m)
}

// UnmarshalText decodes a method name.
func (m *IrrigationMethod) UnmarshalText(text []byte) (err error) {
	*m, err = ParseIrrigationMethod(string(text))
	return err
}

// WellKind is the kind of abstraction point: a pumped well or a surface-water intake. The zero value is
// WellKindUnknown, which validation rejects.
type WellKind uint8

// The kinds of abstraction point in the register.
const (
	WellKindUnknown WellKind = iota
	PumpedWell               // 机电井: a motor-pumped groundwater well
	Intake                   // 取水口: a surface-water intake, pumped or by gravity
)

var wellKindNames = []string{"unknown", "well", "intake"}

// ParseWellKind parses "well" or "intake", ignoring case.
func ParseWellKind(s string) (WellKind, error) {
	return parseEnum[WellKind]("well kind", wellKindNames, s)
}

// String returns "well" or "intake".
func (k WellKind) String() string { return enumName("WellKind", wellKindNames, k) }

// MarshalText encodes the kind name.
func (k WellKind) MarshalText() ([]byte, error) {
	return marshalEnum("well kind", wellKindNames, k)
}

// UnmarshalText decodes a kind name.
func (k *WellKind) UnmarshalText(text []byte) (err error) {
	*k, err = ParseWellKind(string(text))
	return err
}
