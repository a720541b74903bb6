package runner

import (
	"container/heap"
	"math"
	"slices"
	"time"
)

// dispatchClass is what the dispatcher knows of a user class.
type dispatchClass struct {
	name       string
	weight     float64
	fixedCount int
}

// dispatcher reproduces Locust 2.46's UsersDispatcher for a single local
// worker: it decides, iteration by iteration, how many users of each class
// should run. It lives for one test run (Locust drops it at stop), so the
// class interleaving continues smoothly across re-targets.
//
// Classes are indexed in name order. Everything is O(users changed) per
// iteration plus O(log classes) per user: no pass over all running users.
type dispatcher struct {
	classes []dispatchClass // all classes, sorted by name
	current []int           // the classes in use, sorted by name

	counts []int // dispatched users per class
	total  int
	target int

	perIteration int
	wait         time.Duration // between iterations: perIteration / rate

	// active is Locust's _active_users: the class of every dispatched
	// user in order, so ramp-down removes the most recent first.
	active []int

	gen           *userGen
	tryFixed      bool
	noUserToSpawn bool
}

func newDispatcher(classes []dispatchClass) *dispatcher {
	d := &dispatcher{classes: classes, counts: make([]int, len(classes)), tryFixed: true}
	for i := range classes {
		d.current = append(d.current, i)
	}
	d.gen = d.newGen()
	return d
}

// newDispatch starts a dispatch cycle towards target at rate. classes, when
// not nil, restricts the weighted classes to those indexes; a different set
// than before restarts the class generator, as in Locust.
func (d *dispatcher) newDispatch(target int, rate float64, classes []int) {
	if classes != nil {
		sorted := slices.Clone(classes)
		slices.Sort(sorted)
		sorted = slices.Compact(sorted)
		if !slices.Equal(sorted, d.current) {
			d.current = sorted
			d.gen = d.newGen()
		}
	}
	d.target = target
	d.perIteration = max(1, int(math.Floor(rate)))
	d.wait = time.Duration(float64(d.perIteration) / rate * float64(time.Second))
}

// done reports whether the cycle has reached its target.
func (d *dispatcher) done() bool { return d.total == d.target }

// step runs one dispatch iteration: it adds up to perIteration users (or
// removes as many) towards the target. last is true when no further
// iteration follows: the target is reached, or there was nobody left to
// spawn (then Locust still waits once before ending the cycle).
func (d *dispatcher) step() (last bool) {
	switch {
	case d.total < d.target:
		d.add()
		if d.noUserToSpawn {
			d.noUserToSpawn = false
			return true
		}
	case d.total > d.target:
		d.remove()
	}
	return d.done()
}

func (d *dispatcher) add() {
	goal := min(d.total+d.perIteration, d.target)
	for {
		c, ok := d.gen.next()
		if !ok {
			d.noUserToSpawn = true
			return
		}
		d.counts[c]++
		d.total++
		d.active = append(d.active, c)
		if d.total >= goal {
			return
		}
	}
}

func (d *dispatcher) remove() {
	goal := max(d.total-d.perIteration, d.target)
	for len(d.active) > 0 {
		c := d.active[len(d.active)-1]
		d.active = d.active[:len(d.active)-1]
		d.counts[c]--
		d.total--
		d.tryFixed = true
		if d.total == 0 || d.total <= goal {
			return
		}
	}
}

// userGen is Locust's _user_gen generator: fixed_count users still missing
// come first (interleaved by the same KL heap, weighted by how many are
// missing), then weighted users forever.
type userGen struct {
	d         *dispatcher
	weighted  *klHeap
	fixed     *klHeap
	fixedLeft int
}

func (d *dispatcher) newGen() *userGen {
	var entries []klEntry
	for _, c := range d.current {
		if cl := d.classes[c]; cl.fixedCount == 0 {
			entries = append(entries, klEntry{class: c, name: cl.name, weight: cl.weight})
		}
	}
	return &userGen{d: d, weighted: newKL(entries)}
}

func (g *userGen) next() (class int, ok bool) {
	for {
		if g.fixedLeft > 0 {
			g.fixedLeft--
			return g.fixed.next()
		}
		if !g.d.tryFixed {
			return g.weighted.next()
		}
		g.d.tryFixed = false
		var missing []klEntry
		total := 0
		for _, c := range g.d.current {
			cl := g.d.classes[c]
			if miss := cl.fixedCount - g.d.counts[c]; cl.fixedCount > 0 && miss > 0 {
				missing = append(missing, klEntry{class: c, name: cl.name, weight: float64(miss)})
				total += miss
			}
		}
		g.fixed, g.fixedLeft = newKL(missing), total
	}
}

// klHeap is Locust's _kl_generator: each pick goes to the class whose next
// user most reduces the Kullback-Leibler divergence between the spawned mix
// and the weights. Entries compare as Locust's tuples (divergence, count,
// weight, name), so ties break the same way.
type klHeap []klEntry

type klEntry struct {
	kl     float64
	x      float64 // users generated so far plus the initial weight
	weight float64
	name   string
	class  int
}

func newKL(entries []klEntry) *klHeap {
	h := make(klHeap, 0, len(entries))
	for _, e := range entries {
		if e.weight > 0 {
			e.kl = e.weight * math.Log2(e.weight/(e.weight+1))
			e.x = e.weight + 1
			h = append(h, e)
		}
	}
	heap.Init(&h)
	return &h
}

func (h *klHeap) next() (class int, ok bool) {
	if len(*h) == 0 {
		return 0, false
	}
	top := &(*h)[0]
	class = top.class
	top.kl = top.weight * math.Log2(top.x/(top.x+1))
	top.x++
	heap.Fix(h, 0)
	return class, true
}

func (h klHeap) Len() int { return len(h) }
func (h klHeap) Less(i, j int) bool {
	a, b := &h[i], &h[j]
	switch {
	case a.kl != b.kl:
		return a.kl < b.kl
	case a.x != b.x:
		return a.x < b.x
	case a.weight != b.weight:
		return a.weight < b.weight
	}
	return a.name < b.name
}
func (h klHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *klHeap) Push(x any)   { *h = append(*h, x.(klEntry)) }
func (h *klHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
