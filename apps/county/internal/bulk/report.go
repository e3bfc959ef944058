package bulk

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Options are the settings every import shares. The zero Options imports the
// good records, writes them and logs them as actor "import".
type Options struct {
	// DryRun checks every record and compares it with the database, but
	// writes nothing: the report then counts what an import would do.
	DryRun bool
	// Atomic writes nothing when any record is rejected. The records are all
	// checked before the first write, so a rejection stops the import before
	// it changes anything.
	//
	// NOTE: the records are written one transaction each, so a database
	// failure in the middle of the writes leaves the records written before it
	// in place. Importing the same file again completes the import.
	Atomic bool
	// Actor is the name the audit log records for the changes; empty means
	// "import".
	Actor string
}

// auditRole is the role the audit log records for changes made by an import.
// An import runs with the rights of the database connection, not of an account.
const auditRole = "import"

func (o Options) actor() string {
	if o.Actor == "" {
		return "import"
	}
	return o.Actor
}

// Problem is one rejected record, or one repair made to an imported record.
type Problem struct {
	// Record names the record: "feature 12 (id 4)" or "line 7".
	Record string
	// Field is the attribute, column or part at fault, such as "geometry" or
	// "lon"; empty when the whole record is at fault.
	Field string
	// Value is the value at fault as text; empty when there is none.
	Value string
	// Reason is a stable snake_case name of the fault, such as
	// "self_intersection" or "invalid_code", for the summary by reason.
	Reason string
	// Message states what is wrong and how to fix it.
	Message string

	// pos is the position of the record in the file, for sorting.
	pos int
}

// String returns the problem on one line: the record, the field with its
// value, and the message.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Record)
	if p.Field != "" {
		fmt.Fprintf(&b, ", %s", p.Field)
		if p.Value != "" {
			fmt.Fprintf(&b, " %q", p.Value)
		}
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	return b.String()
}

// Report is the outcome of one import.
type Report struct {
	// Kind is the kind of record imported: "plots", "wells" or "plans".
	Kind string
	// DryRun reports whether the import wrote nothing by request.
	DryRun bool
	// Read counts the records in the file.
	Read int
	// Created, Updated and Unchanged count the records imported: new ones,
	// stored ones that differed, and stored ones equal to the file's. With
	// DryRun they count what an import would do.
	Created, Updated, Unchanged int
	// Repaired counts the imported records that land/clean repaired.
	Repaired int
	// Rejected lists the records that were not imported, in file order.
	Rejected []Problem
	// Repairs lists the repairs, in file order.
	Repairs []Problem
	// Aborted reports whether Atomic stopped an import with rejected records
	// before any write.
	Aborted bool
}

// Imported returns the number of records created, updated or left unchanged.
func (r *Report) Imported() int { return r.Created + r.Updated + r.Unchanged }

// RejectedByReason counts the rejected records by Problem.Reason.
func (r *Report) RejectedByReason() map[string]int {
	m := map[string]int{}
	for _, p := range r.Rejected {
		m[p.Reason]++
	}
	return m
}

// RepairedByReason counts the repairs by Problem.Reason. A record with two
// repairs counts under both.
func (r *Report) RepairedByReason() map[string]int {
	m := map[string]int{}
	for _, p := range r.Repairs {
		m[p.Reason]++
	}
	return m
}

func (r *Report) reject(p Problem) { r.Rejected = append(r.Rejected, p) }

// sort puts the rejections and repairs in file order, since some checks run
// after others.
func (r *Report) sort() {
	byPos := func(a, b Problem) int { return a.pos - b.pos }
	slices.SortStableFunc(r.Rejected, byPos)
	slices.SortStableFunc(r.Repairs, byPos)
}

// WriteSummary writes the report: one line per rejected record, with
// listRepairs one line per repair, and a summary of the counts with the
// rejections and repairs by reason. Repairs are not listed by default,
// because every feature of a shapefile gets one: the shapefile orients rings
// the other way round from RFC 7946.
func (r *Report) WriteSummary(w io.Writer, listRepairs bool) error {
	var b strings.Builder
	for _, p := range r.Rejected {
		fmt.Fprintf(&b, "rejected: %s\n", p)
	}
	for _, p := range r.Repairs {
		if listRepairs {
			fmt.Fprintf(&b, "repaired: %s\n", p)
		}
	}
	verb := "imported"
	if r.DryRun {
		verb = "would import"
	}
	if r.Aborted {
		verb = "imported none of"
	}
	fmt.Fprintf(&b, "%s: read %d, %s %d (created %d, updated %d, unchanged %d), repaired %d, rejected %d\n",
		r.Kind, r.Read, verb, r.Imported(), r.Created, r.Updated, r.Unchanged, r.Repaired, len(r.Rejected))
	if r.Aborted {
		fmt.Fprintf(&b, "%s: -atomic: nothing was written because %d records were rejected\n", r.Kind, len(r.Rejected))
	}
	writeCounts(&b, r.Kind, "rejected by reason", r.RejectedByReason())
	writeCounts(&b, r.Kind, "repaired by reason", r.RepairedByReason())
	_, err := io.WriteString(w, b.String())
	return err
}

func writeCounts(b *strings.Builder, kind, title string, counts map[string]int) {
	if len(counts) == 0 {
		return
	}
	parts := make([]string, 0, len(counts))
	for _, reason := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s %d", reason, counts[reason]))
	}
	fmt.Fprintf(b, "%s: %s: %s\n", kind, title, strings.Join(parts, ", "))
}
