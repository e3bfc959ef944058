// Package uplink sends a field gateway's queued messages to an MQTT broker
// and receives its commands, with eclipse/paho.mqtt.golang as the MQTT 3.1.1
// client.
//
// The gateway's data path only appends to an [outbox.Outbox], through
// [Enqueue], which waits for the local fsync and not for the broker. So
// polling, local alarms and control go on while the link is down.
// [Uplink.Run] drains the outbox with QoS 1 and acks each record in the
// outbox only when the broker's PUBACK for that very publish is read from the
// connection that carried it. Paho's tokens are not trusted for this, because
// paho completes tokens from its own state when a connection is torn down or
// resumed, so a token is no proof that this broker has the message. After
// a reconnect every record that was waiting for its PUBACK is sent again in
// order, so delivery is at least once: receivers drop a message whose seq
// they have already seen from that gateway.
//
// # Topics
//
// The layout follows the Sparkplug B pattern of birth, death, data and
// command messages per edge node, with JSON payloads in place of Sparkplug's
// protobuf and the message type as the last topic level. The Sparkplug
// message type each topic maps to is in brackets:
//
//	shuxiang/v1/<group>/<gateway>/telemetry   readings              (Sparkplug NDATA/DDATA)
//	shuxiang/v1/<group>/<gateway>/alarm       alarm events          (NDATA)
//	shuxiang/v1/<group>/<gateway>/health      device health states  (NDATA)
//	shuxiang/v1/<group>/<gateway>/birth       on every connect      (NBIRTH)
//	shuxiang/v1/<group>/<gateway>/death       last will, and before a clean disconnect (NDEATH)
//	shuxiang/v1/<group>/<gateway>/command[/…] commands to the gateway (NCMD/DCMD)
//
// Group and gateway names are 1 to 64 characters of A-Z, a-z, 0-9, '-' and
// '_'. Telemetry, alarm and health messages are published with QoS 1 and no
// retain flag, as
//
//	{"seq":1042,"epoch":"9f86d081884c7d65","ts":1750480000123,"hist":false,"data":<body>}
//
// where seq is the outbox sequence number (it increases by one per message
// across restarts), epoch the outbox epoch, ts the append time at the
// gateway in Unix milliseconds, hist whether the message was queued before
// the gateway last restarted, and data the JSON body given to Enqueue. The
// epoch is 16 lowercase hexadecimal digits, random and not all zero, that
// [New] creates with a new outbox directory and keeps in it (see
// [Config].EpochFile). A reinstalled gateway's outbox starts again at seq 1
// in a new epoch, so receivers de-duplicate on epoch and seq together.
// Messages of earlier versions of this package have no epoch key.
// Records of one kind that are already queued when a message is sent go
// together, up to [Config].MaxBatch, as
//
//	{"seq":1042,"items":[{"seq":1042,...},{"seq":1043,...}]}
//
// where the outer seq is that of the first item and every item has the
// single form. One PUBACK acknowledges the whole batch. [ParseMessages]
// decodes both forms. The batch object itself has no epoch because each
// item carries it. Birth and death carry a [Birth] with the epoch and the
// same bdSeq for one connection, so a receiver can pair a death with its
// birth. Both use QoS 1 without retain. The bdSeq grows with every connection
// attempt and across restarts, because the last one is kept in
// [Config].BirthSeqFile, so a late death from an earlier run pairs with no
// new birth. The gateway
// subscribes to command/# with QoS 1 (the filter also matches command itself)
// and drops commands delivered with the retain flag.
//
// # Security
//
// [Config].Username and Password give each gateway its own credentials, and
// the ssl, tls and mqtts URL schemes with [Config].TLS encrypt the link and
// may carry a client certificate.
package uplink
