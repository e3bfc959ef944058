package auth_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
)

// ExampleLoginLimiter shows the back-off of one account at one address, and
// that another address is not held back by it.
func ExampleLoginLimiter() {
	now := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	l := auth.NewLoginLimiter(auth.LoginLimits{PairFailures: 2, Backoff: 30 * time.Second},
		func() time.Time { return now })
	for range 2 {
		attempt, _ := l.Begin("admin", "192.0.2.66")
		attempt.Fail() // a wrong secret
	}
	_, err := l.Begin("admin", "192.0.2.66")
	if re, ok := errors.AsType[*auth.RetryError](err); ok {
		fmt.Println("rule", re.Rule, "retry after", re.Wait)
	}
	attempt, err := l.Begin("admin", "203.0.113.9")
	fmt.Println("other address admitted:", err == nil)
	attempt.Succeed()
	// Output:
	// rule pair retry after 30s
	// other address admitted: true
}
