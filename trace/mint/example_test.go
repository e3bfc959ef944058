package mint_test

import (
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/trace/mint"
)

// exampleSecret is a fixed secret for the examples. A county draws its secret from
// crypto/rand and keeps it out of source code.
var exampleSecret = []byte("0123456789abcdef")

func ExampleMinter() {
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: exampleSecret})
	if err != nil {
		panic(err)
	}
	m, err := mint.NewMinter(keys, 1)
	if err != nil {
		panic(err)
	}
	batch, err := m.NewBatch(3)
	if err != nil {
		panic(err)
	}
	codes, err := m.AppendBatch(nil, batch, 0, batch.Count)
	if err != nil {
		panic(err)
	}
	fmt.Println(batch)
	for _, c := range codes {
		fmt.Println(c.Grouped())
	}
	// Output:
	// v1 b0 s0+3
	// 1SE6-1XHP-SF46-E73Q
	// 1P5T-0PAT-8PF8-MPW0
	// 1F13-F838-YD7Y-XWQ5
}

func ExampleKeyring_Verify() {
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: exampleSecret})
	if err != nil {
		panic(err)
	}
	inputs := []string{
		"ise6-lxhp-sf46-e73q", // typed in lower case, with I and L for 1
		"1SE6-1XHP-SF64-E73Q", // two neighbours swapped
		"1SE6-1YHP-SF46-E73H", // a symbol changed and the check symbol fitted to it
		"2SE6-1XHP-SF46-E73E", // key version 2, which this keyring lacks
	}
	for _, input := range inputs {
		id, err := keys.Verify(input)
		switch {
		case err == nil:
			fmt.Printf("%s: batch %d serial %d\n", input, id.Batch, id.Serial)
		case errors.Is(err, mint.ErrCheck):
			fmt.Printf("%s: mistyped\n", input)
		case errors.Is(err, mint.ErrTag):
			fmt.Printf("%s: not issued by this county\n", input)
		case errors.Is(err, mint.ErrKeyVersion):
			code, _ := mint.Parse(input)
			fmt.Printf("%s: unknown key version %d\n", input, code.Version())
		default:
			fmt.Printf("%s: %v\n", input, err)
		}
	}
	// Output:
	// ise6-lxhp-sf46-e73q: batch 0 serial 0
	// 1SE6-1XHP-SF64-E73Q: mistyped
	// 1SE6-1YHP-SF46-E73H: not issued by this county
	// 2SE6-1XHP-SF46-E73E: unknown key version 2
}

func ExampleKeyring_AppendVerify() {
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: exampleSecret})
	if err != nil {
		panic(err)
	}
	scanned := []string{
		"1SE6-1XHP-SF46-E73Q",
		"1P5T0PAT8PF8MPW0",
		"1SE6-1XHP-SF64-E73Q", // two neighbours swapped
		"1SE6-1YHP-SF46-E73H", // a symbol changed and the check symbol fitted to it
	}
	// A results slice with room for every code, reused for the next run, keeps
	// AppendVerify free of allocations.
	results := keys.AppendVerify(make([]mint.Result, 0, len(scanned)), scanned)
	for i, res := range results {
		if res.Err != nil {
			fmt.Printf("%s: %v\n", scanned[i], res.Err)
			continue
		}
		fmt.Printf("%s: batch %d serial %d\n", scanned[i], res.ID.Batch, res.ID.Serial)
	}
	// Output:
	// 1SE6-1XHP-SF46-E73Q: batch 0 serial 0
	// 1P5T0PAT8PF8MPW0: batch 0 serial 1
	// 1SE6-1XHP-SF64-E73Q: mint: check symbol mismatch
	// 1SE6-1YHP-SF46-E73H: mint: tag mismatch
}
