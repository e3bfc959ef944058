package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"text/tabwriter"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

// adminUsage lists the subcommands of county admin.
const adminUsage = `usage:
  county admin create -division CODE [-name NAME] [-data DIR] [-database URL]
  county admin disable|enable|reset|delete NAME [-data DIR] [-database URL]
  county admin list [-division CODE] [-state enabled|disabled|deleted] [-data DIR] [-database URL]
  county admin tokens NAME [-data DIR] [-database URL]
  county admin revoke NAME [-token ID] [-data DIR] [-database URL]
`

// adminCommand runs a subcommand of county admin, which manages accounts
// in the database directly, without a server or a token.
func adminCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, adminUsage)
		return 2
	}
	switch args[0] {
	case "create":
		return adminCreateCommand(ctx, args[1:], stdout, stderr)
	case "disable":
		return adminChangeCommand(ctx, auth.Disable, args[1:], stdout, stderr)
	case "enable":
		return adminChangeCommand(ctx, auth.Enable, args[1:], stdout, stderr)
	case "reset":
		return adminChangeCommand(ctx, auth.ResetSecret, args[1:], stdout, stderr)
	case "delete":
		return adminChangeCommand(ctx, auth.Delete, args[1:], stdout, stderr)
	case "list":
		return adminListCommand(ctx, args[1:], stdout, stderr)
	case "tokens":
		return adminTokensCommand(ctx, args[1:], stdout, stderr)
	case "revoke":
		return adminRevokeCommand(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "county admin: unknown subcommand %q\n%s", args[0], adminUsage)
	return 2
}

func adminCreateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county admin create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	name := fs.String("name", "admin", "account `name` of the administrator: a-z, 0-9, '.', '_' and '-'")
	division := fs.String("division", "", "6-digit GB/T 2260 `code` of the county (required)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	if *division == "" {
		fmt.Fprintln(stderr, "county admin create: -division is missing, want the 6-digit county code such as 654202")
		return 2
	}
	div, err := land.ParseDivisionCode(*division)
	if err == nil {
		err = auth.CountyAdmin.ValidateDivision(div)
	}
	if err != nil {
		fmt.Fprintf(stderr, "county admin create: -division: %v\n", err)
		return 2
	}
	log := newLogger(stderr)
	a, err := openApp(ctx, sf, log)
	if err != nil {
		log.Error("admin create failed", "err", err)
		return 1
	}
	defer a.close()
	secret, err := a.auth.CreateAccount(ctx, *name, auth.CountyAdmin, div)
	if errors.Is(err, store.ErrConflict) {
		fmt.Fprintf(stderr, "county admin create: account %q exists; choose another -name\n", *name)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "county admin create: %v\n", err)
		return 1
	}
	if created, err := a.county.Account(ctx, *name); err == nil {
		auditAccount(ctx, a, "create", nil, created, log)
	}
	log.Info("account created", "account", *name, "role", auth.CountyAdmin, "division", div, "actor", cliActor())
	fmt.Fprintf(stdout, "created county administrator %q for division %s\n", *name, div)
	fmt.Fprintf(stdout, "secret (shown once, stored only as a hash): %s\n", secret)
	fmt.Fprintln(stdout, `log in with: POST /api/v1/login {"account": NAME, "secret": SECRET}`)
	return 0
}

// parseNamed parses args of the form [flags] NAME [flags] with fs and
// returns the account name, or false after writing what is wrong.
func parseNamed(fs *flag.FlagSet, args []string, stderr io.Writer) (string, bool) {
	if err := fs.Parse(args); err != nil {
		return "", false
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "%s: the account name is missing\n", fs.Name())
		return "", false
	}
	name := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return "", false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q after the account name\n", fs.Name(), fs.Arg(0))
		return "", false
	}
	if err := auth.ValidateAccountName(name); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return "", false
	}
	return name, true
}

// adminChangeCommand disables, enables, deletes or gives a new secret to
// the account named in args.
func adminChangeCommand(ctx context.Context, action auth.AccountAction, args []string, stdout, stderr io.Writer) int {
	verb := action.String()
	if action == auth.ResetSecret {
		verb = "reset"
	}
	fs := flag.NewFlagSet("county admin "+verb, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	name, ok := parseNamed(fs, args, stderr)
	if !ok {
		return 2
	}
	log := newLogger(stderr)
	a, err := openApp(ctx, sf, log)
	if err != nil {
		log.Error("admin "+verb+" failed", "err", err)
		return 1
	}
	defer a.close()

	c, err := a.auth.ChangeAccount(ctx, name, action)
	switch {
	case errors.Is(err, store.ErrLastAdmin):
		fmt.Fprintf(stderr, "county admin %s: account %q is the last enabled county administrator of its division; "+
			"create another with county admin create first\n", verb, name)
		return 1
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(stderr, "county admin %s: account %q not found or deleted; county admin list shows the accounts\n", verb, name)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "county admin %s: %v\n", verb, err)
		return 1
	}
	if c.Changed() {
		auditAccount(ctx, a, action.String(), c.Before, c.After, log)
		log.Info("account changed", "action", action.String(), "account", name, "actor", cliActor())
	}
	switch action {
	case auth.Disable:
		fmt.Fprintf(stdout, "account %q is disabled and its tokens are revoked\n", name)
	case auth.Enable:
		fmt.Fprintf(stdout, "account %q is enabled; it logs in with its secret\n", name)
	case auth.Delete:
		fmt.Fprintf(stdout, "account %q is deleted; its name is not reused\n", name)
	case auth.ResetSecret:
		fmt.Fprintf(stdout, "account %q has a new secret and its tokens are revoked\n", name)
		fmt.Fprintf(stdout, "secret (shown once, stored only as a hash): %s\n", c.Secret)
	}
	if action != auth.Enable {
		fmt.Fprintln(stdout, "a server running on this database stops accepting the old tokens within a minute")
	}
	return 0
}

// adminListCommand prints the accounts, with the number of their tokens.
func adminListCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county admin list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	division := fs.String("division", "", "list only the accounts whose division lies within this GB/T 2260 `code`")
	state := fs.String("state", "", "list only the accounts in this `state`: enabled, disabled or deleted; empty lists those not deleted")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	if *division != "" {
		if _, err := land.ParseDivisionCode(*division); err != nil {
			fmt.Fprintf(stderr, "county admin list: -division: %v\n", err)
			return 2
		}
	}
	switch *state {
	case "", store.AccountEnabled, store.AccountDisabled, store.AccountDeleted:
	default:
		fmt.Fprintf(stderr, "county admin list: -state %q is not known, want enabled, disabled or deleted\n", *state)
		return 2
	}
	log := newLogger(stderr)
	a, err := openApp(ctx, sf, log)
	if err != nil {
		log.Error("admin list failed", "err", err)
		return 1
	}
	defer a.close()

	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tDIVISION\tSTATE\tTOKENS\tCREATED")
	f := store.AccountFilter{Division: *division, State: *state, Limit: 1000}
	for {
		accounts, err := a.county.Accounts(ctx, f)
		if err != nil {
			fmt.Fprintf(stderr, "county admin list: %v\n", err)
			return 1
		}
		for _, acc := range accounts {
			tokens, err := a.county.AccountTokens(ctx, acc.Name)
			if err != nil {
				fmt.Fprintf(stderr, "county admin list: %v\n", err)
				return 1
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", acc.Name, acc.Role, acc.Division, accountState(&acc),
				liveTokens(tokens), acc.Created.Format(time.RFC3339))
		}
		if len(accounts) < f.Limit {
			break
		}
		f.After = accounts[len(accounts)-1].Name
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "county admin list: %v\n", err)
		return 1
	}
	return 0
}

// adminTokensCommand prints the tokens of an account that have not expired.
func adminTokensCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county admin tokens", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	name, ok := parseNamed(fs, args, stderr)
	if !ok {
		return 2
	}
	log := newLogger(stderr)
	a, err := openApp(ctx, sf, log)
	if err != nil {
		log.Error("admin tokens failed", "err", err)
		return 1
	}
	defer a.close()
	if _, err := a.county.Account(ctx, name); err != nil {
		fmt.Fprintf(stderr, "county admin tokens: %v\n", err)
		return 1
	}

	tokens, err := a.auth.Tokens(ctx, name)
	if err != nil {
		fmt.Fprintf(stderr, "county admin tokens: %v\n", err)
		return 1
	}
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tEXPIRES")
	now := time.Now()
	for _, t := range tokens {
		expires := "never"
		if !t.Expires.IsZero() {
			if !now.Before(t.Expires) {
				continue
			}
			expires = t.Expires.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.ID, t.Created.Format(time.RFC3339), expires)
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "county admin tokens: %v\n", err)
		return 1
	}
	return 0
}

// adminRevokeCommand revokes one token of an account, or all of them.
func adminRevokeCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("county admin revoke", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storageFlags
	sf.register(fs)
	id := fs.String("token", "", "`id` of the one token to revoke, as county admin tokens lists it; empty revokes every token of the account")
	name, ok := parseNamed(fs, args, stderr)
	if !ok {
		return 2
	}
	log := newLogger(stderr)
	a, err := openApp(ctx, sf, log)
	if err != nil {
		log.Error("admin revoke failed", "err", err)
		return 1
	}
	defer a.close()
	acc, err := a.county.Account(ctx, name)
	if err != nil {
		fmt.Fprintf(stderr, "county admin revoke: %v\n", err)
		return 1
	}

	n, err := a.auth.RevokeTokens(ctx, name, *id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "county admin revoke: account %q has no token %q; county admin tokens lists them\n", name, *id)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "county admin revoke: %v\n", err)
		return 1
	}
	if n > 0 {
		after := map[string]any{"tokens_revoked": n}
		if *id != "" {
			after["token"] = *id
		}
		appendAudit(ctx, a, "revoke_tokens", acc, nil, after, log)
		log.Info("tokens revoked", "account", name, "tokens", n, "actor", cliActor())
	}
	fmt.Fprintf(stdout, "revoked %d tokens of account %q\n", n, name)
	fmt.Fprintln(stdout, "a server running on this database stops accepting them within a minute")
	return 0
}

// accountRecord is an account as the audit log records it, without its
// password hash.
type accountRecord struct {
	Name     string     `json:"name"`
	Role     string     `json:"role"`
	Division string     `json:"division"`
	State    string     `json:"state"`
	Created  time.Time  `json:"created"`
	Disabled *time.Time `json:"disabled,omitempty"`
	Deleted  *time.Time `json:"deleted,omitempty"`
}

func recordOf(a *store.Account) *accountRecord {
	if a == nil {
		return nil
	}
	r := &accountRecord{Name: a.Name, Role: a.Role, Division: a.Division, State: accountState(a), Created: a.Created}
	if !a.Disabled.IsZero() {
		r.Disabled = &a.Disabled
	}
	if !a.Deleted.IsZero() {
		r.Deleted = &a.Deleted
	}
	return r
}

// accountState returns store.AccountEnabled, AccountDisabled or
// AccountDeleted.
func accountState(a *store.Account) string {
	switch {
	case !a.Deleted.IsZero():
		return store.AccountDeleted
	case !a.Disabled.IsZero():
		return store.AccountDisabled
	}
	return store.AccountEnabled
}

// liveTokens counts the tokens that have not expired.
func liveTokens(tokens []store.Token) int {
	n := 0
	now := time.Now()
	for _, t := range tokens {
		if t.Expires.IsZero() || now.Before(t.Expires) {
			n++
		}
	}
	return n
}

// auditAccount records an account change made on the command line.
func auditAccount(ctx context.Context, a *app, action string, before, after *store.Account, log *slog.Logger) {
	acc := after
	if acc == nil {
		acc = before
	}
	var b, aft any
	if before != nil {
		b = recordOf(before)
	}
	if after != nil {
		aft = recordOf(after)
	}
	appendAudit(ctx, a, action, acc, b, aft, log)
}

// appendAudit appends an audit entry about the account acc with the actor
// of the command line. A failure is logged, because the change is stored.
func appendAudit(ctx context.Context, a *app, action string, acc *store.Account, before, after any, log *slog.Logger) {
	e := &store.AuditEntry{Actor: cliActor(), Role: "cli", Action: action, Kind: "account", Record: acc.Name,
		Division: acc.Division}
	var err error
	if before != nil {
		if e.Before, err = json.Marshal(before); err != nil {
			log.Error("audit: encode record", "account", acc.Name, "err", err)
		}
	}
	if after != nil {
		if e.After, err = json.Marshal(after); err != nil {
			log.Error("audit: encode record", "account", acc.Name, "err", err)
		}
	}
	if err := a.county.AppendAudit(ctx, e); err != nil {
		log.Error("audit: append entry", "action", action, "account", acc.Name, "err", err)
	}
}

// cliActor is the audit log's actor of a change made on the command line:
// "cli:" and the operating system's user name.
func cliActor() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	return "cli:" + name
}
