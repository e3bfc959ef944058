package outbox

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// DeadLetterName is the file in the outbox directory that holds records
// rejected permanently. It uses the segment format; each payload is the
// reason as a uvarint length and UTF-8 text, followed by the original payload.
// The file is not bounded by MaxBytes or MaxAge.
const DeadLetterName = "deadletter.log"

// DeadLetter is a record moved out of the queue because it was rejected
// permanently, with the reason the sender gave.
type DeadLetter struct {
	Seq     uint64
	Time    time.Time // original append time
	Reason  string
	Payload []byte
}

// DeadLetter moves the in-flight record seq to the dead-letter file with the
// reason and then acknowledges it, so the queue moves on. It returns once the
// dead-letter file is synced.
func (o *Outbox) DeadLetter(seq uint64, reason string) error {
	o.mu.Lock()
	i, found := o.findInflight(seq)
	if !found || o.inflight[i].acked || seq <= o.acked {
		o.mu.Unlock()
		return fmt.Errorf("outbox: dead-letter sequence %d: %w", seq, ErrNotInFlight)
	}
	pos := o.inflight[i].pos
	o.mu.Unlock()

	rec, err := readRecordAt(pos)
	if err != nil {
		return fmt.Errorf("outbox: dead-letter sequence %d: %w", seq, err)
	}
	body := binary.AppendUvarint(nil, uint64(len(reason)))
	body = append(body, reason...)
	body = append(body, rec.payload...)
	if err := o.appendDeadLetter(appendRecord(nil, rec.seq, rec.unixNano, body)); err != nil {
		return err
	}

	o.mu.Lock()
	o.stats.DeadLettered++
	o.mu.Unlock()
	return o.Ack(seq)
}

func readRecordAt(pos position) (decodedRecord, error) {
	f, err := os.Open(pos.seg.path)
	if err != nil {
		return decodedRecord{}, err
	}
	defer f.Close()
	r := segmentReader{seg: pos.seg, f: f}
	rec, _, err := r.recordAt(pos.off, pos.seg.size)
	return rec, err
}

// recoverDeadLetters cuts a torn tail off the dead-letter file, so that the
// next dead letter is appended after the last whole one.
func recoverDeadLetters(dir string) error {
	path := filepath.Join(dir, DeadLetterName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("outbox: read dead letters: %w", err)
	}
	if len(data) < len(segmentMagic) {
		return truncateSync(path, 0)
	}
	off := len(segmentMagic)
	for off < len(data) {
		_, n, err := decodeRecord(data[off:])
		if err != nil {
			break
		}
		off += n
	}
	if off == len(data) {
		return nil
	}
	return truncateSync(path, int64(off))
}

func (o *Outbox) appendDeadLetter(rec []byte) error {
	path := filepath.Join(o.dir, DeadLetterName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("outbox: open dead-letter file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("outbox: dead-letter file: %w", err)
	}
	if st.Size() == 0 {
		rec = append([]byte(segmentMagic), rec...)
	}
	if err := writeSync(f, rec, st.Size()); err != nil {
		return fmt.Errorf("outbox: write dead-letter file %s: %w", path, err)
	}
	return nil
}

// ReadDeadLetters returns the records in the dead-letter file of the outbox
// directory dir, oldest first. A missing file means none. A torn last record,
// as a crash during its write leaves, is ignored.
func ReadDeadLetters(dir string) ([]DeadLetter, error) {
	data, err := os.ReadFile(filepath.Join(dir, DeadLetterName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("outbox: read dead letters: %w", err)
	}
	if len(data) < len(segmentMagic) || string(data[:len(segmentMagic)]) != segmentMagic {
		return nil, fmt.Errorf("outbox: %s has no segment header", DeadLetterName)
	}
	var out []DeadLetter
	for off := len(segmentMagic); off < len(data); {
		rec, n, err := decodeRecord(data[off:])
		if err != nil {
			break
		}
		off += n
		l, k := binary.Uvarint(rec.payload)
		if k <= 0 || l > uint64(len(rec.payload)-k) {
			return out, fmt.Errorf("outbox: dead letter %d has a bad reason length", rec.seq)
		}
		out = append(out, DeadLetter{
			Seq:     rec.seq,
			Time:    time.Unix(0, rec.unixNano),
			Reason:  string(rec.payload[k : k+int(l)]),
			Payload: append([]byte(nil), rec.payload[k+int(l):]...),
		})
	}
	return out, nil
}
