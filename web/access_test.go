package web

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	opts := fakeOptions()
	opts.Auth = "admin:s3cr:et"
	ts := startServer(t, b, opts)
	auth := func(userPass string) http.Header {
		return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(userPass))}}
	}
	paths := []string{"/", "/ui-config", "/stats/requests", "/stats/requests/csv", "/stats/report", "/tasks",
		"/logs", "/exceptions", "/assets/missing.js", "/ws", "/stop", "/stats/reset"}
	for _, p := range paths {
		for _, tc := range []struct {
			name string
			hdr  http.Header
			ok   bool
		}{
			{"no credentials", nil, false},
			{"wrong password", auth("admin:s3cr"), false},
			{"wrong user", auth("root:s3cr:et"), false},
			{"right", auth("admin:s3cr:et"), true},
		} {
			req, _ := http.NewRequest(http.MethodGet, ts.url+p, nil)
			for k, v := range tc.hdr {
				req.Header[k] = v
			}
			resp, err := ts.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if tc.ok == (resp.StatusCode == http.StatusUnauthorized) {
				t.Errorf("GET %s with %s: status %d", p, tc.name, resp.StatusCode)
			}
			if !tc.ok && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic ") {
				t.Errorf("GET %s with %s: no Basic challenge", p, tc.name)
			}
		}
	}
	req, _ := http.NewRequest(http.MethodPost, ts.url+"/swarm", strings.NewReader("user_count=1&spawn_rate=1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST /swarm without credentials: %d", resp.StatusCode)
	}
	if starts, _, _ := b.calls(); len(starts) != 0 {
		t.Error("an unauthenticated swarm reached the backend")
	}

	// The websocket: refused without credentials, served with them.
	u := "ws" + strings.TrimPrefix(ts.url, "http") + "/ws"
	d := &websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	if c, resp, err := d.Dial(u, nil); err == nil {
		c.Close()
		t.Error("websocket opened without credentials")
	} else if resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("websocket without credentials: %v", err)
	}
	conn := dialWS(t, ts, d, auth("admin:s3cr:et"))
	if m := readWS(t, conn); m.Type != "hello" {
		t.Errorf("first message %q", m.Type)
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1 and its key as
// PEM files, and returns their paths and a pool that trusts the
// certificate.
func writeCert(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "gust test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pool := writeCert(t)
	opts := fakeOptions()
	opts.TLSCert, opts.TLSKey = certFile, keyFile
	ts := startServer(t, newFakeBackend(), opts)
	if !strings.HasPrefix(ts.url, "https://127.0.0.1:") {
		t.Fatalf("URL %s is not https", ts.url)
	}
	tlsConf := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	ts.client.Transport = &http.Transport{TLSClientConfig: tlsConf}
	var cfg map[string]any
	ts.getJSON(t, "/ui-config", &cfg)
	if cfg["locustfile"] != "locustfile.py" {
		t.Errorf("ui-config over TLS: %v", cfg)
	}
	conn := dialWS(t, ts, &websocket.Dialer{TLSClientConfig: tlsConf, HandshakeTimeout: 10 * time.Second}, nil)
	if m := readWS(t, conn); m.Type != "hello" {
		t.Errorf("first wss message %q", m.Type)
	}
	// Plain HTTP against the TLS port fails rather than serving the API.
	resp, err := http.Get("http" + strings.TrimPrefix(ts.url, "https") + "/ui-config")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP was served on the TLS port")
		}
	}

	s, err := New(newFakeBackend(), Options{TLSCert: keyFile, TLSKey: certFile, Host: "127.0.0.1", Port: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(t.Context())
	if _, err := s.Start(); err == nil || !strings.Contains(err.Error(), "load TLS certificate") {
		t.Errorf("Start with swapped files: %v", err)
	}
}

func TestBasePath(t *testing.T) {
	t.Parallel()
	opts := fakeOptions()
	opts.BasePath = "/locust/"
	ts := startServer(t, newFakeBackend(), opts)
	if !strings.HasSuffix(ts.url, "/locust") {
		t.Fatalf("URL %s lacks the base path", ts.url)
	}
	root := strings.TrimSuffix(ts.url, "/locust")
	var cfg map[string]any
	ts.getJSON(t, "/ui-config", &cfg)
	ts.getJSON(t, "/stats/requests", nil)
	if resp, err := ts.client.Get(root + "/ui-config"); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("/ui-config outside the base path: %d", resp.StatusCode)
		}
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(ts.url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/locust/" {
		t.Errorf("GET /locust: %d to %q, want 301 to /locust/", resp.StatusCode, resp.Header.Get("Location"))
	}
	noRedirect.CloseIdleConnections()
	status, hdr, body := ts.do(t, http.MethodGet, "/", nil)
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<html") {
		t.Errorf("GET /locust/: %d %q", status, hdr.Get("Content-Type"))
	}
	conn := dialWS(t, ts, nil, nil)
	if m := readWS(t, conn); m.Type != "hello" {
		t.Errorf("first message under the base path %q", m.Type)
	}
}
