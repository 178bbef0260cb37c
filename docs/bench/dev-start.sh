#!/usr/bin/env bash
# Measures dev mode from `./mvnw quarkus:dev` to the first page served (http://localhost:8080/ → 200).
# Usage: docs/bench/dev-start.sh [--clean]   (--clean: remove target/ first, as on a fresh checkout)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "${1:-}" = "--clean" ] && rm -rf target
log=$(mktemp)
start=$(date +%s.%N)
./mvnw -B -q quarkus:dev -Dquarkus.console.enabled=false >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8080/ || true)" = "200" ]; do
  if ! kill -0 $pid 2>/dev/null; then echo "dev mode exited:"; cat "$log"; exit 1; fi
  sleep 0.2
done
end=$(date +%s.%N)
printf 'dev mode: first page after %.1f s\n' "$(echo "$end - $start" | bc)"
