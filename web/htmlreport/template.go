package htmlreport

import "html/template"

// newPage parses the report template. It is parsed per report (well under a
// millisecond) rather than kept in a package variable.
func newPage() *template.Template {
	return template.Must(template.New("report").Parse(pageSource))
}

// pageSource is the report: plain HTML and CSS in system fonts, light and
// dark themes, tables that scroll sideways on narrow screens.
const pageSource = `<!doctype html>
<html lang="en" data-theme="{{.Theme}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gust {{.Version}}">
<title>Locust Test Report - {{if .Profile}}{{.Profile}}{{else}}{{.Locustfile}}{{end}}</title>
<style>
:root{--bg:#fff;--fg:#1c2024;--muted:#60646c;--line:#e0e1e6;--head:#f3f4f6;--agg:#f9f9fb;--accent:#0d74ce;--grid:#e8e8ec;--err:#ce2c31}
[data-theme=dark]{--bg:#111113;--fg:#edeef0;--muted:#b0b4ba;--line:#2e3135;--head:#1c1e21;--agg:#18191b;--accent:#70b8ff;--grid:#2a2c30;--err:#ff9592}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1200px;margin:0 auto;padding:24px 20px 48px}
header{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;flex-wrap:wrap}
h1{font-size:30px;margin:0}
h2{font-size:20px;margin:32px 0 10px}
h3{font-size:15px;margin:16px 0 6px}
a{color:var(--accent)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:16px 0 0}
dl.meta dt{font-weight:600}
dl.meta dd{margin:0;word-break:break-all}
.summary{display:flex;gap:12px;flex-wrap:wrap;margin-top:16px}
.summary div{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:120px}
.summary b{display:block;font-size:20px}
.summary span{color:var(--muted);font-size:12px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:right;white-space:nowrap}
th{background:var(--head);font-weight:600}
th.text,td.text{text-align:left;white-space:normal;word-break:break-all}
th.text{white-space:nowrap;word-break:normal}
tr.aggregated td{background:var(--agg);font-weight:600}
td pre{margin:0;white-space:pre-wrap;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left}
.muted{color:var(--muted)}
.charts{display:grid;gap:16px}
svg.chart{width:100%;height:auto;border:1px solid var(--line);border-radius:8px;background:var(--bg)}
svg .chart-title{font-size:15px;font-weight:600;fill:var(--fg)}
svg .legend,svg .axis{font-size:12px;fill:var(--muted)}
svg .nodata{font-size:16px;fill:var(--muted)}
svg .grid{stroke:var(--grid);stroke-width:1}
svg .axis-line{stroke:var(--muted);stroke-width:1}
.ratios{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:16px}
.ratios ul{margin:2px 0;padding-left:20px}
.ratio{font-variant-numeric:tabular-nums;color:var(--muted)}
footer{margin-top:40px;color:var(--muted);font-size:12px}
</style>
</head>
<body>
<main>
<header>
<h1>Locust Test Report</h1>
{{if .ShowDownloadLink}}<a id="download-link" href="?download=1&amp;theme={{.Theme}}">Download the Report</a>{{end}}
</header>
<dl class="meta">
<dt>During:</dt><dd id="during">{{.Start}} - {{.End}} ({{.Duration}})</dd>
<dt>Target Host:</dt><dd id="target-host">{{.Host}}</dd>
<dt>Script:</dt><dd id="script">{{.Locustfile}}</dd>
<dt>Users:</dt><dd id="users">{{.Users}}</dd>{{if .Profile}}
<dt>Profile:</dt><dd id="profile">{{.Profile}}</dd>{{end}}
</dl>
<div class="summary">
<div><b>{{.TotalRequests}}</b><span>requests</span></div>
<div><b>{{.TotalFailures}}</b><span>failures ({{.FailRatio}})</span></div>
<div><b>{{.TotalRPS}}</b><span>requests/s (whole run)</span></div>
<div><b>{{.AvgTiming}}</b><span>average response time (ms)</span></div>
</div>

<section id="request-statistics">
<h2>Request Statistics</h2>
<div class="scroll"><table>
<thead><tr><th class="text">Type</th><th class="text">Name</th><th># Requests</th><th># Fails</th><th>Average (ms)</th><th>Min (ms)</th><th>Max (ms)</th><th>Average size (bytes)</th><th>RPS</th><th>Failures/s</th></tr></thead>
<tbody>
{{range .Requests}}<tr{{if .Aggregated}} class="aggregated"{{end}}><td class="text">{{.Method}}</td><td class="text">{{.Name}}</td><td>{{.Requests}}</td><td>{{.Failures}}</td><td>{{.Avg}}</td><td>{{.Min}}</td><td>{{.Max}}</td><td>{{.Size}}</td><td>{{.RPS}}</td><td>{{.FailPerSec}}</td></tr>
{{end}}</tbody>
</table></div>
</section>

<section id="response-time-statistics">
<h2>Response Time Statistics</h2>
<div class="scroll"><table>
<thead><tr><th class="text">Method</th><th class="text">Name</th>{{range .PercentileHeads}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Percentiles}}<tr{{if .Aggregated}} class="aggregated"{{end}}><td class="text">{{.Method}}</td><td class="text">{{.Name}}</td>{{range .Values}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
</section>

<section id="failures-statistics">
<h2>Failures Statistics</h2>
{{if .Failures}}<div class="scroll"><table>
<thead><tr><th># Failures</th><th class="text">Method</th><th class="text">Name</th><th class="text">Message</th><th class="text">First seen</th><th class="text">Last seen</th></tr></thead>
<tbody>
{{range .Failures}}<tr><td>{{.Occurrences}}</td><td class="text">{{.Method}}</td><td class="text">{{.Name}}</td><td class="text">{{.Error}}</td><td class="text">{{.FirstSeen}}</td><td class="text">{{.LastSeen}}</td></tr>
{{end}}</tbody>
</table></div>{{else}}<p class="muted">No failures.</p>{{end}}
</section>

{{if .Exceptions}}<section id="exceptions-statistics">
<h2>Exceptions Statistics</h2>
<div class="scroll"><table>
<thead><tr><th>Count</th><th class="text">Message</th><th class="text">Traceback</th><th class="text">Nodes</th></tr></thead>
<tbody>
{{range .Exceptions}}<tr><td>{{.Count}}</td><td class="text">{{.Message}}</td><td class="text"><pre>{{.Traceback}}</pre></td><td class="text">{{.Nodes}}</td></tr>
{{end}}</tbody>
</table></div>
</section>
{{end}}
<section id="charts">
<h2>Charts</h2>
<div class="charts">
{{range .Charts}}{{.}}
{{end}}</div>
</section>

<section id="final-ratio">
<h2>Final ratio</h2>
<div class="ratios">
<div><h3>Ratio Per Class</h3>{{.PerClassRatios}}</div>
<div><h3>Total Ratio</h3>{{.TotalRatios}}</div>
</div>
</section>
<footer>Generated by gust {{.Version}}. Times are UTC.</footer>
</main>
</body>
</html>
`
