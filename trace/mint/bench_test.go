package mint

import (
	"crypto/aes"
	"testing"
)

// BenchmarkAppendCode measures issuing one code into a caller's buffer.
func BenchmarkAppendCode(b *testing.B) {
	m, _ := testMinter(b)
	buf := make([]byte, 0, Len)
	b.ReportAllocs()
	var serial uint32
	for b.Loop() {
		buf, _ = m.AppendCode(buf[:0], 12, serial&MaxSerial)
		serial++
	}
}

// BenchmarkAppendBatch measures issuing a batch in runs of 4,096 codes; each op is one
// code.
func BenchmarkAppendBatch(b *testing.B) {
	m, _ := testMinter(b)
	batch, _ := m.NewBatch(MaxSerial + 1)
	codes := make([]Code, 0, 4096)
	b.ReportAllocs()
	b.ResetTimer()
	var from uint32
	for done := 0; done < b.N; done += cap(codes) {
		n := min(cap(codes), b.N-done)
		if uint64(from)+uint64(n) > uint64(batch.Count) {
			from = 0
		}
		codes, _ = m.AppendBatch(codes[:0], batch, from, uint32(n))
		from += uint32(n)
	}
}

// BenchmarkVerify measures parsing and decrypting one code in grouped form.
func BenchmarkVerify(b *testing.B) {
	m, r := testMinter(b)
	inputs := make([][]byte, 1024)
	for i := range inputs {
		c, _ := m.Code(12, uint32(i))
		inputs[i] = []byte(c.Grouped())
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := r.VerifyBytes(inputs[i&1023]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkParse measures the symbol and check-symbol pass alone.
func BenchmarkParse(b *testing.B) {
	m, _ := testMinter(b)
	c, _ := m.Code(12, 34)
	input := []byte(c.Grouped())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseBytes(input); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAESFloor measures 8 chained AES-128 block encryptions through crypto/aes,
// the floor under one code's 8 Feistel rounds: the baseline for the figures above.
func BenchmarkAESFloor(b *testing.B) {
	block, err := aes.NewCipher(testSecret(1))
	if err != nil {
		b.Fatal(err)
	}
	buf := new([aes.BlockSize]byte)
	b.ReportAllocs()
	for b.Loop() {
		for range rounds {
			block.Encrypt(buf[:], buf[:])
		}
	}
}

// BenchmarkAppendVerify measures verifying grouped codes in runs of 1,024 through
// Keyring.AppendVerifyBytes; each op is one code.
func BenchmarkAppendVerify(b *testing.B) {
	m, r := testMinter(b)
	inputs := make([][]byte, 1024)
	for i := range inputs {
		c, _ := m.Code(12, uint32(i))
		inputs[i] = []byte(c.Grouped())
	}
	results := make([]Result, 0, len(inputs))
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; done += len(inputs) {
		n := min(len(inputs), b.N-done)
		results = r.AppendVerifyBytes(results[:0], inputs[:n])
	}
	b.StopTimer()
	for _, res := range results {
		if res.Err != nil {
			b.Fatal(res.Err)
		}
	}
}

// BenchmarkVerifyCheckMismatch measures rejecting a grouped code whose check symbol
// does not match, the fate of 36 in 37 random strings of the right form.
func BenchmarkVerifyCheckMismatch(b *testing.B) {
	m, r := testMinter(b)
	c, _ := m.Code(12, 34)
	input := []byte(c.Grouped())
	input[GroupedLen-1] = alphabet[(symbolIndex(input[GroupedLen-1])+1)%checkModulus]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.VerifyBytes(input); err == nil {
			b.Fatal("a wrong check symbol verified")
		}
	}
}
