// Package mint issues and verifies county-minted trace codes: short codes for
// producers that have no GS1 company prefix. A code is unguessable and unique by
// construction, and any holder of the county's keys can verify it offline, without a
// database.
//
// # Layout
//
// A code has 16 symbols of Crockford base32 (digits 0-9 and the letters A-Z without
// I, L, O and U), printed for people in four groups of four joined by hyphens:
//
//	1SE6-1XHP-SF46-E73Q
//	│└────────┬───────┘│
//	│   14 symbols:    └ check symbol over the 15 symbols before it
//	│   the 70-bit cipher block
//	└ key version, 0 to 31
//
// The 70-bit block is the encryption, under the key of that version, of
//
//	key version (5 bits) | batch (20 bits) | serial (22 bits) | 23 zero bits
//
// with the key version in the high bits. The cipher is an 8-round balanced Feistel
// network on two 35-bit halves, the round count of NIST SP 800-38G FF3-1. Its round
// function is AES-128 under the version's secret. The input block is a domain byte, the
// key version, the round number and the 35-bit half, and the output is the first 35 bits
// of the result. The network is a permutation of the 2^70 blocks for each key. Distinct
// (key version, batch, serial) triples therefore give distinct codes, within one batch
// and across batches, and the same triple always gives the same code, so a reprint
// reproduces it.
//
// The check symbol is Crockford's: the 15 symbols before it, read as one base-32
// number, modulo 37, written with the alphabet extended by *, ~, $, = and U for 32 to
// 36. Because 37 is prime and greater than 32, it catches every single-symbol
// substitution and every transposition of two adjacent symbols.
//
// # Input
//
// [Parse] accepts either case and ignores hyphens anywhere. It reads O as 0 and I and L
// as 1, as Crockford base32 specifies, and it accepts U and the symbols *, ~, $, = only
// in the check position. It returns a [*CodeError] that wraps [ErrSymbol], [ErrLength]
// or [ErrCheck]. [Keyring.Verify] then decrypts with the key that the first symbol
// names. It fails with [ErrKeyVersion] when the keyring has no such key and with
// [ErrTag] when the 28 redundant bits (the inner key version and the 23 zero bits) do
// not match, which means the code is forged or has errors that the check symbol missed.
//
// [Keyring.AppendVerify] verifies many codes in one call, such as a file of scans. The
// 8 rounds of one code run in sequence, each waiting for the AES result of the one
// before, so it runs each round for 8 codes at a time and their AES calls overlap.
// It reports each failure as the bare sentinel, without a [*CodeError], so that a
// rejected code costs no allocation.
//
// # Guessing
//
// The keys are secret, so a guesser who writes a well-formed code with a correct check
// symbol and a live key version still hits a valid code with probability 2^-28
// (2^42 valid blocks among 2^70), about 3.7 × 10^-9 or one in 268 million. For a string
// of 16 random base32 symbols the chance is lower still: 1/37 for the check symbol times
// the share of the 32 versions that are live times 2^-28. A verifier that also checks
// the batch and serial against what the county issued narrows it further. The figure
// assumes that the Feistel network behaves as a random permutation, which holds while the
// round function is a secure PRF and an attacker sees far fewer than 2^35 codes of one key.
//
// # Keys
//
// A [Keyring] holds up to 32 keys, one per version, each a 16-byte secret from a
// cryptographic random source. To rotate, issue under a new version and keep the old
// key in the keyring for as long as its codes circulate. Version numbers may be reused
// once no code of the old key should verify any more. The package does no I/O: the
// caller loads secrets and stores the next batch number.
//
// # Issuing
//
// A [Minter] issues under one key version. [Minter.NewBatch] hands out the next batch
// number with a serial range, and [Minter.AppendCode], [Minter.Code] and
// [Minter.AppendBatch] encrypt; AppendBatch overlaps the rounds of 8 codes as
// AppendVerify does. Issuing and verifying allocate nothing.
//
// The full format is in FORMAT.md beside this file.
package mint
