#!/usr/bin/env bash
# scripts/bench.sh — `make bench`: gust against wrk, hey and Locust on one
# loopback target, on this machine, in one run (docs/performance.md).
#
#   scripts/bench.sh                       all sections
#   SECTIONS="throughput latency" scripts/bench.sh
#
# The target (bench/target) is pinned to CPU $TGT_CPU and every generator to
# CPU $GEN_CPU with taskset. Generators run in alternating rounds so that
# drift on a shared machine spreads over all of them; ratios are taken
# within a round and the table quotes their median. A peer that is not
# installed is skipped with a note, never a failure.
#
# Env: DUR=10 (s per run)  RUNS=3 (rounds)  CONC=50  LAT_CONC=20  LAT_MS=10
#      GEN_CPU=0  TGT_CPU=1  SECTIONS="throughput latency memory scale startup gobench"
#      TOOLS="wrk gust-fast hey gust-http locust-fast locust-http"
#      MEM_USERS="1000 10000"  MEM_RATE=1000  MEM_RUNS=1 (median of so many pairs)
#      MEM_PEERS=0 (1: Locust's memory too)
#      SCALE_CONNECTED=15000  SCALE_CONN_RATE=1000  SCALE_PLAIN=100000  SCALE_RATE=10000
#      QUIET_PCT=15 QUIET_MAX=60 (wait up to 60 s for the machine to be <15 % busy
#      before each run)  RETRIES=2 (re-run a run during which other processes used
#      more than FOREIGN_MAX CPU-seconds, default DUR/10)
#      OUT=results/bench-<stamp>  GUST=bin/gust
# Traffic goes only to 127.0.0.1; every process started here is stopped by
# its PID.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUR=${DUR:-10}
RUNS=${RUNS:-3}
CONC=${CONC:-50}
LAT_CONC=${LAT_CONC:-20}
LAT_MS=${LAT_MS:-10}
GEN_CPU=${GEN_CPU:-0}
TGT_CPU=${TGT_CPU:-1}
SECTIONS=${SECTIONS:-"throughput latency memory scale startup gobench"}
TOOLS=${TOOLS:-"wrk gust-fast hey gust-http locust-fast locust-http"}
MEM_USERS=${MEM_USERS:-"1000 10000"}
MEM_RATE=${MEM_RATE:-1000}
MEM_PEERS=${MEM_PEERS:-0}
MEM_RUNS=${MEM_RUNS:-1}
SCALE_CONNECTED=${SCALE_CONNECTED:-15000}
SCALE_PLAIN=${SCALE_PLAIN:-100000}
SCALE_RATE=${SCALE_RATE:-10000}
SCALE_CONN_RATE=${SCALE_CONN_RATE:-1000}
QUIET_PCT=${QUIET_PCT:-15}
QUIET_MAX=${QUIET_MAX:-60}
RETRIES=${RETRIES:-2}
FOREIGN_MAX=${FOREIGN_MAX:-$(awk -v d="$DUR" 'BEGIN{print d / 10}')}
CLK_TCK=$(getconf CLK_TCK)
GUST=${GUST:-$ROOT/bin/gust}
GO=${GO:-go}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=${OUT:-$ROOT/results/bench-$STAMP}
LF=$ROOT/bench/locustfiles
RAW=$OUT/raw
mkdir -p "$RAW"
TSV=$OUT/runs.tsv
MD=$OUT/bench.md
: >"$TSV"

TGT_PID=""
BG_PID=""
cleanup() {
	if [[ -n $BG_PID ]] && kill -0 "$BG_PID" 2>/dev/null; then
		kill -TERM "$BG_PID" 2>/dev/null
		wait "$BG_PID" 2>/dev/null
	fi
	if [[ -n $TGT_PID ]] && kill -0 "$TGT_PID" 2>/dev/null; then
		kill -TERM "$TGT_PID" 2>/dev/null
		wait "$TGT_PID" 2>/dev/null
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
notes=()
note() { notes+=("$*"); log "note: $*"; }

# ------------------------------------------------------------------ build
if [[ ! -x $GUST ]]; then
	log "building gust"
	(cd "$ROOT" && CGO_ENABLED=0 $GO build -trimpath -o "$GUST" ./cmd/gust) || exit 1
fi
(cd "$ROOT" && CGO_ENABLED=0 $GO build -trimpath -o "$OUT/target" ./bench/target) || exit 1

# ------------------------------------------------------------------ target
taskset -c "$TGT_CPU" "$OUT/target" -addr 127.0.0.1:0 >"$OUT/target.log" 2>&1 &
TGT_PID=$!
BASE=""
for _ in $(seq 100); do
	BASE=$(sed -n 's/^target listening on //p' "$OUT/target.log")
	[[ -n $BASE ]] && break
	sleep 0.05
done
[[ -n $BASE ]] || { log "target did not start: $(cat "$OUT/target.log")"; exit 1; }
PORT=${BASE##*:}
log "target pid $TGT_PID on cpu $TGT_CPU at $BASE"

# ------------------------------------------------------------------ machine
version_of() {
	case $1 in
	wrk) wrk -v 2>&1 | head -1 | awk '{print $1, $2}' ;;
	hey) echo "hey $(dpkg-query -W -f='${Version}' hey 2>/dev/null)" ;;
	locust) echo "locust $(dpkg-query -W -f='${Version}' python3-locust 2>/dev/null || locust -V 2>&1 | tail -1)" ;;
	esac
}
{
	echo "- date: $(date -Is)"
	echo "- cpu: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "- memory: $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
	echo "- open files (soft/hard): $(ulimit -Sn)/$(ulimit -Hn); local ports: $(tr '\t' - </proc/sys/net/ipv4/ip_local_port_range)"
	echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- gust: $("$GUST" --version 2>&1 | head -1), $($GO version | awk '{print $3}')"
	for p in wrk hey locust; do
		if have "$p"; then echo "- $(version_of "$p")"; else echo "- $p: not installed"; fi
	done
	echo "- pinning: target on CPU $TGT_CPU, generator on CPU $GEN_CPU (taskset); ${DUR} s per run, $RUNS rounds"
} >"$OUT/env.md"
cat "$OUT/env.md" >&2

# ------------------------------------------------------------------ helpers
# timed NAME -- CMD...: runs CMD pinned to GEN_CPU under /usr/bin/time;
# RAW/NAME.{out,err,time}; the time file holds "wall user sys maxrss_kb".
timed() {
	local name=$1
	shift 2
	if [[ -x /usr/bin/time ]]; then
		/usr/bin/time -f '%e %U %S %M' -o "$RAW/$name.time" taskset -c "$GEN_CPU" "$@" >"$RAW/$name.out" 2>"$RAW/$name.err"
	else # bash's own accounting of waited-for children
		local t0 t1 c0 c1
		t0=$EPOCHREALTIME
		c0=$(times | tail -1)
		taskset -c "$GEN_CPU" "$@" >"$RAW/$name.out" 2>"$RAW/$name.err"
		c1=$(times | tail -1)
		t1=$EPOCHREALTIME
		echo "$c0 $c1 $t0 $t1" | awk '
			function s(x) { split(x, a, /[ms]/); return a[1] * 60 + a[2] }
			{ printf "%.2f %.2f %.2f 0\n", $6 - $5, s($3) - s($1), s($4) - s($2) }' >"$RAW/$name.time"
	fi
}

# requests TOOL NAME: the number of requests a run completed.
requests() {
	local tool=$1 name=$2
	case $tool in
	wrk) awk '/requests in/{print $1; exit}' "$RAW/$name.out" ;;
	hey) awk '/^[[:space:]]*\[[0-9]+\][[:space:]]+[0-9]+ responses/{n += $2} END{print n + 0}' "$RAW/$name.out" ;;
	*) awk -F, '$2 == "Aggregated" {print $3; exit}' "$RAW/${name}_stats.csv" 2>/dev/null ;;
	esac
}

failures() {
	local tool=$1 name=$2
	case $tool in
	wrk) awk '/Non-2xx|Socket errors/{n++} END{print n + 0}' "$RAW/$name.out" ;;
	hey) awk '/^Error distribution/{e = 1; next} e && /\[[0-9]+\]/{gsub(/[\[\]]/, "", $1); n += $1} END{print n + 0}' "$RAW/$name.out" ;;
	*) awk -F, '$2 == "Aggregated" {print $4; exit}' "$RAW/${name}_stats.csv" 2>/dev/null ;;
	esac
}

# available TOOL: whether a peer can run (gust always can).
available() {
	case $1 in
	gust-*) return 0 ;;
	locust-*) have locust ;;
	*) have "$1" ;;
	esac
}

# run_tool TOOL NAME CONC PATH DUR: one throughput-style run.
run_tool() {
	local tool=$1 name=$2 c=$3 path=$4 d=$5
	local url=$BASE$path
	case $tool in
	wrk) measured "$name" -- wrk -t1 -c"$c" -d"${d}s" --latency "$url" ;;
	hey) measured "$name" -- hey -z "${d}s" -c "$c" "$url" ;;
	gust-fast) measured "$name" -- "$GUST" -f "$LF/fasthttp_user.py" -H "$BASE" --headless -u "$c" -r "$c" -t "${d}s" --only-summary --csv "$RAW/$name" ;;
	gust-http) measured "$name" -- "$GUST" -f "$LF/http_user.py" -H "$BASE" --headless -u "$c" -r "$c" -t "${d}s" --only-summary --csv "$RAW/$name" ;;
	locust-fast) measured "$name" -- locust -f "$LF/fasthttp_user.py" -H "$BASE" --headless -u "$c" -r "$c" -t "${d}s" --only-summary --csv "$RAW/$name" ;;
	locust-http) measured "$name" -- locust -f "$LF/http_user.py" -H "$BASE" --headless -u "$c" -r "$c" -t "${d}s" --only-summary --csv "$RAW/$name" ;;
	esac
}

# busy_ticks: CPU ticks spent by all processes so far (user, nice, system,
# irq, softirq, steal), then the total.
busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

# quiet_wait: waits (up to QUIET_MAX s) until the machine is less than
# QUIET_PCT % busy over a second: on a shared machine another workload
# would skew a run.
quiet_wait() {
	local i a b busy
	for i in $(seq "$QUIET_MAX"); do
		a=$(busy_ticks)
		sleep 1
		b=$(busy_ticks)
		busy=$(echo "$a $b" | awk '{d = $4 - $2; print (d > 0) ? int(($3 - $1) / d * 100) : 0}')
		((busy < QUIET_PCT)) && return 0
		((i == 1)) && log "machine ${busy}% busy: waiting for it to quieten"
	done
	log "machine still busy after ${QUIET_MAX} s: measuring anyway"
}

tgt_ticks() { awk '{print $14 + $15}' "/proc/$TGT_PID/stat" 2>/dev/null; }

# measured NAME -- CMD...: timed, after quiet_wait, and again (up to
# RETRIES times) when other processes used more than FOREIGN_MAX CPU-seconds
# meanwhile: all CPU the machine spent, less the generator's and the
# target's. Sets FOREIGN to that figure.
FOREIGN=0
measured() {
	local name=$1 attempt b0 b1 g0 g1
	shift 2
	for attempt in $(seq 0 "$RETRIES"); do
		quiet_wait
		b0=$(busy_ticks)
		g0=$(tgt_ticks)
		timed "$name" -- "$@"
		b1=$(busy_ticks)
		g1=$(tgt_ticks)
		FOREIGN=$(read -r _ u y _ <"$RAW/$name.time"; echo "$b0 $b1 $g0 $g1 $u $y" | awk -v hz="$CLK_TCK" '{
			f = ($3 - $1) / hz - ($6 - $5) / hz - $7 - $8; printf "%.2f", (f > 0) ? f : 0 }')
		awk -v f="$FOREIGN" -v m="$FOREIGN_MAX" 'BEGIN{exit !(f <= m)}' && return 0
		log "$name: other processes used ${FOREIGN} CPU-s during the run; again"
	done
}

# record SECTION TOOL ROUND NAME: appends one row to runs.tsv:
# section tool round requests failures wall user sys cpu req_per_s
# req_per_cpu_s foreign_cpu_s
record() {
	local section=$1 tool=$2 round=$3 name=$4 n f
	n=$(requests "$tool" "$name")
	f=$(failures "$tool" "$name")
	read -r wall user sys _ <"$RAW/$name.time"
	awk -v s="$section" -v t="$tool" -v r="$round" -v n="${n:-0}" -v f="${f:-0}" -v w="$wall" -v u="$user" -v y="$sys" -v d="$DUR" -v o="$FOREIGN" 'BEGIN{
		cpu = u + y
		printf "%s\t%s\t%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%.0f\t%s\n", s, t, r, n, f, w, u, y, cpu, n / d, (cpu > 0 ? n / cpu : 0), o }' >>"$TSV"
	log "$section $tool round $round: $(tail -1 "$TSV" | cut -f4-)"
}

# median of the numbers on stdin (one a line); "-" when there are none.
median() { sort -g | awk '{a[NR] = $1} END{if (!NR) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# per-round ratio of two tools' requests per CPU-second, one a line.
ratios() {
	local a=$1 b=$2
	awk -F'\t' -v a="$a" -v b="$b" '$1 == "throughput" {if ($2 == a) x[$3] = $11; if ($2 == b) y[$3] = $11}
		END{for (r in x) if ((r in y) && y[r] > 0) printf "%.3f\n", x[r] / y[r]}' "$TSV"
}

col_median() { # TOOL COLUMN
	awk -F'\t' -v t="$1" -v c="$2" '$1 == "throughput" && $2 == t {print $c}' "$TSV" | median
}

rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null; }
conns() { ss -Htn state established "( dport = :$PORT )" 2>/dev/null | wc -l; }

# start_bg NAME -- CMD...: starts CMD pinned, in the background (BG_PID).
start_bg() {
	local name=$1
	shift 2
	taskset -c "$GEN_CPU" "$@" >"$RAW/$name.out" 2>"$RAW/$name.err" &
	BG_PID=$!
}

stop_bg() {
	[[ -n $BG_PID ]] || return 0
	kill -TERM "$BG_PID" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$BG_PID" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$BG_PID" 2>/dev/null && kill -KILL "$BG_PID" 2>/dev/null
	wait "$BG_PID" 2>/dev/null
	BG_PID=""
}

# wait_conns N SECONDS: until N connections to the target are established
# (or the time is up, or the generator died); prints the count.
wait_conns() {
	local want=$1 secs=$2 n=0 i
	for i in $(seq $((secs * 4))); do
		n=$(conns)
		((n >= want)) && break
		kill -0 "$BG_PID" 2>/dev/null || break
		sleep 0.25
	done
	echo "$n"
}

# ------------------------------------------------------------------ sections
section_throughput() {
	local round tool
	log "=== throughput: $CONC connections, GET / (100 bytes), ${DUR} s, $RUNS rounds: $TOOLS"
	for tool in $TOOLS; do available "$tool" || note "$tool is not installed: skipped (apt-get install ${tool%%-*})"; done
	for round in $(seq "$RUNS"); do
		for tool in $TOOLS; do
			available "$tool" || continue
			run_tool "$tool" "tp_${tool}_r$round" "$CONC" / "$DUR"
			record throughput "$tool" "$round" "tp_${tool}_r$round"
			sleep 1
		done
	done
	{
		echo "## Requests per generator CPU-second ($CONC connections, GET / of 100 bytes, ${DUR} s × $RUNS rounds)"
		echo
		echo "| generator | requests/s | CPU-seconds | requests per CPU-second | failures |"
		echo "| --- | ---: | ---: | ---: | ---: |"
		for tool in $TOOLS; do
			available "$tool" || continue
			echo "| $tool | $(col_median "$tool" 10) | $(col_median "$tool" 9) | $(col_median "$tool" 11) | $(awk -F'\t' -v t="$tool" '$1 == "throughput" && $2 == t {n += $5} END{print n + 0}' "$TSV") |"
		done
		echo
		echo "Medians over the rounds. Ratios of requests per CPU-second, each taken within one round, then the median:"
		echo
		echo "| ratio | target | median | per round |"
		echo "| --- | --- | ---: | --- |"
		local pair a b want got all
		for pair in "gust-fast wrk ≥0.65" "gust-fast locust-fast ≥5" "gust-http hey ≥1.1" "gust-http locust-http ≥15"; do
			read -r a b want <<<"$pair"
			all=$(ratios "$a" "$b" | tr '\n' ' ')
			got=$(ratios "$a" "$b" | median)
			echo "| $a / $b | $want | $got | ${all:-(peer missing)} |"
		done
		echo
	} >>"$MD"
}

section_latency() {
	local round wr gl
	log "=== latency: $LAT_CONC connections, GET /delay?ms=$LAT_MS"
	{
		echo "## Latency at /delay?ms=$LAT_MS, $LAT_CONC users (${DUR} s × $RUNS rounds)"
		echo
		echo "gust's exact percentiles come from a request listener that sees the response_time gust records"
		echo "(bench/locustfiles/delay_fasthttp_user.py); its CSV shows the same, rounded to whole ms as Locust does."
		echo
		echo "| round | wrk p50 | gust p50 | Δp50 | wrk p99 | gust p99 | Δp99 | gust CSV p50/p99 |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	} >>"$MD"
	local d50=() d99=()
	for round in $(seq "$RUNS"); do
		local w50="-" w99="-"
		if have wrk; then
			measured "lat_wrk_r$round" -- wrk -t1 -c"$LAT_CONC" -d"${DUR}s" --latency "$BASE/delay?ms=$LAT_MS"
			w50=$(awk '$1 == "50%" {v = $2; sub(/ms$/, "", v); if ($2 ~ /us$/) {sub(/us$/, "", v); v /= 1000} if ($2 ~ /[0-9]s$/) {sub(/s$/, "", v); v *= 1000} print v}' "$RAW/lat_wrk_r$round.out")
			w99=$(awk '$1 == "99%" {v = $2; sub(/ms$/, "", v); if ($2 ~ /us$/) {sub(/us$/, "", v); v /= 1000} if ($2 ~ /[0-9]s$/) {sub(/s$/, "", v); v *= 1000} print v}' "$RAW/lat_wrk_r$round.out")
		fi
		measured "lat_gust_r$round" -- env LAT_MS="$LAT_MS" "$GUST" -f "$LF/delay_fasthttp_user.py" -H "$BASE" --headless -u "$LAT_CONC" -r "$LAT_CONC" -t "${DUR}s" --only-summary --csv "$RAW/lat_gust_r$round"
		gl=$(grep -m1 '^GUST_LATENCY' "$RAW/lat_gust_r$round.out")
		local g50 g99 csv
		g50=$(sed -n 's/.*p50=\([0-9.]*\).*/\1/p' <<<"$gl")
		g99=$(sed -n 's/.*p99=\([0-9.]*\).*/\1/p' <<<"$gl")
		csv=$(awk -F, 'NR == 1 {for (i = 1; i <= NF; i++) {if ($i == "50%") a = i; if ($i == "99%") b = i}} $2 == "Aggregated" {print $a "/" $b}' "$RAW/lat_gust_r${round}_stats.csv" 2>/dev/null)
		local x50="-" x99="-"
		if [[ $w50 != - && -n $g50 ]]; then
			x50=$(awk -v g="$g50" -v w="$w50" 'BEGIN{printf "%+.2f", g - w}')
			x99=$(awk -v g="$g99" -v w="$w99" 'BEGIN{printf "%+.2f", g - w}')
			d50+=("$x50")
			d99+=("$x99")
		fi
		echo "| $round | $w50 | ${g50:--} | $x50 | $w99 | ${g99:--} | $x99 | ${csv:--} |" >>"$MD"
		log "latency round $round: wrk $w50/$w99 gust $g50/$g99 ms"
		sleep 1
	done
	have wrk || note "wrk is not installed: no latency reference"
	{
		echo
		echo "Median Δp50 $(printf '%s\n' "${d50[@]}" | median) ms (target within ±0.3), median Δp99 $(printf '%s\n' "${d99[@]}" | median) ms (target within ±1)."
		echo
	} >>"$MD"
}

# mem_point NAME LOCUSTFILE USERS CMD: RSS once USERS users hold connections.
mem_point() {
	local name=$1 users=$2
	shift 2
	local r=$MEM_RATE
	((users < r)) && r=$users
	quiet_wait
	start_bg "$name" -- "$@" -u "$users" -r "$r" -t 900s --csv "$RAW/$name"
	local n
	n=$(wait_conns "$users" 120)
	# every user has had its answer (the CSV is rewritten every second)
	for _ in $(seq 120); do
		(($(awk -F, '$2 == "Aggregated" {print $3}' "$RAW/${name}_stats.csv" 2>/dev/null || echo 0) >= users)) && break
		sleep 1
	done
	sleep 5 # as Locust was measured: five seconds after the users are up
	# then until RSS is steady (within 1 % over a second, 10 s at most):
	# gust gives memory back once the process goes quiet
	local rss prev i
	rss=$(rss_kb "$BG_PID")
	for i in $(seq 10); do
		prev=$rss
		sleep 1
		rss=$(rss_kb "$BG_PID")
		awk -v a="${prev:-0}" -v b="${rss:-0}" 'BEGIN{d = a - b; if (d < 0) d = -d; exit !(d <= a / 100)}' && break
	done
	n=$(conns)
	stop_bg
	echo "${rss:-0} $n"
}

section_memory() {
	log "=== memory: RSS at $MEM_USERS users, each holding a connection (wait_time = constant(600))"
	local lo hi
	read -r lo hi <<<"$MEM_USERS"
	{
		echo "## Memory per connected user (RSS slope from $lo to $hi users, wait_time = constant(600), one GET each; median of $MEM_RUNS pair(s))"
		echo
		echo "| generator | RSS at $lo (KB) | RSS at $hi (KB) | connections at $hi | KB per user | target |"
		echo "| --- | ---: | ---: | ---: | ---: | --- |"
	} >>"$MD"
	local cls lf want tool res1 res2 r1 r2 c2
	for tool in gust-fast gust-http locust-fast locust-http; do
		case $tool in
		*-fast) lf=$LF/mem_fasthttp_user.py want="≤ 10" ;;
		*) lf=$LF/mem_http_user.py want="≤ 25" ;;
		esac
		local gen=("$GUST")
		if [[ $tool == locust-* ]]; then
			[[ $MEM_PEERS == 1 ]] || continue
			available "$tool" || continue
			want="(Locust)"
			gen=(locust)
		fi
		local k lows=() highs=()
		for k in $(seq "$MEM_RUNS"); do # alternating pairs
			res1=$(mem_point "mem_${tool}_${lo}_$k" "$lo" "${gen[@]}" -f "$lf" -H "$BASE" --headless --only-summary)
			res2=$(mem_point "mem_${tool}_${hi}_$k" "$hi" "${gen[@]}" -f "$lf" -H "$BASE" --headless --only-summary)
			read -r r1 _ <<<"$res1"
			read -r r2 c2 <<<"$res2"
			lows+=("$r1")
			highs+=("$r2")
		done
		r1=$(printf '%s\n' "${lows[@]}" | median)
		r2=$(printf '%s\n' "${highs[@]}" | median)
		echo "| $tool | $r1 | $r2 | $c2 | $(awk -v a="$r1" -v b="$r2" -v l="$lo" -v h="$hi" 'BEGIN{printf "%.1f", (b - a) / (h - l)}') | $want |" >>"$MD"
		log "memory $tool: $r1 KB at $lo, $r2 KB at $hi with $c2 connections"
		sleep 2
	done
	[[ $MEM_PEERS == 1 ]] || echo "Locust's own figures (MEM_PEERS=1 measures them): HttpUser 30.8 KB, FastHttpUser 14.6 KB per user (issue 5)." >>"$MD"
	echo >>"$MD"
}

# stamp: prefixes each line of stdin with the time it arrived.
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }

# scale_point NAME USERS RATE LOCUSTFILE SECONDS: spawns USERS at RATE with
# the console printing every 2 s; reports spawn time, the longest gap
# between console tables, peak RSS, connections and failed requests.
scale_point() {
	local name=$1 users=$2 rate=$3 lf=$4 hold=$5
	local t0=$EPOCHREALTIME
	taskset -c "$GEN_CPU" "$GUST" -f "$lf" -H "$BASE" --headless -u "$users" -r "$rate" -t "${hold}s" \
		2> >(stamp >"$RAW/$name.err") >"$RAW/$name.out" &
	BG_PID=$!
	local rss=0 peak=0 n=0 c=0
	while kill -0 "$BG_PID" 2>/dev/null; do
		rss=$(rss_kb "$BG_PID")
		((${rss:-0} > peak)) && peak=$rss
		c=$(conns)
		((c > n)) && n=$c
		sleep 0.5
	done
	wait "$BG_PID"
	local rc=$?
	BG_PID=""
	sleep 0.5 # the stamping reader drains
	awk -v t0="$t0" -v u="$users" -v rc="$rc" -v peak="$peak" -v conns="$n" '
		/Ramping to/ && !r {r = $1}
		/All users spawned/ && !s {s = $1}
		$2 == "Type" && $3 == "Name" {if (last) {g = $1 - last; if (g > gap) gap = g}; last = $1; tables++}
		/Too many open files|open file limit|local port/ {warn = warn $0 " "}
		$2 == "Aggregated" && /\|/ {reqs = $3; fails = $4}
		END{printf "%d users: spawned in %.1f s (%.0f users/s), %d console tables, longest gap between them %.1f s, peak RSS %.0f MB, most connections %d, %d requests of which %d failed, exit %d%s\n",
			u, s - r, (s > r ? u / (s - r) : 0), tables, gap, peak / 1024, conns, reqs, fails, rc, (warn ? "; warning: " warn : "")}' "$RAW/$name.err"
}

section_scale() {
	log "=== scale: $SCALE_CONNECTED connected users, $SCALE_PLAIN plain users at $SCALE_RATE/s"
	{
		echo "## Scale (console printing every 2 s)"
		echo
		echo "- FastHttpUser holding a connection each, spawned at $SCALE_CONN_RATE/s: $(scale_point scale_connected "$SCALE_CONNECTED" "$SCALE_CONN_RATE" "$LF/mem_fasthttp_user.py" $((SCALE_CONNECTED / SCALE_CONN_RATE + 12)))"
		echo "- User without sockets (wait_time = constant(1)), spawned at $SCALE_RATE/s: $(scale_point scale_plain "$SCALE_PLAIN" "$SCALE_RATE" "$LF/plain_user.py" $((SCALE_PLAIN / SCALE_RATE + 12)))"
		echo
	} >>"$MD"
}

section_startup() {
	local file=$ROOT/starlib/pyfront/pyparse/testdata/golden/bench_locustfile.py i
	log "=== startup: gust --list on a $(wc -l <"$file")-line locustfile"
	local t0 t1
	for i in $(seq 10); do
		t0=$EPOCHREALTIME
		taskset -c "$GEN_CPU" "$GUST" -f "$file" --list >"$RAW/startup_$i.out" 2>&1
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f\n", (b - a) * 1000}'
	done >"$RAW/startup.ms"
	{
		echo "## Start-up"
		echo
		echo "- \`gust -f $(basename "$file") --list\` ($(wc -l <"$file") lines): median wall time $(median <"$RAW/startup.ms") ms over 10 runs, process start to exit (BenchmarkLoad300 below gives load + compile alone)."
		echo
	} >>"$MD"
}

section_gobench() {
	log "=== Go benchmarks (hot paths)"
	(cd "$ROOT" && taskset -c "$GEN_CPU" $GO test -run '^$' -benchtime 1s -cpu 1 \
		-bench 'BenchmarkLoad300|BenchmarkMethodCall$' ./starlib/pyfront/ &&
		taskset -c "$GEN_CPU" $GO test -run '^$' -benchtime 1s -cpu 1 -bench 'BenchmarkScriptTask' ./starlib/locust/ &&
		taskset -c "$GEN_CPU" $GO test -run '^$' -benchtime 20000x -cpu 1 -bench 'BenchmarkGET' ./starlib/http/ &&
		$GO test -run '^$' -benchtime 1s -cpu 1,2 -bench 'BenchmarkRecord|BenchmarkSnapshot|BenchmarkMerge' ./runtime/stats/) \
		>"$RAW/gobench.txt" 2>&1 || note "a Go benchmark failed: see raw/gobench.txt"
	{
		echo "## Go benchmarks"
		echo
		echo '```'
		grep -E '^(Benchmark|goos|cpu:)' "$RAW/gobench.txt"
		echo '```'
		echo
	} >>"$MD"
}

{
	echo "# gust benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	cat "$OUT/env.md"
	echo
} >"$MD"
for s in $SECTIONS; do
	case $s in
	throughput | latency | memory | scale | startup | gobench) "section_$s" ;;
	*) note "unknown section $s" ;;
	esac
done
if ((${#notes[@]})); then
	{
		echo "## Notes"
		echo
		for n in "${notes[@]}"; do echo "- $n"; done
	} >>"$MD"
fi
log "wrote $MD (raw runs in $OUT)"
cat "$MD"
