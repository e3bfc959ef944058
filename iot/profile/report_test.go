package profile_test

import "time"

var testTime = time.Date(2026, 6, 21, 6, 0, 0, 0, time.UTC)
