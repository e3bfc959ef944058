package server

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

type accountInput struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	Division string `json:"division"`
}

type accountOutput struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	Division string `json:"division"`
	// State is store.AccountEnabled, AccountDisabled or AccountDeleted.
	State    string     `json:"state"`
	Created  time.Time  `json:"created"`
	Disabled *time.Time `json:"disabled,omitempty"`
	Deleted  *time.Time `json:"deleted,omitempty"`
	// Secret is shown once; the server keeps only its hash.
	Secret string `json:"secret,omitempty"`
}

// accountOutputOf returns the response form of an account, without secret.
func accountOutputOf(a *store.Account) accountOutput {
	out := accountOutput{Name: a.Name, Role: a.Role, Division: a.Division, State: store.AccountEnabled,
		Created: a.Created}
	if !a.Disabled.IsZero() {
		out.State, out.Disabled = store.AccountDisabled, &a.Disabled
	}
	if !a.Deleted.IsZero() {
		out.State, out.Deleted = store.AccountDeleted, &a.Deleted
	}
	return out
}

type tokenOutput struct {
	ID      string     `json:"id"`
	Created time.Time  `json:"created"`
	Expires *time.Time `json:"expires,omitempty"`
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanWrite(auth.AreaAccounts) {
		forbidden(w, p, "create accounts")
		return
	}
	var in accountInput
	if fe := decodeBody(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if err := auth.ValidateAccountName(in.Name); err != nil {
		writeFieldError(w, invalid("name", "%v", err))
		return
	}
	role, err := auth.ParseRole(in.Role)
	if err != nil {
		writeFieldError(w, invalid("role", "%v", err))
		return
	}
	div := land.DivisionCode(in.Division)

	if err := role.ValidateDivision(div); err != nil {
		writeFieldError(w, invalid("division", "%v", err))
		return
	}
	if !p.InScope(div) {
		writeError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("division %s is outside your division %s", div, p.Division), "division")
		return
	}
	if !p.CanManage(role, div) {
		writeError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("role %s ranks above your role %s", role, p.Role), "role")
		return
	}
	secret, err := s.cfg.Auth.CreateAccount(r.Context(), in.Name, role, div)
	if errors.Is(err, store.ErrConflict) {
		s.nameTaken(w, r, in.Name)
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	a, err := s.cfg.County.Account(r.Context(), in.Name)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := accountOutputOf(a)
	s.audit(r, p, "create", "account", in.Name, in.Division, nil, out)
	s.log.Info("account created", "account", in.Name, "role", role, "division", div, "actor", p.Account)
	out.Secret = secret
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusCreated, out)
}

// nameTaken writes the 409 response to a create whose account name exists,
// saying whether it belongs to a deleted account, whose name is not reused.
func (s *Server) nameTaken(w http.ResponseWriter, r *http.Request, name string) {
	msg := fmt.Sprintf("account name %q is taken; choose another name", name)
	if a, err := s.cfg.County.Account(r.Context(), name); err == nil && !a.Deleted.IsZero() {
		msg = fmt.Sprintf("account name %q belonged to an account deleted on %s and is not reused; choose another name",
			name, a.Deleted.Format(time.DateOnly))
	}
	writeError(w, http.StatusConflict, "conflict", msg, "name")
}

// accountStates are the values of the state query parameter of
// GET /api/v1/accounts.
var accountStates = []string{store.AccountEnabled, store.AccountDisabled, store.AccountDeleted}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaAccounts) {
		forbidden(w, p, "read accounts")
		return
	}
	if fe := checkQuery(r, "division", "state", "limit", "after"); fe != nil {
		writeFieldError(w, fe)
		return
	}
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := divisionQuery(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	if div == "" {
		div = p.Division
	}
	state := r.URL.Query().Get("state")
	if state != "" && !contains(accountStates, state) {
		writeFieldError(w, badQuery("state", "state %q is not known, want %s, %s or %s", state,
			store.AccountEnabled, store.AccountDisabled, store.AccountDeleted))
		return
	}

	accounts, err := s.cfg.County.Accounts(r.Context(), store.AccountFilter{Division: string(div), State: state,
		After: pg.After, Limit: pg.Limit})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[accountOutput]{Items: make([]accountOutput, 0, len(accounts))}
	for i := range accounts {
		out.Items = append(out.Items, accountOutputOf(&accounts[i]))
	}
	if len(accounts) == pg.Limit {
		out.Next = accounts[len(accounts)-1].Name
	}
	writeJSON(w, r, http.StatusOK, out)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	a, ok := s.pathAccount(w, r, p, false)
	if !ok {
		return
	}
	writeJSON(w, r, http.StatusOK, accountOutputOf(a))
}

// pathAccount reads the account named in the path and checks that p may
// read it, or with write that p may change it. It writes 403 when p's role
// may not, 400 for an invalid name, and 404 for an account that does not
// exist or lies outside p's division, and with write for a deleted one.
func (s *Server) pathAccount(w http.ResponseWriter, r *http.Request, p auth.Principal, write bool) (*store.Account, bool) {
	if write && !p.CanWrite(auth.AreaAccounts) {
		forbidden(w, p, "change accounts")
		return nil, false
	}
	if !write && !p.CanRead(auth.AreaAccounts) {
		forbidden(w, p, "read accounts")
		return nil, false
	}
	name := r.PathValue("name")
	if err := auth.ValidateAccountName(name); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "name")
		return nil, false
	}
	a, err := s.cfg.County.Account(r.Context(), name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.internal(w, r, err)
		return nil, false
	}
	if err != nil || !p.InScope(land.DivisionCode(a.Division)) || write && !a.Deleted.IsZero() {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("account %q is not found in your division", name), "name")
		return nil, false
	}
	if write && !p.CanManage(auth.Role(a.Role), land.DivisionCode(a.Division)) {
		writeError(w, http.StatusForbidden, "forbidden",
			fmt.Sprintf("account %q has role %s, which ranks above your role %s", name, a.Role, p.Role), "name")
		return nil, false
	}
	return a, true
}

// readNoBody rejects a request body other than an empty one or an empty JSON
// object, because the account actions take no fields.
func readNoBody(r *http.Request) *fieldError {
	if r.ContentLength == 0 && r.Header.Get("Transfer-Encoding") == "" {
		return nil
	}
	var in struct{}
	return decodeBody(r, &in)
}

func (s *Server) disableAccount(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.accountAction(w, r, p, auth.Disable)
}

func (s *Server) enableAccount(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.accountAction(w, r, p, auth.Enable)
}

func (s *Server) resetSecret(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.accountAction(w, r, p, auth.ResetSecret)
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.accountAction(w, r, p, auth.Delete)
}

// accountAction applies an account action for p, audits and logs it, and
// responds with the account, its new secret for ResetSecret, or 204 for
// Delete.
func (s *Server) accountAction(w http.ResponseWriter, r *http.Request, p auth.Principal, action auth.AccountAction) {
	a, ok := s.pathAccount(w, r, p, true)
	if !ok {
		return
	}
	if fe := readNoBody(r); fe != nil {
		writeFieldError(w, fe)
		return
	}

	c, err := s.cfg.Auth.ChangeAccount(r.Context(), a.Name, action)
	switch {
	case errors.Is(err, store.ErrLastAdmin):
		writeError(w, http.StatusConflict, "last_admin", fmt.Sprintf(
			"account %q is the last enabled county administrator of division %s; create or enable another administrator first",
			a.Name, a.Division), "name")
		return
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("account %q is not found in your division", a.Name), "name")
		return
	case err != nil:
		s.internal(w, r, err)
		return
	}
	if c.Changed() {
		s.audit(r, p, action.String(), "account", a.Name, a.Division, accountOutputOf(c.Before), accountOutputOf(c.After))
		s.log.Info("account changed", "action", action.String(), "account", a.Name, "actor", p.Account,
			"client", s.clientAddress(r))
	}
	if action == auth.Delete {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	out := accountOutputOf(c.After)
	out.Secret = c.Secret
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	a, ok := s.pathAccount(w, r, p, false)
	if !ok {
		return
	}
	tokens, err := s.cfg.Auth.Tokens(r.Context(), a.Name)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	now := s.now()
	out := page[tokenOutput]{Items: []tokenOutput{}}
	for _, t := range tokens {
		if !t.Expires.IsZero() && !now.Before(t.Expires) {
			continue
		}
		item := tokenOutput{ID: t.ID, Created: t.Created}
		if !t.Expires.IsZero() {
			item.Expires = &t.Expires
		}
		out.Items = append(out.Items, item)
	}
	writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) revokeTokens(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.revoke(w, r, p, "")
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id := r.PathValue("id")
	if !validTokenID(id) {
		writeError(w, http.StatusBadRequest, "invalid_path",
			fmt.Sprintf("token id %q is invalid, want the 12 characters after %s in the token", id, auth.TokenPrefix), "id")
		return
	}
	s.revoke(w, r, p, id)
}

// validTokenID reports whether id has the form of a token id: 12 characters
// of unpadded base64url.
func validTokenID(id string) bool {
	if len(id) != 12 {
		return false
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}

// revoke deletes the account's token with that id, or all its tokens when
// id is empty, audits the revocation and responds with 204.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request, p auth.Principal, id string) {
	a, ok := s.pathAccount(w, r, p, true)
	if !ok {
		return
	}
	if fe := readNoBody(r); fe != nil {
		writeFieldError(w, fe)
		return
	}
	n, err := s.cfg.Auth.RevokeTokens(r.Context(), a.Name, id)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("account %q has no token %q", a.Name, id), "id")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if n > 0 {
		after := map[string]any{"tokens_revoked": n}
		if id != "" {
			after["token"] = id
		}
		s.audit(r, p, "revoke_tokens", "account", a.Name, a.Division, nil, after)
		s.log.Info("tokens revoked", "account", a.Name, "tokens", n, "actor", p.Account, "client", s.clientAddress(r))
	}
	w.WriteHeader(http.StatusNoContent)
}
