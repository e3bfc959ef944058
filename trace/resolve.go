package trace

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/trace/mint"
)

// ErrMalformed is wrapped by a [Resolver] when the text is not a code of its scheme,
// such as text of the wrong length or with a wrong check character.
var ErrMalformed = errors.New("trace: malformed code")

// Resolver finds what a scanned text points at. It returns the reference with its EPC set
// and a nil error for a code it can read. For a code that is well formed but not one
// the county issued, such as a forged minted code, it returns the reference with its
// EPC set and an error. For text it cannot read it returns an error wrapping
// [ErrMalformed]. A Resolver does no I/O, so it cannot tell whether an issuance holds
// the code: [CodeStore.IssuanceFor] does.
type Resolver interface {
	Resolve(text string) (CodeRef, error)
}

// Resolvers tries each resolver in turn and returns the first result whose error does
// not wrap [ErrMalformed]; when all fail so, it returns the last error.
type Resolvers []Resolver

// Resolve implements [Resolver].
func (rs Resolvers) Resolve(text string) (CodeRef, error) {
	err := fmt.Errorf("%w: no resolver", ErrMalformed)
	for _, r := range rs {
		var ref CodeRef
		ref, err = r.Resolve(text)
		if !errors.Is(err, ErrMalformed) {
			return ref, err
		}
	}
	return CodeRef{}, err
}

// MintResolver resolves county-minted codes (package trace/mint), given bare in compact
// or grouped form or as item URIs of the namespace. Their space is "v{version}.b{batch}",
// such as v3.b1024, and their serial the serial within the batch, which is how
// [MintSpace] and [Issuance] name them.
type MintResolver struct {
	Keys      *mint.Keyring
	Namespace Namespace
}

// MintSpace returns the code space of a minted batch.
func MintSpace(version uint8, batch uint32) string {
	return "v" + strconv.Itoa(int(version)) + ".b" + strconv.FormatUint(uint64(batch), 10)
}

// Resolve implements [Resolver].
func (r MintResolver) Resolve(text string) (CodeRef, error) {
	s := strings.TrimSpace(text)
	if code, ok := r.Namespace.ParseItem(s); ok {
		s = code
	}
	code, err := mint.Parse(s)
	if err != nil {
		return CodeRef{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	ref := CodeRef{Scheme: SchemeMinted, EPC: r.Namespace.Item(code.String())}
	if r.Keys == nil {
		return ref, fmt.Errorf("trace: resolve %s: no keyring", code)
	}
	id, err := r.Keys.Open(code)
	if err != nil {
		return ref, fmt.Errorf("trace: resolve %s: %w", code, err)
	}
	ref.Space, ref.Serial = MintSpace(id.Version, id.Batch), uint64(id.Serial)
	return ref, nil
}
