package http

import (
	"context"
	"errors"
	"io"
	"net"
	"time"
)

// This file holds what fastTransport does in precise mode, for HttpUser:
// the details requests (through urllib3 and http.client) shows a script
// that fasthttp's parser does not keep.

// maxPrealloc bounds the buffer made up front for a Content-Length body;
// a larger body grows it as bytes arrive (as net/http's reads do).
const maxPrealloc = 64 << 20

// source is what the exchange's pooled reader reads from: the connection,
// or, with a read timeout in precise mode, the connection behind a
// deadline renewed before every read (requests' timeout bounds each socket
// read, not the whole response).
func (t *fastTransport) source(ctx context.Context, fc *fastConn, out *outgoing) io.Reader {
	if t.precise && out.readTimeout > 0 {
		return &deadlineReader{ctx: ctx, c: fc.c, d: out.readTimeout}
	}
	return fc.c
}

// deadlineReader renews the connection's read deadline before each read.
// It checks ctx after each renewal: an interrupt's past deadline may have
// been overwritten (see fastTransport.interrupt).
type deadlineReader struct {
	ctx context.Context
	c   net.Conn
	d   time.Duration
}

func (r *deadlineReader) Read(p []byte) (int, error) {
	if err := r.c.SetReadDeadline(time.Now().Add(r.d)); err != nil {
		return 0, err
	}
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.c.Read(p)
}

// readFixed reads a body of n bytes. A short body is an errIncomplete
// transportError carrying the bytes read and missing, for requests'
// IncompleteRead(3 bytes read, 97 more expected); other failures are
// classified as body-phase errors.
func readFixed(r io.Reader, n int64) ([]byte, error) {
	size := min(n, maxPrealloc)
	buf := make([]byte, 0, size)
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		end := cap(buf)
		if rem := n - int64(len(buf)); int64(end-len(buf)) > rem {
			end = len(buf) + int(rem)
		}
		m, err := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+m]
		if err == nil || int64(len(buf)) == n {
			continue
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		te := classify(err, phaseBody)
		if te.kind == errIncomplete {
			te.read, te.expected = int64(len(buf)), n-int64(len(buf))
		}
		return nil, te
	}
	return buf, nil
}
