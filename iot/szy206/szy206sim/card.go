package szy206sim

import (
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/iot/szy206"
)

// maxRecharge is the largest recharge in m³: AFN 15H and 55H carry it in 4
// BCD bytes.
const maxRecharge = 99_999_999

// ErrICCardOff is returned by [Terminal.SwipeCard] while the centre has
// withdrawn the IC card function (AFN 31H).
var ErrICCardOff = errors.New("szy206sim: IC card function withdrawn by the centre (AFN 31H); enable it with AFN 30H")

// SwipeCard models a user who inserts an IC card carrying volume m³ of
// purchased water. The terminal adds the volume to the remaining water and
// keeps it as the last recharge, which its reply to a recharge query (AFN
// 55H) returns. With ReportAlarms it also sends an alarm report (AFN 81H)
// when the swipe clears the remaining-water alarm. It is safe to call while
// the terminal serves a connection.
//
// NOTE: the SZY 206-2016 and SL/T 427-2021 sources at hand define no frame
// for a card swipe or a swipe record, so the terminal sends none. The centre
// learns of a swipe from AFN 55H and from the alarm and status words.
func (t *Terminal) SwipeCard(volume int64) error {
	if volume <= 0 || volume > maxRecharge {
		return fmt.Errorf("szy206sim: card volume %d m³ is invalid: want 1 to %d", volume, maxRecharge)
	}
	t.mu.Lock()
	if t.st.icCardOff {
		t.mu.Unlock()
		return ErrICCardOff
	}
	t.st.recharge = volume
	t.st.remaining += volume
	t.stats.Swipes++
	wake := t.wake
	t.mu.Unlock()
	if wake != nil {
		select {
		case wake <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
	return nil
}

// reportAlarm sends a random alarm report (AFN 81H) of the flow point and
// the alarm and status words when ReportAlarms is set and the
// remaining-water alarm has turned on or off since the last report.
func (t *Terminal) reportAlarm(w *wire) error {
	if !t.ReportAlarms {
		return nil
	}
	t.mu.Lock()
	on := t.st.remaining < t.st.alarmLevel
	changed := on != t.st.alarmOn
	t.st.alarmOn = on
	t.mu.Unlock()
	if !changed {
		return nil
	}
	m := t.realtime(szy206.AlarmReport)
	if err := t.send(w, &m, nil, false); err != nil {
		return err
	}
	t.count(func(st *Stats) { st.Alarms++ })
	return nil
}
