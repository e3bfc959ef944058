package uplink

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/internal/durable"
)

// birthSeqName is the default file name of [Config].BirthSeqFile. The file
// contains the last bdSeq used, in decimal, and a newline.
const birthSeqName = "bdseq"

// loadBirthSeq returns the bdSeq saved in the birth sequence file, or 0
// when there is none yet. An unreadable file gives the current Unix time in
// milliseconds, which stays above the saved value in practice because a
// gateway does not reconnect a thousand times a second.
func (u *Uplink) loadBirthSeq() uint64 {
	path := u.cfg.BirthSeqFile
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err == nil {
		seq, perr := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
		if perr == nil {
			return seq
		}
		err = perr
	}
	fallback := uint64(time.Now().UnixMilli())
	u.cfg.Logger.Warn("uplink: birth sequence file unreadable, continuing from the clock",
		"path", path, "bd_seq", fallback, "err", err)
	return fallback
}

// nextBirthSeq advances bdSeq and saves it before the connection that uses
// it starts. A failed save is logged and the connection goes ahead, because
// delivering the queue matters more than the order of births. After a
// restart that bdSeq may then come again.
func (u *Uplink) nextBirthSeq() {
	u.bdSeq++
	data := strconv.AppendUint(nil, u.bdSeq, 10)
	if err := durable.WriteFile(u.cfg.BirthSeqFile, append(data, '\n'), 0o644); err != nil {
		u.cfg.Logger.Warn("uplink: save birth sequence", "path", u.cfg.BirthSeqFile,
			"bd_seq", u.bdSeq, "err", err)
	}
}
