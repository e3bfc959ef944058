package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

func forbidden(w http.ResponseWriter, p auth.Principal, what string) {
	writeError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("role %s may not %s", p.Role, what), "")
}

func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "internal", "internal error; the server log has the cause", "")
}

// storeError maps the errors of the stores to responses.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, err error, field string) {
	switch {
	case errors.Is(err, land.ErrConflict), errors.Is(err, water.ErrConflict), errors.Is(err, store.ErrConflict):
		writeError(w, http.StatusConflict, "conflict",
			"the record exists or was changed since it was read; read it again and send its version", field)
	case errors.Is(err, land.ErrNotFound), errors.Is(err, water.ErrNotFound), errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "the record is not found", field)
	default:
		s.internal(w, r, err)
	}
}

// audit records a change. A failure is logged, because the change is already
// stored.
// NOTE: the change and its audit entry are written in two transactions, so a
// crash between them loses the entry.
func (s *Server) audit(r *http.Request, p auth.Principal, action, kind, record, division string, before, after any) {
	e := &store.AuditEntry{Actor: p.Account, Role: string(p.Role), Action: action, Kind: kind,
		Record: record, Division: division}
	var err error
	if before != nil {
		if e.Before, err = json.Marshal(before); err != nil {
			s.log.Error("audit: encode record", "kind", kind, "record", record, "err", err)
		}
	}
	if after != nil {
		if e.After, err = json.Marshal(after); err != nil {
			s.log.Error("audit: encode record", "kind", kind, "record", record, "err", err)
		}
	}
	if err := s.cfg.County.AppendAudit(r.Context(), e); err != nil {
		s.log.Error("audit: append entry", "kind", kind, "record", record, "actor", p.Account, "err", err)
	}
}

type loginInput struct {
	Account string `json:"account"`
	Secret  string `json:"secret"`
}

type loginOutput struct {
	Token    string `json:"token"`
	Account  string `json:"account"`
	Role     string `json:"role"`
	Division string `json:"division"`
}

// maxAccountName is the length of the longest valid account name, see
// auth.ValidateAccountName.
const maxAccountName = 64

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ auth.Principal) {
	var in loginInput
	if fe := decodeBody(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Account == "" {
		writeFieldError(w, invalid("account", "account is missing"))
		return
	}
	if in.Secret == "" {
		writeFieldError(w, invalid("secret", "secret is missing"))
		return
	}
	client := s.clientAddress(r)
	token, p, err := s.cfg.Auth.Login(r.Context(), in.Account, in.Secret, client)
	// The name is logged as given, cut to the longest valid name.
	if len(in.Account) > maxAccountName {
		in.Account = in.Account[:maxAccountName]
	}
	switch {
	case errors.Is(err, auth.ErrRateLimited):
		retry := time.Minute
		rule := ""
		if re, ok := errors.AsType[*auth.RetryError](err); ok {
			retry, rule = re.Wait, string(re.Rule)
		}
		seconds := max(1, int(math.Ceil(retry.Seconds())))
		s.log.Warn("login rate limited", "account", in.Account, "client", client, "rule", rule, "retry_after_s", seconds)
		w.Header().Set("Retry-After", strconv.Itoa(seconds))
		writeError(w, http.StatusTooManyRequests, "rate_limited",
			fmt.Sprintf("too many failed logins; retry in %d s", seconds), "")
	case errors.Is(err, auth.ErrDisabled):
		s.log.Warn("login of a disabled account", "account", in.Account, "client", client)
		writeError(w, http.StatusForbidden, "account_disabled",
			fmt.Sprintf("account %q is disabled; ask an administrator to enable it", in.Account), "")
	case errors.Is(err, auth.ErrUnauthenticated):
		s.log.Warn("login failed", "account", in.Account, "client", client)
		writeError(w, http.StatusUnauthorized, "unauthenticated", "the account or secret is wrong", "")
	case err != nil:
		s.internal(w, r, err)
	default:
		s.log.Info("login", "account", p.Account, "role", p.Role, "client", client)
		setEventsCookie(w, r, token)
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, r, http.StatusOK, loginOutput{Token: token, Account: p.Account, Role: string(p.Role), Division: string(p.Division)})
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	token, _ := bearer(r)
	if err := s.cfg.Auth.Revoke(r.Context(), token); err != nil {
		if errors.Is(err, auth.ErrUnauthenticated) {
			writeError(w, http.StatusUnauthorized, "unauthenticated", "the bearer token is invalid or expired", "")
			return
		}
		s.internal(w, r, err)
		return
	}
	s.log.Info("logout", "account", p.Account)
	setEventsCookie(w, r, "")
	w.WriteHeader(http.StatusNoContent)
}

// me returns the caller's account and the county's time zone, which the
// dashboard shows times in.
func (s *Server) me(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	writeJSON(w, r, http.StatusOK, map[string]string{"account": p.Account, "role": string(p.Role),
		"division": string(p.Division), "zone": s.zone.Name()})
}

type auditOutput struct {
	ID       int64           `json:"id"`
	At       time.Time       `json:"at"`
	Actor    string          `json:"actor"`
	Role     string          `json:"role"`
	Action   string          `json:"action"`
	Kind     string          `json:"kind"`
	Record   string          `json:"record"`
	Division string          `json:"division"`
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaAudit) {
		forbidden(w, p, "read the audit log")
		return
	}
	q := r.URL.Query()
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	f := store.AuditFilter{Kind: q.Get("kind"), Record: q.Get("record"), Limit: pg.Limit, Division: string(p.Division)}
	if countyWide(p) {
		f.Division = ""
	}
	if pg.After != "" {
		id, err := strconv.ParseInt(pg.After, 10, 64)
		if err != nil || id < 0 {
			writeFieldError(w, badQuery("after", "after %q is invalid; pass the next value of the previous page", pg.After))
			return
		}
		f.AfterID = id
	}

	entries, err := s.cfg.County.Audit(r.Context(), f)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[auditOutput]{Items: make([]auditOutput, 0, len(entries))}
	for _, e := range entries {
		out.Items = append(out.Items, auditOutput{ID: e.ID, At: e.At, Actor: e.Actor, Role: e.Role, Action: e.Action,
			Kind: e.Kind, Record: e.Record, Division: e.Division, Before: orNull(e.Before), After: orNull(e.After)})
	}
	if len(entries) == f.Limit {
		out.Next = strconv.FormatInt(entries[len(entries)-1].ID, 10)
	}
	writeJSON(w, r, http.StatusOK, out)
}

func orNull(m json.RawMessage) json.RawMessage {
	if m == nil {
		return json.RawMessage("null")
	}
	return m
}
