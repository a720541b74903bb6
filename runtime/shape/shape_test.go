package shape

import (
	"errors"
	"testing"
	"time"
)

// seedStep is /work/shared/locustfiles/seed_step_shape.py's StepLoadShape.
var seedStep = Steps{
	{30 * time.Second, Stage{Users: 50, SpawnRate: 10}},
	{60 * time.Second, Stage{Users: 100, SpawnRate: 10}},
	{90 * time.Second, Stage{Users: 150, SpawnRate: 10}},
	{210 * time.Second, Stage{Users: 150, SpawnRate: 10}},
	{240 * time.Second, Stage{Users: 75, SpawnRate: 10}},
	{300 * time.Second, Stage{Users: 0, SpawnRate: 10}},
}

func TestSteps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		at    time.Duration
		users int
		ok    bool
	}{
		{0, 50, true}, {29*time.Second + 999*time.Millisecond, 50, true}, {30 * time.Second, 100, true},
		{89 * time.Second, 150, true}, {209 * time.Second, 150, true}, {210 * time.Second, 75, true},
		{299 * time.Second, 0, true}, {300 * time.Second, 0, false}, {time.Hour, 0, false},
	}
	for _, tt := range tests {
		s, ok, err := seedStep.Tick(tt.at)
		if err != nil || ok != tt.ok || (ok && (s.Users != tt.users || s.SpawnRate != 10)) {
			t.Errorf("Tick(%v) = %+v, %v, %v; want %d users, ok %v", tt.at, s, ok, err, tt.users, tt.ok)
		}
	}
}

func TestStageEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b Stage
		want bool
	}{
		{Stage{Users: 1, SpawnRate: 2}, Stage{Users: 1, SpawnRate: 2}, true},
		{Stage{Users: 1, SpawnRate: 2}, Stage{Users: 2, SpawnRate: 2}, false},
		{Stage{Users: 1, SpawnRate: 2}, Stage{Users: 1, SpawnRate: 3}, false},
		{Stage{Users: 1, Classes: []string{"A"}}, Stage{Users: 1, Classes: []string{"A"}}, true},
		{Stage{Users: 1, Classes: []string{"A"}}, Stage{Users: 1, Classes: []string{"B"}}, false},
		// Locust compares tuples: (1, r) differs from (1, r, [])
		{Stage{Users: 1}, Stage{Users: 1, Classes: []string{}}, false},
	}
	for _, tt := range tests {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("%+v.Equal(%+v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestFunc(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	f := Func(func(rt time.Duration) (Stage, bool, error) {
		if rt > time.Minute {
			return Stage{}, false, boom
		}
		return Stage{Users: int(rt / time.Second)}, true, nil
	})
	if s, ok, err := f.Tick(5 * time.Second); s.Users != 5 || !ok || err != nil {
		t.Fatalf("Tick(5s) = %+v %v %v", s, ok, err)
	}
	if _, _, err := f.Tick(time.Hour); !errors.Is(err, boom) {
		t.Fatalf("Tick(1h) err = %v", err)
	}
}
