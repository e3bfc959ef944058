// Package health keeps the health of each polled field device: [Online],
// [Degraded], [Offline] or [Quarantined]. A poller reports every poll's
// [Outcome] to the device's [Device] and calls [Device.Due] before polling it.
//
// A device that fails [Config.OfflineAfter] polls in a row is Offline but still
// polled every cycle. One that fails [Config.QuarantineAfter] polls in a row is
// Quarantined: it is polled only when its back-off has passed, and the back-off
// doubles after each failed probe up to [Config.MaxBackoff], less a random
// jitter, so one dead sensor on an RS-485 bus costs one timeout per back-off
// instead of one per cycle, and quarantined devices do not all retry in the same
// cycle. [Config.RecoverAfter] successes in a row bring a device back Online.
//
// Every change of state is an [Event], for the gateway to publish as telemetry.
// States are ordered from Online to Quarantined, so a gateway can also publish
// the state as an integer point and raise an alarm on it with a high-level rule
// of package alarm (see the example).
//
// The package does no I/O: times are passed in and the jitter comes from an
// injected [Source], so a device's behaviour is reproducible in tests.
package health
