#!/bin/bash
# Writes the JVM's AOT cache (BENCHMARKS.md, "Recommended settings") while the image is built: starts the server
# exactly as the image's ENTRYPOINT does, but with -XX:AOTCacheOutput, a throwaway H2 database and an agent address
# nobody answers; sends it what a real start-up sees (health checks and metrics, a Twilio webhook, the staff pages
# and API, a simulated call that ends in the fallback); then stops it with SIGTERM, and the JVM writes the cache.
# Start-up to the first answered request then takes about half as long (see the README's "Deploy").
#
#   aot-training.sh CACHE_FILE JAR
set -euo pipefail
export LC_ALL=C  # read -N counts bytes
cache=$1
jar=$2
work=$(mktemp -d)
log=$work/server.log

# PORT=0: a free port, read back from the log, since a build shares the host's network (another build, or a
# server left by one, may hold any fixed port).
export PORT=0 DB_URL="jdbc:h2:file:$work/pharmacy" DEEPGRAM_API_KEY=aot-training \
  DEEPGRAM_AGENT_URL="ws://127.0.0.1:9/v1/agent/converse" AGENT_START_TIMEOUT=2 AGENT_RECONNECTS=0
# -Xlog:aot=error: the cache's writer lists every class it leaves out (JFR events, proxies) as a warning.
java -XX:AOTCacheOutput="$cache" -Xlog:aot=error -jar "$jar" >"$log" 2>&1 &
server=$!
# However this script ends, the server doesn't outlive it: a build shares the host's processes too.
trap 'kill -KILL "$server" 2>/dev/null || true' EXIT

fail() {
  echo "aot-training: $*" >&2
  cat "$log" >&2
  exit 1
}

port=
for _ in $(seq 600); do
  port=$(sed -n 's/.*listening on port \([0-9][0-9]*\):.*/\1/p' "$log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || fail "the server exited during start-up"
  sleep 0.1
done
[ -n "$port" ] || fail "the server did not start within 60 s"

# request METHOD PATH [FORM-BODY]: prints the answer's status code, after reading the whole answer (Helidon keeps
# the connection open after "Connection: close" until the client closes it, so EOF can't mark the end).
request() {
  local body=${3-} line status length=0 chunked=false size
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "${#body}" "$body" >&3
  IFS= read -r -t 10 line <&3 || fail "no answer to $1 $2"
  status=$(echo "$line" | cut -d' ' -f2)
  while IFS= read -r -t 10 line <&3 && [ "${line%$'\r'}" != "" ]; do
    case ${line,,} in
      content-length:*) length=$(echo "${line#*:}" | tr -dc 0-9) ;;
      transfer-encoding:*chunked*) chunked=true ;;
    esac
  done
  if $chunked; then
    while IFS= read -r -t 10 line <&3; do
      size=$((16#$(echo "$line" | tr -dc 0-9a-fA-F)))
      [ "$size" -eq 0 ] && break
      read -r -t 10 -N $((size + 2)) _ <&3
    done
  elif [ "$length" -gt 0 ]; then
    read -r -t 10 -N "$length" _ <&3
  fi
  exec 3<&-
  echo "$status"
}

answers=()
for round in 1 2 3; do
  for target in "GET /observe/health" "GET /observe/health/live" "GET /observe/health/ready" "GET /observe/metrics" \
      "POST /incoming-call CallSid=CA0000000000000000000000000000000$round&From=%2B15551234567&To=%2B15557654321" \
      "POST /call-status CallSid=CA0000000000000000000000000000000$round&CallStatus=completed&CallDuration=3" \
      "GET /" "GET /dashboard" "GET /api/drugs?query=ibu" "GET /api/drugs/1" "GET /api/orders?status=pending" \
      "GET /api/calls?limit=5"; do
    read -r method path body <<<"$target"
    code=$(request "$method" "$path" "$body")
    [ "$round" -eq 1 ] && answers+=("$method ${path%%\?*} $code")
  done
done
status=$(request GET /observe/health)
[ "$status" = 200 ] || fail "/observe/health answered $status during training"
# One call over the softphone stream: the WebSocket, the bridge, the agent client and the call records. With no
# agent to reach, it ends in the fallback after AGENT_START_TIMEOUT.
java -cp "$jar" org.pharmacyvoice.app.caller.SimulatedCaller --save "$work/agent.wav" --max-seconds 10 \
  "http://127.0.0.1:$port" >"$work/caller.log" 2>&1 || true
answers+=("simulated call: $(grep -o 'ended after .*' "$work/caller.log" || head -n 1 "$work/caller.log")")

kill -TERM "$server"
wait "$server" || true
trap - EXIT
[ -s "$cache" ] || fail "no AOT cache was written"
printf 'aot-training: %s\n' "${answers[@]}"
echo "aot-training: $(du -h "$cache" | cut -f1) AOT cache written to $cache"
rm -rf "$work"
