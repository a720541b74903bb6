package htmlreport

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// The charts are inline SVG drawn here, so the report needs no script and
// no network to show them: it opens the same in a browser years later, in
// a mail client or from an air-gapped CI artifact.

// Chart geometry, in SVG user units (the SVG scales to the page width).
const (
	chartWidth  = 960
	chartHeight = 280
	plotLeft    = 64
	plotRight   = 940
	plotTop     = 44
	plotBottom  = 244
	yTicks      = 4
	xTicks      = 6
)

// series is one line of a chart: a value per time, NaN where unknown
// (drawn as a gap).
type series struct {
	name   string
	color  string
	values []float64
	dashed bool
}

// chart is one SVG line chart over shared times.
type chart struct {
	id     string
	title  string
	unit   string
	times  []time.Time
	series []series
}

// svg renders the chart. Every piece of text is escaped; everything else
// is numbers formatted here.
func (c chart) svg() template.HTML {
	var b strings.Builder
	esc := template.HTMLEscapeString
	b.WriteString(`<svg class="chart" id="` + esc(c.id) + `" viewBox="0 0 ` + itoa(chartWidth) + " " + itoa(chartHeight) +
		`" role="img" aria-label="` + esc(c.title) + `" xmlns="http://www.w3.org/2000/svg">`)
	b.WriteString(`<text class="chart-title" x="` + itoa(plotLeft) + `" y="18">` + esc(c.title) + `</text>`)
	// Legend, right-aligned in the title row.
	x := float64(plotRight)
	for i := len(c.series) - 1; i >= 0; i-- {
		s := c.series[i]
		w := 22 + 7.2*float64(len([]rune(s.name)))
		x -= w
		b.WriteString(`<rect x="` + ftoa(x) + `" y="9" width="12" height="12" rx="2" fill="` + esc(s.color) + `"/>`)
		b.WriteString(`<text class="legend" x="` + ftoa(x+16) + `" y="19">` + esc(s.name) + `</text>`)
	}
	if len(c.times) == 0 {
		b.WriteString(`<text class="nodata" x="` + itoa((plotLeft+plotRight)/2) + `" y="` + itoa((plotTop+plotBottom)/2) +
			`" text-anchor="middle">No data</text></svg>`)
		return template.HTML(b.String())
	}

	top := niceMax(c.maxValue())
	t0, t1 := c.times[0], c.times[len(c.times)-1]
	span := t1.Sub(t0)
	xOf := func(t time.Time) float64 {
		if span <= 0 {
			return (plotLeft + plotRight) / 2
		}
		return plotLeft + float64(t.Sub(t0))/float64(span)*(plotRight-plotLeft)
	}
	yOf := func(v float64) float64 { return plotBottom - v/top*(plotBottom-plotTop) }

	// Grid and y labels.
	for i := 0; i <= yTicks; i++ {
		v := top * float64(i) / yTicks
		y := ftoa(yOf(v))
		b.WriteString(`<line class="grid" x1="` + itoa(plotLeft) + `" x2="` + itoa(plotRight) + `" y1="` + y + `" y2="` + y + `"/>`)
		b.WriteString(`<text class="axis" x="` + itoa(plotLeft-6) + `" y="` + ftoa(yOf(v)+4) + `" text-anchor="end">` +
			esc(formatTick(v)) + `</text>`)
	}
	if c.unit != "" {
		b.WriteString(`<text class="axis" x="14" y="` + itoa((plotTop+plotBottom)/2) + `" text-anchor="middle" transform="rotate(-90 14 ` +
			itoa((plotTop+plotBottom)/2) + `)">` + esc(c.unit) + `</text>`)
	}
	// Time labels (UTC, as every time in the report).
	layout := "15:04:05"
	if span > 24*time.Hour {
		layout = "01-02 15:04"
	}
	n := xTicks
	if span <= 0 {
		n = 0
	}
	for i := 0; i <= n; i++ {
		t := t0.Add(time.Duration(float64(span) * float64(i) / float64(max(n, 1))))
		anchor := "middle"
		switch i {
		case 0:
			anchor = "start"
		case n:
			anchor = "end"
		}
		b.WriteString(`<text class="axis" x="` + ftoa(xOf(t)) + `" y="` + itoa(plotBottom+18) + `" text-anchor="` + anchor + `">` +
			esc(t.UTC().Format(layout)) + `</text>`)
	}
	b.WriteString(`<line class="axis-line" x1="` + itoa(plotLeft) + `" x2="` + itoa(plotRight) + `" y1="` + itoa(plotBottom) + `" y2="` + itoa(plotBottom) + `"/>`)

	for _, s := range c.series {
		d := path(c.times, s.values, xOf, yOf)
		if d == "" {
			continue
		}
		b.WriteString(`<path class="series" fill="none" stroke="` + esc(s.color) + `" stroke-width="1.8" stroke-linejoin="round"`)
		if s.dashed {
			b.WriteString(` stroke-dasharray="6 4"`)
		}
		b.WriteString(` d="` + d + `"><title>` + esc(s.name) + `</title></path>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func (c chart) maxValue() float64 {
	m := 0.0
	for _, s := range c.series {
		for _, v := range s.values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) && v > m {
				m = v
			}
		}
	}
	return m
}

// path is the SVG path of one series: at most two points (the lowest and
// the highest, in time order) per horizontal unit, so a long history keeps
// its spikes but not its size; a NaN starts a new segment.
func path(times []time.Time, values []float64, xOf func(time.Time) float64, yOf func(float64) float64) string {
	var b strings.Builder
	pen := false // the next point continues a segment
	type pt struct{ x, y float64 }
	var bucket []pt
	col := math.Inf(-1)
	flush := func() {
		if len(bucket) == 0 {
			return
		}
		lo, hi := 0, 0
		for i, p := range bucket {
			if p.y > bucket[lo].y { // SVG y grows downwards: larger y is a lower value
				lo = i
			}
			if p.y < bucket[hi].y {
				hi = i
			}
		}
		picks := []int{lo}
		if hi != lo {
			picks = []int{min(lo, hi), max(lo, hi)}
		}
		for _, i := range picks {
			if pen {
				b.WriteString("L")
			} else {
				b.WriteString("M")
				pen = true
			}
			b.WriteString(ftoa(bucket[i].x) + " " + ftoa(bucket[i].y))
		}
		bucket = bucket[:0]
	}
	for i, t := range times {
		if i >= len(values) {
			break
		}
		v := values[i]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			flush()
			pen = false
			col = math.Inf(-1)
			continue
		}
		x := xOf(t)
		if c := math.Floor(x); c != col {
			flush()
			col = c
		}
		bucket = append(bucket, pt{x, yOf(v)})
	}
	flush()
	return b.String()
}

// niceMax rounds a maximum up to a value that divides into yTicks round
// steps (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten), so that the
// line uses most of the chart's height.
func niceMax(v float64) float64 {
	if !(v > 0) {
		return 1
	}
	raw := v / yTicks
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if step := m * mag; step*yTicks >= v {
			return step * yTicks
		}
	}
	return 10 * mag * yTicks
}

// formatTick writes an axis value without needless decimals.
func formatTick(v float64) string {
	switch {
	case v >= 1e6:
		return trimFloat(v/1e6, 2) + "M"
	case v >= 1e4:
		return trimFloat(v/1e3, 1) + "k"
	}
	return trimFloat(v, 2)
}

func itoa(n int) string { return strconv.Itoa(n) }

// ftoa writes a coordinate with one decimal, enough at this scale.
func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
