// Package control decides what the actuators of a greenhouse do: thermal blankets rolled up
// at sunrise and down at sunset, vents that hold the crop's temperature band, and the
// interlocks that override both.
//
// A [Controller] is a pure state machine. It starts no goroutines and does no I/O: the
// caller passes the time and the latest readings to [Controller.Step] and sends the
// returned [Command] values to the actuators, and passes operator commands to
// [Controller.Submit]. The same inputs always give the same outputs, so a test can drive a
// whole day in microseconds with a clock of its own.
//
// Commands carry an id, a target, an expiry and, once handled, a [Result]. The controller
// never acts on a command that arrived as a retained MQTT message, one whose id it has
// already seen, one issued too long ago or in the future, or one that has expired.
//
// Interlocks:
//   - Rain, or wind at or above the configured limit, closes every vent at once, ignoring
//     the vents' minimum open time. The vents stay closed for a hold-off time after the
//     weather clears. A missing rain or wind reading counts as bad weather unless
//     [WeatherLimits].IgnoreMissing is set.
//   - A blanket motor stops when the limit switch in its direction of travel closes, or
//     when it has run for its maximum run time. In the second case the blanket is marked
//     faulted, and the schedule no longer drives it until an operator command does.
//   - A motor running one way is stopped before it is driven the other way.
//
// The blanket position read back from the motor is kept and returned by
// [Controller.Blanket] and in the results of operator commands.
//
// Units are integer fixed point: temperatures in tenths of a degree Celsius
// ([DeciCelsius]), wind speed in tenths of a metre per second ([DeciMetresPerSecond]),
// light in lux ([Lux]) and blanket position in thousandths of full travel ([Permille]).
//
// A Controller is not safe for concurrent use; the caller serialises Step and Submit.
package control
