// Package poll runs the read cycle of a field gateway: it polls many Modbus
// devices concurrently, each at its own interval, decodes every reply through
// the device's compiled [profile.Program] and hands the values to a [Sink].
//
// A [Scheduler] runs one goroutine per device under a
// golang.org/x/sync/errgroup group, and a weighted semaphore bounds how many
// polls are in flight at once. Devices behind Modbus TCP poll in parallel.
// Devices on one RTU bus share its [client.Port], whose lock lets one request
// at a time onto the wire, so they take turns without any locking here.
//
// Each device has a [health.Device]. A poll that gets no valid reply at all is
// retried up to [Device.Retries] times with a doubling delay, and its outcome
// then goes to the health state machine. A device that keeps failing is
// quarantined and polled again only after its back-off, so one dead sensor
// costs its bus one timeout per back-off instead of one per cycle. The reply
// timeout itself belongs to the transporter that the [Reader] uses
// ([client.TCPTransporter.Timeout], [client.Port.Timeout]).
//
// The context given to [Scheduler.Run] reaches every request. When it ends,
// a poll in flight stops waiting for its reply. A poll that got an error by
// then is dropped, so its reading reaches neither the sink nor the device's
// health, because the error may come from the end of the context and not
// from the device.
//
// The sink runs on the device's goroutine and must not wait for the network:
// a gateway appends the reading to its outbox and returns, and the uplink
// drains the outbox on its own goroutine.
package poll
