#!/usr/bin/env bash
# Load test of `newsline serve` with wrk (issue 8): search and timeline on
# loopback, on the demo corpus and on N synthetic articles. Prints ingest
# throughput and peak RSS, cold (first) request times, wrk p50/p99 latency and
# requests/s, and the server's peak RSS.
#
# Usage: bench/load/run.sh [N=50000] [DURATION=15s] [CONNECTIONS=8]   (N=0: demo only)
# Env:   NEWSLINE_LOAD_DIR (work dir, default target/load; generated data and
#        data directories live there, never commit them), SKIP_BUILD=1 (use
#        the existing target/release/newsline), REUSE=1 (keep an existing
#        synthetic data directory instead of ingesting again),
#        NEWSLINE_BIN (binary to test instead of target/release/newsline),
#        NEWSLINE_BENCH (Timeline17 texts for the generator).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-50000}
dur=${2:-15s}
conn=${3:-8}
work=${NEWSLINE_LOAD_DIR:-target/load}
mkdir -p "$work"
work=$(cd "$work" && pwd)
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y wrk curl)" >&2; exit 2; }
done
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --release -q -p newsline
fi
# A private copy: other builds may replace target/release/newsline meanwhile.
cp "${NEWSLINE_BIN:-target/release/newsline}" "$work/newsline"
bin="$work/newsline"
lua="$(pwd)/bench/load/paths.lua"
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

# ingest NAME INPUT: fresh data directory $work/NAME-data
ingest() {
  local name=$1 input=$2 data="$work/$1-data"
  if [ -n "${REUSE:-}" ] && [ "$name" != demo ] && [ -f "$data/newsline.sqlite" ]; then
    echo "[$name] reusing $data"
    return
  fi
  rm -rf "$data"
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -v "$bin" --data "$data" ingest "$input" >"$work/$name-ingest.out" \
    2>"$work/$name-ingest.err" || true
  t1=$(date +%s.%N)
  local rss new cpu
  rss=$(awk '/Maximum resident/ {print int($6/1024)}' "$work/$name-ingest.err")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/$name-ingest.err")
  new=$(cat "$work/$name-ingest.out" "$work/$name-ingest.err" | grep -o ', new [0-9]*' |
    awk '{print $3}' | tail -1 || true)
  printf '[%s] ingest: %s new articles in %.1f s wall (%.1f CPU s) = %.0f docs/s wall, %.0f docs per CPU s; peak RSS %s MB\n' \
    "$name" "${new:-0}" "$(echo "$t1 - $t0" | bc -l)" "$cpu" \
    "$(echo "${new:-0} / ($t1 - $t0)" | bc -l)" "$(echo "${new:-0} / $cpu" | bc -l)" "$rss"
}

# load NAME: serve NAME-data, warm up, run wrk on search and timeline paths
load() {
  local name=$1 data="$work/$1-data"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local base="http://127.0.0.1:$port"
  "$bin" --data "$data" serve --addr "127.0.0.1:$port" >"$work/$name-serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    curl -sf "$base/api/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf "$base/api/health" >/dev/null || { echo "server did not start" >&2; cat "$work/$name-serve.log" >&2; exit 1; }
  # Search: plain words, a phrase, boolean, a date filter and a second page.
  cat >"$work/search.paths" <<'PATHS'
/api/search?q=president
/api/search?q=minister
/api/search?q=%22oil+spill%22
/api/search?q=ambassador+AND+talks
/api/search?q=government&since=2019-01-01
/api/search?q=summit
/api/search?q=sanctions&page=2
/api/search?q=police
/api/search?q=
/api/search?q=election+OR+vote
PATHS
  cat >"$work/timeline.paths" <<'PATHS'
/api/timeline?q=president
/api/timeline?q=ambassador
/api/timeline?q=summit
/api/timeline?q=%22oil+spill%22&max_dates=10
/api/timeline?q=sanctions
PATHS
  for kind in search timeline; do
    # cold: the first request of each path builds the server's caches
    local cold
    cold=$(while read -r p; do
      curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base$p"
    done <"$work/$kind.paths" | awk '{ if ($1 != 200) bad++; t = $2 * 1000; if (t > m) m = t } END { printf "%.0f ms%s", m, bad ? " (" bad " non-200!)" : "" }')
    local out
    out=$(NEWSLINE_WRK_PATHS="$work/$kind.paths" wrk -t2 -c"$conn" -d"$dur" --latency -s "$lua" "$base" | grep '^RESULT')
    echo "[$name] $kind: slowest first request $cold; wrk -t2 -c$conn -d$dur: ${out#RESULT }"
  done
  local hwm
  hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$server_pid/status")
  echo "[$name] server peak RSS: $hwm MB"
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

echo "newsline load test: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
ingest demo examples/corpus
load demo
[ "$n" -gt 0 ] || exit 0
synth="$work/synth-$n.jsonl"
if [ ! -s "$synth" ]; then
  python3 bench/load/gen.py "$n" >"$synth"
fi
ingest "synth$n" "$synth"
load "synth$n"
