package control

// DeciCelsius is a temperature in tenths of a degree Celsius: 255 is 25.5 °C.
type DeciCelsius int32

// DeciMetresPerSecond is a wind speed in tenths of a metre per second: 108 is 10.8 m/s,
// the lower bound of Beaufort force 6.
type DeciMetresPerSecond int32

// Lux is an illuminance in lux.
type Lux int32

// Permille is a blanket position in thousandths of its travel: 0 is fully down (closed),
// 1000 fully rolled up (open).
type Permille int32

// Weather is one reading of the weather station outside the greenhouse. A field whose
// Valid flag is false is missing, for example because the station did not answer.
type Weather struct {
	Rain      bool // rain detected
	RainValid bool

	Wind      DeciMetresPerSecond
	WindValid bool

	Light      Lux
	LightValid bool

	// Temperature is the outside air temperature.
	Temperature      DeciCelsius
	TemperatureValid bool
}

// BlanketFeedback is the position and limit-switch state that a blanket motor reports.
type BlanketFeedback struct {
	Target   string
	Position Permille
	// UpperLimit is true while the limit switch at the rolled-up end is closed, and
	// LowerLimit while the one at the rolled-down end is closed.
	UpperLimit bool
	LowerLimit bool
}

// Inputs are the readings passed to one [Controller.Step].
type Inputs struct {
	Weather Weather

	// Inside is the air temperature at the crop; InsideValid is false when it is missing.
	Inside      DeciCelsius
	InsideValid bool

	// Blankets contains the feedback of the blanket motors that reported at this step. A
	// blanket missing from it keeps its last known position.
	Blankets []BlanketFeedback
}

func (in Inputs) blanket(target string) (BlanketFeedback, bool) {
	for _, fb := range in.Blankets {
		if fb.Target == target {
			return fb, true
		}
	}
	return BlanketFeedback{}, false
}
