// Command county is the reference county server: the land and water registers
// of one county behind an HTTP JSON API, with accounts scoped to
// administrative divisions and an audit log of every change.
//
// Usage:
//
//	county serve [-addr HOST:PORT] [-data DIR] [-database URL] [-zone NAME] [-mqtt URL | -mqtt-addr HOST:PORT] [-centre-addr HOST:PORT]
//	county demo [-addr HOST:PORT] [-data DIR] [-database URL] [-interval TIME] [-fields PATH]
//	county migrate [-data DIR] [-database URL]
//	county admin create -division CODE [-name NAME] [-data DIR] [-database URL]
//	county admin disable|enable|reset|delete|tokens NAME [-data DIR] [-database URL]
//	county admin list [-division CODE] [-state STATE] [-data DIR] [-database URL]
//	county admin revoke NAME [-token ID] [-data DIR] [-database URL]
//	county device create -gateway GROUP/GATEWAY -division CODE [-reset] [-data DIR] [-database URL]
//	county import plots|wells|plans [flags] FILE
//	county export plots|wells|plans|daily [flags] [-o FILE]
//
// The data is kept in the SQLite file county.db in the data folder, or in the
// PostgreSQL database that -database names (postgres://...). The environment
// variables SHUXIANG_ADDR, SHUXIANG_DATA and SHUXIANG_DATABASE_URL set the
// defaults of -addr, -data and -database, and SHUXIANG_ZONE that of -zone;
// a flag given on the command line wins. -zone is the IANA name of the
// county's time zone, in which days are counted (Asia/Shanghai unless set,
// Asia/Urumqi for UTC+6). serve and migrate bring the schema up to date. admin create adds a
// county administrator and prints its secret once: there is no default
// password. Logs are JSON lines on standard error. serve stops cleanly on
// SIGINT or SIGTERM, finishing the requests in flight.
//
// The other admin subcommands manage accounts in the database directly:
// disable and enable one, reset its secret (printed once), delete it, list
// the accounts, and list or revoke an account's tokens. Every change is in
// the audit log with the actor "cli:" and the operating system's user name.
// serve limits failed logins per account and client address and per client
// address with exponential back-off (-login-failures, -login-client-failures,
// -login-backoff, -login-max-backoff), and an account's failures from many
// addresses only space out attempts from new addresses
// (-login-account-failures, -login-account-interval). Behind reverse proxies
// named by -trusted-proxies, the client address is read from
// -forwarded-header.
//
// serve takes telemetry in. By default it runs an embedded MQTT broker on
// -mqtt-addr (127.0.0.1:1884) that keeps its sessions and messages in the
// broker folder of -data; -mqtt (env SHUXIANG_MQTT_URL) names an external
// broker instead. Gateways publish in iot/uplink's format to
// shuxiang/v1/<group>/<gateway>/telemetry with QoS 1. The embedded broker
// admits a gateway only with the secret of its device account
// "<group>.<gateway>", which device create makes, and only to its own
// topics. An external broker must enforce this with its own ACLs. SL 651 DTUs dial the
// centre station on -centre-addr (127.0.0.1:9651). Readings are stored once
// each in the same database, and the flow_total register of a device named by
// a well code feeds that well's daily totals. /readyz returns 200 only once
// the broker subscription is granted and the database replies; on shutdown the
// ingest commits and acknowledges what it holds before serve returns.
// Prometheus metrics are served at /metrics on -addr, or on -metrics-addr,
// without a token.
//
// import reads plots from boundary files (GeoJSON, Shapefile, GeoPackage, KML,
// GPX, WKT) and wells and water-use plans from CSV. It checks each record on
// its own, prints one line per rejected record and a summary, and writes the
// good records with audit-log entries. A record equal to the stored one is
// left alone, so a second import of a file changes nothing. -dry-run writes
// nothing, and -atomic writes nothing when a record is rejected. The exit
// status is 3 when records were rejected. export writes plots as GeoJSON or
// a zipped Shapefile, and wells, plans and daily water totals as CSV in the
// layout that import reads. The README lists the columns and flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := countyMain(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `usage:
  county serve [-addr HOST:PORT] [-data DIR] [-database URL] [-zone NAME] [-mqtt URL | -mqtt-addr HOST:PORT] [-centre-addr HOST:PORT] [-metrics-addr HOST:PORT|off]
  county demo (the flags of serve) [-interval TIME] [-fields PATH]
  county migrate [-data DIR] [-database URL]
  county admin create -division CODE [-name NAME] [-data DIR] [-database URL]
  county admin disable|enable|reset|delete NAME [-data DIR] [-database URL]
  county admin list [-division CODE] [-state enabled|disabled|deleted] [-data DIR] [-database URL]
  county admin tokens NAME, county admin revoke NAME [-token ID] [-data DIR] [-database URL]
  county device create -gateway GROUP/GATEWAY -division CODE [-reset] [-data DIR] [-database URL]
  county keys rotate [-data DIR]
  county import plots [-map FIELD=ATTR,...] [-allocate ISSUER] [-format F] [-layer L] [-epsg N] [-max-unzipped SIZE] [-dry-run] [-atomic] FILE
  county import wells|plans [-dry-run] [-atomic] FILE.csv
  county export plots|wells|plans|daily [-o FILE] [-division CODE] [-format geojson|shapefile] [-year N] [-from DAY -to DAY] [-zone NAME]
`

// countyMain runs the command with args until ctx ends and returns its exit
// status: 0 on success, 1 on failure and 2 for bad usage.
func countyMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serveCommand(ctx, args[1:], stdout, stderr)
	case "demo":
		return demoCommand(ctx, args[1:], stdout, stderr)
	case "migrate":
		return migrateCommand(ctx, args[1:], stdout, stderr)
	case "import":
		return importCommand(ctx, args[1:], stdout, stderr)
	case "export":
		return exportCommand(ctx, args[1:], stdout, stderr)
	case "keys":
		if len(args) < 2 || args[1] != "rotate" {
			fmt.Fprint(stderr, usage)
			return 2
		}
		return keysRotateCommand(args[2:], stdout, stderr)
	case "device":
		if len(args) < 2 || args[1] != "create" {
			fmt.Fprint(stderr, usage)
			return 2
		}
		return deviceCreateCommand(ctx, args[2:], stdout, stderr)
	case "admin":
		return adminCommand(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "county: unknown command %q\n%s", args[0], usage)
	return 2
}
