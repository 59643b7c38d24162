#!/usr/bin/env bash
# A local cluster to try things out: N clustered nodes on 127.0.0.2, 127.0.0.3, ... (client
# port 6000 and web port 6080 on each, Hazelcast 5701, event bus 5801) and nginx in front, on
# 127.0.0.1:6000 (TCP) and 127.0.0.1:6080 (the web client and WebSocket).
#
#   deploy/local-cluster.sh start [N]   # default 3 nodes
#   deploy/local-cluster.sh stop        # the nodes first (each says bye to its clients), then nginx
#   deploy/local-cluster.sh status
#
# Needs MariaDB and Redis on their default local ports, and nginx with the stream module for
# the front (without it, connect to the nodes directly). Logs and pids go to deploy/run/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
run="$here/run"
jar="$root/server/target/chat-server.jar"
mkdir -p "$run"

start() {
  local n=${1:-3}
  [ -f "$jar" ] || (cd "$root" && mvn -B -q package -DskipTests)
  local members=""
  for i in $(seq 2 $((n + 1))); do members="${members:+$members,}127.0.0.$i"; done
  for i in $(seq 2 $((n + 1))); do
    local node="node$((i - 1))"
    CHAT_NODE=$node CHAT_HOST=127.0.0.$i CHAT_PORT=6000 CHAT_WS_PORT=6080 CHAT_ADMIN_HOST=127.0.0.$i \
    CHAT_CLUSTER=true CHAT_CLUSTER_HOST=127.0.0.$i CHAT_CLUSTER_MEMBERS=$members \
      nohup java -XX:+UseSerialGC -Xmn32m -XX:TrimNativeHeapInterval=2000 -Xmx512m -jar "$jar" > "$run/$node.log" 2>&1 &
    echo $! > "$run/$node.pid"
    echo "started $node on 127.0.0.$i:6000, web on http://127.0.0.$i:6080/ (pid $!, log $run/$node.log)"
  done
  for i in $(seq 2 $((n + 1))); do
    local node="node$((i - 1))"
    for _ in $(seq 1 120); do grep -q "listening on" "$run/$node.log" && break; sleep 0.5; done
    grep "listening on" "$run/$node.log" || { echo "$node did not start; see $run/$node.log"; exit 1; }
  done
  start_nginx "$n"
}

start_nginx() {
  local n=$1
  if ! command -v nginx > /dev/null; then
    echo "nginx not installed: connect to 127.0.0.2:6000 ... directly (web client on http://127.0.0.2:6080/ ...)"
    return
  fi
  local module="" half_close=""
  [ -f /usr/lib/nginx/modules/ngx_stream_module.so ] && module="load_module /usr/lib/nginx/modules/ngx_stream_module.so;"
  # A client that closes its sending side (printf ... | nc -q 1) still gets every reply; nginx
  # closes both sides at the client's FIN without it, and knows it from 1.21.4 on.
  local version
  version=$(nginx -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p')
  if [ "$(printf '%s\n' 1.21.4 "$version" | sort -V | head -1)" = 1.21.4 ]; then half_close="proxy_half_close on;"; fi
  {
    echo "$module"
    echo "pid $run/nginx.pid; error_log $run/nginx.log; worker_processes 1;"
    echo "events { worker_connections 20000; }"
    echo "stream { upstream chat_nodes { least_conn;"
    for i in $(seq 2 $((n + 1))); do echo "  server 127.0.0.$i:6000;"; done
    echo "} server { listen 127.0.0.1:6000; proxy_pass chat_nodes; proxy_timeout 600s; $half_close } }"
    # The web port as in nginx-web.conf: WebSocket upgrades passed on, the browser's Host kept
    # (the nodes' origin check compares it with the page's origin).
    echo "http { access_log off; map \$http_upgrade \$chat_connection_upgrade { default upgrade; '' close; }"
    echo "upstream chat_web { least_conn;"
    for i in $(seq 2 $((n + 1))); do echo "  server 127.0.0.$i:6080;"; done
    echo "} server { listen 127.0.0.1:6080; location / { proxy_pass http://chat_web; proxy_http_version 1.1;"
    echo "  proxy_set_header Upgrade \$http_upgrade; proxy_set_header Connection \$chat_connection_upgrade;"
    echo "  proxy_set_header Host \$http_host; proxy_read_timeout 600s; proxy_send_timeout 600s; } } }"
  } > "$run/nginx.conf"
  nginx -c "$run/nginx.conf" -p "$run"
  echo "nginx on 127.0.0.1:6000 balancing $n nodes: nc 127.0.0.1 6000; web client on http://127.0.0.1:6080/"
}

# Waits up to $2 seconds for process $1 to exit.
wait_exit() {
  for _ in $(seq 1 $(($2 * 10))); do
    kill -0 "$1" 2> /dev/null || return 0
    sleep 0.1
  done
  return 1
}

stop() {
  # The nodes first, while nginx still carries their connections: on SIGTERM each says bye to
  # its clients and exits within 15 s. Stopping nginx first would cut the clients off without it.
  local stopping=()
  for file in "$run"/node*.pid; do
    [ -f "$file" ] || continue
    if kill "$(cat "$file")" 2> /dev/null; then
      stopping+=("$file")
    else
      echo "$(basename "$file" .pid) was not running"
      rm -f "$file"
    fi
  done
  for file in "${stopping[@]}"; do
    local node pid
    node=$(basename "$file" .pid)
    pid=$(cat "$file")
    if wait_exit "$pid" 20; then
      echo "stopped $node"
    else
      echo "$node did not stop within 20 s: killing it"
      kill -9 "$pid" 2> /dev/null || true
    fi
    rm -f "$file"
  done
  if [ -f "$run/nginx.pid" ]; then
    local pid
    pid=$(cat "$run/nginx.pid")
    if kill "$pid" 2> /dev/null; then
      wait_exit "$pid" 10 || true
      echo "stopped nginx"
    fi
    rm -f "$run/nginx.pid"
  fi
}

status() {
  local found=0
  for pid in "$run"/node*.pid; do
    [ -f "$pid" ] || continue
    found=1
    if kill -0 "$(cat "$pid")" 2> /dev/null; then echo "$(basename "$pid" .pid): running"; else echo "$(basename "$pid" .pid): stopped"; fi
  done
  [ "$found" = 1 ] || echo "no nodes (start them with: $0 start [N])"
}

case "${1:-}" in
  start) start "${2:-3}" ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start [N] | stop | status" >&2; exit 2 ;;
esac
