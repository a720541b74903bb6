package http

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// Pool is what every session of one loaded program shares: the exception
// classes, TLS settings and the buffers FastHttpUser connections borrow
// for the length of an exchange. It holds no connection and starts no
// goroutine; sessions own their connections.
type Pool struct {
	exc      *Exceptions
	verified *tls.Config
	insecure *tls.Config
	readers  sync.Pool
	writers  sync.Pool
	args     sync.Pool     // *reqArgs of calls in progress
	events   sync.Pool     // *Event being delivered
	ids      atomic.Uint32 // session identities (Python's id-based hash)
	// envProxy is set when the environment names an HTTP(S) proxy, which
	// requests would use: HttpUser sessions then go through net/http.
	envProxy bool
}

// PoolOptions configure a Pool.
type PoolOptions struct {
	// Exceptions are the program's HTTP exception classes (NewExceptions
	// when nil). Scripts' except clauses match these classes.
	Exceptions *Exceptions
	// TLS, when set, is the base TLS configuration for verified
	// connections (for example with private root CAs).
	TLS *tls.Config
}

// Buffer sizes of FastHttpUser exchanges. A response head larger than the
// read buffer is read again through a reader of up to maxHeadSize.
const (
	readBufferSize  = 8 << 10
	writeBufferSize = 4 << 10
	maxHeadSize     = 256 << 10
)

// NewPool makes a Pool.
func NewPool(opts PoolOptions) *Pool {
	p := &Pool{exc: opts.Exceptions}
	if p.exc == nil {
		p.exc = NewExceptions()
	}
	if opts.TLS != nil {
		p.verified = opts.TLS.Clone()
	} else {
		p.verified = &tls.Config{}
	}
	p.insecure = p.verified.Clone()
	p.insecure.InsecureSkipVerify = true
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"} {
		if os.Getenv(k) != "" {
			p.envProxy = true
		}
	}
	return p
}

// requestsTransport is an HttpUser's transport: the lean connection in
// precise mode (requests' error details), or net/http, which reads the
// proxy variables as requests does, when one is set.
func (p *Pool) requestsTransport(owned context.Context) transport {
	if p.envProxy {
		return newNetTransport(p)
	}
	return &fastTransport{pool: p, precise: true, owned: owned}
}

// Exceptions returns the pool's exception classes.
func (p *Pool) Exceptions() *Exceptions { return p.exc }

func (p *Pool) tlsConfig(insecure bool) *tls.Config {
	if insecure {
		return p.insecure
	}
	return p.verified
}

func (p *Pool) reader(r io.Reader) *bufio.Reader {
	if br, ok := p.readers.Get().(*bufio.Reader); ok {
		br.Reset(r)
		return br
	}
	return bufio.NewReaderSize(r, readBufferSize)
}

func (p *Pool) putReader(br *bufio.Reader) {
	br.Reset(nil)
	p.readers.Put(br)
}

func (p *Pool) writer(w io.Writer) *bufio.Writer {
	if bw, ok := p.writers.Get().(*bufio.Writer); ok {
		bw.Reset(w)
		return bw
	}
	return bufio.NewWriterSize(w, writeBufferSize)
}

func (p *Pool) putWriter(bw *bufio.Writer) {
	bw.Reset(nil)
	p.writers.Put(bw)
}
