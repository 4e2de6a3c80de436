#!/usr/bin/env bash
# newsline analyze throughput on one core: docs/s, MB/s and peak memory.
# Usage: bench/throughput.sh [INPUT_DIR] [REPEAT]
# Default input: examples/corpus, repeated 20 times (copies under a temp dir) so the
# run lasts long enough to measure.
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-examples/corpus}
repeat=${2:-20}
cargo build --release -q -p newsline
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 "$repeat"); do mkdir -p "$tmp/c$i"; cp -r "$input"/. "$tmp/c$i/"; done
docs=$(./target/release/newsline analyze "$tmp" 2>/dev/null | wc -l)
bytes=$(du -sb "$tmp" | cut -f1)
start=$(date +%s.%N)
RAYON_NUM_THREADS=1 /usr/bin/time -v ./target/release/newsline analyze "$tmp" >/dev/null 2>"$tmp.time" || true
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
rss=$(grep 'Maximum resident' "$tmp.time" | awk '{print $6}')
rm -f "$tmp.time"
printf 'analyze, 1 core: %d docs, %.1f MB in %.2f s = %.0f docs/s, %.2f MB/s; peak RSS %d MB\n' \
  "$docs" "$(echo "$bytes/1000000" | bc -l)" "$secs" "$(echo "$docs/$secs" | bc -l)" \
  "$(echo "$bytes/1000000/$secs" | bc -l)" "$((rss/1024))"
