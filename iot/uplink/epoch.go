package uplink

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/internal/durable"
)

// epochName is the default file name of [Config].EpochFile. The file
// contains the outbox epoch, 16 lowercase hexadecimal digits, and a newline.
const epochName = "epoch"

// EpochLen is the length of an outbox epoch in characters.
const EpochLen = 16

// ParseEpoch returns the value of an outbox epoch: 16 lowercase hexadecimal
// digits that are not all zero. The empty string, the epoch of a message
// from a gateway that sends none, gives 0.
func ParseEpoch(s string) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	valid := len(s) == EpochLen
	for i := 0; valid && i < len(s); i++ {
		c := s[i]
		valid = c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
	}
	if !valid {
		return 0, fmt.Errorf("uplink: epoch %.40q is invalid: want %d lowercase hexadecimal digits", s, EpochLen)
	}
	v, _ := strconv.ParseUint(s, 16, 64)
	if v == 0 {
		return 0, fmt.Errorf("uplink: epoch %q is invalid: it must not be all zeros", s)
	}
	return v, nil
}

// FormatEpoch returns the 16-digit form of a non-zero epoch value.
func FormatEpoch(v uint64) string {
	return fmt.Sprintf("%0*x", EpochLen, v)
}

// loadEpoch reads the outbox epoch from path, or creates a random one and
// saves it there when the file does not exist. A new outbox directory thus
// starts a new epoch, so that receivers tell its sequence numbers, which
// start at 1 again, from those of the directory it replaces.
func loadEpoch(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if _, perr := ParseEpoch(s); perr != nil || s == "" {
			return "", fmt.Errorf("uplink: epoch file %s is invalid: want %d lowercase hexadecimal "+
				"digits; delete it to start a new epoch, after which receivers may store the "+
				"records not yet acknowledged twice", path, EpochLen)
		}
		return s, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("uplink: read epoch file: %w", err)
	}
	var v uint64
	for v == 0 {
		var r [8]byte
		if _, err := rand.Read(r[:]); err != nil {
			return "", fmt.Errorf("uplink: create epoch: %w", err)
		}
		v = binary.BigEndian.Uint64(r[:])
	}
	epoch := FormatEpoch(v)
	// Without a saved epoch every restart would start a new one, and
	// receivers would store each record resent after it a second time.
	if err := durable.WriteFile(path, []byte(epoch+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("uplink: save epoch file: %w", err)
	}
	return epoch, nil
}
