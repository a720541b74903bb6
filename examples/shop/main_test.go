package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

var listening = regexp.MustCompile(`^shop listening on (http://127\.0\.0\.1:\d+)\n$`)

// buildShop builds this command into a temporary directory and returns the binary's path.
func buildShop(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "shop")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestBinary runs the built command as a child process: it must print the URL line, serve, and
// exit 0 on SIGTERM or SIGINT; bad flags and options exit 2 without printing the line.
func TestBinary(t *testing.T) {
	bin := buildShop(t)

	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "-latency", "1ms", "-jitter", "1ms", "-error-rate", "0", "-seed", "3")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			out := bufio.NewReader(stdout)
			line, err := out.ReadString('\n')
			m := listening.FindStringSubmatch(line)
			if err != nil || m == nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("first line %q (%v), stderr %q", line, err, stderr.String())
			}

			client := &http.Client{Timeout: 10 * time.Second}
			resp, err := client.Get(m[1] + "/status")
			if err != nil {
				t.Fatalf("GET /status: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("GET /status = %d", resp.StatusCode)
			}
			client.CloseIdleConnections()

			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			rest, _ := io.ReadAll(out)
			if err := cmd.Wait(); err != nil {
				t.Errorf("after %v: %v, stderr %q", sig, err, stderr.String())
			}
			if len(rest) != 0 {
				t.Errorf("printed more than one line: %q", rest)
			}
		})
	}

	tests := []struct {
		name string
		args []string
		code int
	}{
		{"unknown flag", []string{"-nope"}, 2},
		{"bad error rate", []string{"-error-rate", "2"}, 2},
		{"negative latency", []string{"-latency", "-1s"}, 2},
		{"stray argument", []string{"extra"}, 2},
		{"address in use or invalid", []string{"-addr", "127.0.0.1:99999"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var stdout, stderr strings.Builder
			cmd := exec.CommandContext(ctx, bin, tt.args...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tt.code {
				t.Errorf("shop %v: %v, want exit code %d", tt.args, err, tt.code)
			}
			if stdout.Len() != 0 || stderr.Len() == 0 {
				t.Errorf("shop %v: stdout %q, stderr %q; want only an error message", tt.args, stdout.String(), stderr.String())
			}
		})
	}
}

// TestRunInProcess drives run directly: -h exits 0, and a cancelled context (a signal) stops a
// running server with exit 0.
func TestRunInProcess(t *testing.T) {
	var stdout, stderr strings.Builder
	if code := run(context.Background(), []string{"-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "-error-rate") {
		t.Errorf("-h: exit %d, usage %q", code, stderr.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-no-base-latency"}, pw, os.Stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !listening.MatchString(line) {
		t.Errorf("first line %q (%v)", line, err)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d after the context was cancelled, want 0", code)
	}
}
