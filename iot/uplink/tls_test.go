package uplink

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// startTLSBroker starts a Mosquitto of the test's own on a free loopback port
// with TLS and a password file holding one gateway user, and returns its
// address and the CA pool that signed its certificate. The machine's broker
// is not touched. It skips when the mosquitto or mosquitto_passwd binaries
// are missing, and fails under CI=true.
func startTLSBroker(t *testing.T, user, password string) (addr string, roots *x509.CertPool) {
	t.Helper()
	bin, err := exec.LookPath("mosquitto")
	if err != nil {
		bin = "/usr/sbin/mosquitto"
	}
	passwd, perr := exec.LookPath("mosquitto_passwd")
	if _, err := os.Stat(bin); err != nil || perr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mosquitto binaries missing under CI: %v %v", err, perr)
		}
		t.Skip("mosquitto binaries missing")
	}
	dir := t.TempDir()
	roots = writeCerts(t, dir)
	pwfile := filepath.Join(dir, "passwd")
	if out, err := exec.Command(passwd, "-c", "-b", pwfile, user, password).CombinedOutput(); err != nil {
		t.Fatalf("mosquitto_passwd: %v: %s", err, out)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close()
	_, port, _ := net.SplitHostPort(addr)
	// As root, Mosquitto would switch to its own user, which cannot read
	// the test's private temporary directory.
	conf := ""
	if os.Geteuid() == 0 {
		conf = "user root\n"
	}
	conf += fmt.Sprintf(`per_listener_settings true
listener %s 127.0.0.1
cafile %s
certfile %s
keyfile %s
allow_anonymous false
password_file %s
`, port, filepath.Join(dir, "ca.pem"), filepath.Join(dir, "server.pem"),
		filepath.Join(dir, "server.key"), pwfile)
	confPath := filepath.Join(dir, "mosquitto.conf")
	os.WriteFile(confPath, []byte(conf), 0o644)

	cmd := exec.Command(bin, "-c", confPath)
	var log bytes.Buffer
	cmd.Stderr = &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start mosquitto: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("mosquitto log:\n%s", log.String())
		}
	})
	waitFor(t, 10*time.Second, "own mosquitto to listen", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return addr, roots
}

// writeCerts writes a CA and a server certificate for 127.0.0.1 signed by it.
func writeCerts(t *testing.T, dir string) *x509.CertPool {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	srvKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	srvTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage:    x509.KeyUsageDigitalSignature,
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, ca, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(srvKey)
	writePEM(t, filepath.Join(dir, "ca.pem"), "CERTIFICATE", caDER)
	writePEM(t, filepath.Join(dir, "server.pem"), "CERTIFICATE", srvDER)
	writePEM(t, filepath.Join(dir, "server.key"), "EC PRIVATE KEY", keyDER)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return pool
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	b := pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTLSWithGatewayCredentials(t *testing.T) {
	addr, roots := startTLSBroker(t, "gw-01", "s3cret")
	tests := []struct {
		name      string
		password  string
		connected bool
	}{
		{"right password", "s3cret", true},
		{"wrong password", "guess", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			box := openBox(t, t.TempDir())
			enqueueReadings(t, box, 50)
			cfg := testConfig("ssl://" + addr)
			cfg.Username, cfg.Password = "gw-01", tt.password
			cfg.TLS = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
			u, err := New(box, cfg)
			if err != nil {
				t.Fatal(err)
			}
			runUplink(t, u)
			if tt.connected {
				waitFor(t, 20*time.Second, "drain over TLS", func() bool {
					return box.Stats().Depth == 0
				})
				return
			}
			time.Sleep(500 * time.Millisecond)
			if st := u.Stats(); st.Connects != 0 || st.Acked != 0 {
				t.Errorf("Connects, Acked = %d, %d with a wrong password; want 0, 0",
					st.Connects, st.Acked)
			}
		})
	}
}
