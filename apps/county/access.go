package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/server"
)

// accessFlags are the flags of serve and demo that set the login limits and
// the reverse proxies whose forwarding headers are trusted. The zero value
// means the default limits and no trusted proxy.
type accessFlags struct {
	trustedProxies  string
	forwardedHeader string
	login           auth.LoginLimits
}

// register adds the access flags to fs, with defaults from the environment.
func (f *accessFlags) register(fs *flag.FlagSet) {
	d := auth.DefaultLoginLimits
	fs.StringVar(&f.trustedProxies, "trusted-proxies", os.Getenv("SHUXIANG_TRUSTED_PROXIES"),
		"comma-separated `CIDR` networks or addresses of reverse proxies whose -forwarded-header gives the client address; empty trusts none (env SHUXIANG_TRUSTED_PROXIES)")
	fs.StringVar(&f.forwardedHeader, "forwarded-header", envOr("SHUXIANG_FORWARDED_HEADER", server.HeaderXForwardedFor),
		"`header` that the trusted proxies set: X-Forwarded-For or Forwarded (env SHUXIANG_FORWARDED_HEADER)")
	fs.IntVar(&f.login.PairFailures, "login-failures", envInt("SHUXIANG_LOGIN_FAILURES", d.PairFailures),
		"failed logins of one account from one client address before back-off (env SHUXIANG_LOGIN_FAILURES)")
	fs.IntVar(&f.login.ClientFailures, "login-client-failures", envInt("SHUXIANG_LOGIN_CLIENT_FAILURES", d.ClientFailures),
		"failed logins from one client address, over all accounts, before back-off (env SHUXIANG_LOGIN_CLIENT_FAILURES)")
	fs.IntVar(&f.login.AccountFailures, "login-account-failures", envInt("SHUXIANG_LOGIN_ACCOUNT_FAILURES", d.AccountFailures),
		"failed logins of one account from all addresses past which attempts from new addresses are spaced by -login-account-interval (env SHUXIANG_LOGIN_ACCOUNT_FAILURES)")
	fs.DurationVar(&f.login.Backoff, "login-backoff", envDuration("SHUXIANG_LOGIN_BACKOFF", d.Backoff),
		"first wait once an allowance of failed logins is used up; each further failure doubles it (env SHUXIANG_LOGIN_BACKOFF)")
	fs.DurationVar(&f.login.MaxBackoff, "login-max-backoff", envDuration("SHUXIANG_LOGIN_MAX_BACKOFF", d.MaxBackoff),
		"longest wait of the login back-off (env SHUXIANG_LOGIN_MAX_BACKOFF)")
	fs.DurationVar(&f.login.AccountInterval, "login-account-interval", envDuration("SHUXIANG_LOGIN_ACCOUNT_INTERVAL", d.AccountInterval),
		"spacing of the login attempts on an account past -login-account-failures from addresses that have not logged in to it (env SHUXIANG_LOGIN_ACCOUNT_INTERVAL)")
}

// check validates the flags and returns the trusted networks and the
// canonical name of the forwarding header.
func (f *accessFlags) check() ([]netip.Prefix, string, error) {
	proxies, err := server.ParseTrustedProxies(f.trustedProxies)
	if err != nil {
		return nil, "", fmt.Errorf("-trusted-proxies: %w", err)
	}
	header := server.HeaderXForwardedFor
	switch {
	case f.forwardedHeader == "" || strings.EqualFold(f.forwardedHeader, server.HeaderXForwardedFor):
	case strings.EqualFold(f.forwardedHeader, server.HeaderForwarded):
		header = server.HeaderForwarded
	default:
		return nil, "", fmt.Errorf("-forwarded-header %q is not known, want %s or %s",
			f.forwardedHeader, server.HeaderXForwardedFor, server.HeaderForwarded)
	}
	l := f.login
	for _, v := range []struct {
		flag  string
		value int64
		text  string
	}{{"login-failures", int64(l.PairFailures), fmt.Sprint(l.PairFailures)},
		{"login-client-failures", int64(l.ClientFailures), fmt.Sprint(l.ClientFailures)},
		{"login-account-failures", int64(l.AccountFailures), fmt.Sprint(l.AccountFailures)},
		{"login-backoff", int64(l.Backoff), l.Backoff.String()},
		{"login-max-backoff", int64(l.MaxBackoff), l.MaxBackoff.String()},
		{"login-account-interval", int64(l.AccountInterval), l.AccountInterval.String()}} {
		if v.value < 0 {
			return nil, "", fmt.Errorf("-%s %s is negative, want 0 for the default or more", v.flag, v.text)
		}
	}
	if l.Backoff > 0 && l.MaxBackoff > 0 && l.MaxBackoff < l.Backoff {
		return nil, "", fmt.Errorf("-login-max-backoff %s is below -login-backoff %s", l.MaxBackoff, l.Backoff)
	}
	return proxies, header, nil
}

func envDuration(name string, fallback time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return v
	}
	return fallback
}

var (
	loginAttemptsDesc = prometheus.NewDesc(metricPrefix+"login_attempts_total",
		"Login attempts by result: success, failure (wrong secret or unknown account), disabled (right secret of a disabled account) or limited (rejected with 429).",
		[]string{"result"}, nil)
	loginLimitedDesc = prometheus.NewDesc(metricPrefix+"login_limited_total",
		"Login attempts rejected with 429, by rule: pair (account and client address), client (client address) or account (account-wide spacing).",
		[]string{"rule"}, nil)
	loginBackoffDesc = prometheus.NewDesc(metricPrefix+"login_backoffs",
		"Pairs of account and client address, and client addresses, whose login attempts wait now.",
		[]string{"kind"}, nil)
)

// loginMetrics exports the login counters of an auth.Service.
type loginMetrics struct{ svc *auth.Service }

func (m loginMetrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- loginAttemptsDesc
	ch <- loginLimitedDesc
	ch <- loginBackoffDesc
}

func (m loginMetrics) Collect(ch chan<- prometheus.Metric) {
	st := m.svc.LoginStats()
	limited := st.LimitedPair + st.LimitedClient + st.LimitedAccount
	for result, n := range map[string]uint64{"success": st.Succeeded, "failure": st.Failed, "disabled": st.Disabled,
		"limited": limited} {
		ch <- prometheus.MustNewConstMetric(loginAttemptsDesc, prometheus.CounterValue, float64(n), result)
	}
	for rule, n := range map[auth.LimitRule]uint64{auth.RulePair: st.LimitedPair, auth.RuleClient: st.LimitedClient,
		auth.RuleAccount: st.LimitedAccount} {
		ch <- prometheus.MustNewConstMetric(loginLimitedDesc, prometheus.CounterValue, float64(n), string(rule))
	}
	ch <- prometheus.MustNewConstMetric(loginBackoffDesc, prometheus.GaugeValue, float64(st.BackoffPairs), "pair")
	ch <- prometheus.MustNewConstMetric(loginBackoffDesc, prometheus.GaugeValue, float64(st.BackoffClients), "client")
}
