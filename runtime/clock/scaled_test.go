package clock

import (
	"context"
	"testing"
	"time"
)

func TestScaledRunsFaster(t *testing.T) {
	s := NewScaled(1000)
	t0 := s.Now()
	wall := time.Now()
	if err := s.Sleep(context.Background(), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	// Two scaled seconds pass during 2 ms of wall time; Now reflects at
	// least the scaled time slept.
	if got := s.Now().Sub(t0); got < 2*time.Second {
		t.Fatalf("scaled time advanced %v, want >= 2s", got)
	}
	if time.Since(wall) >= 2*time.Second {
		t.Fatal("Sleep waited the unscaled duration")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Sleep(ctx, time.Hour); err == nil {
		t.Fatal("Sleep ignored a cancelled context")
	}
	tk := s.NewTicker(time.Second)
	defer tk.Stop()
	first := <-tk.C()
	second := <-tk.C()
	if !second.After(first) {
		t.Fatalf("ticks not increasing: %v then %v", first, second)
	}
}
