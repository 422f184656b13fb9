#!/usr/bin/env bash
# Re-records the bundled demo session (assets/demo/demo.sbsession): the seeds' service-demo story on
# a real kube-apiserver, controller-manager and kube-proxy (../shared/k8s/kube.sh), with pods in
# network namespaces on one node, real HTTP servers, real DNS, the capture sidecar on the node and
# `switchboard-app.jar record` following it through the API server.
#
#   sudo assets/demo/record-demo.sh [OUT.sbsession]      (after: mvn -B -DskipTests package)
#
# The story (about 50 s): frontend-1 calls backend-service by short name and by FQDN across three
# replicas; backend-2 is replaced by backend-4 (new IP; the EndpointSlice and kube-proxy's rules
# follow, and so does the traffic); backend-3 turns not ready just after another Service was
# created, so kube-proxy's 1 s min-sync-period holds its rules back and a burst of calls shows
# connections still reaching it after the API took it out; a client outside the cluster calls NodePort 30001 (SNAT to the
# node); a call to backend-wrong-port is refused (targetPort 9999: nothing listens); a call to
# backend-typo is rejected (selector app=backnd matches nothing: kube-proxy REJECTs).
#
# Environment: KUBE_KIT (path of kube.sh), KUBE_KIT_STATE (its state dir; default a temp dir of
# its own), KEEP=1 (leave the cluster and the namespaces up afterwards), STEP (seconds between
# calls, default 0.7).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$REPO/assets/demo/demo.sbsession}
KIT=${KUBE_KIT:-$REPO/../shared/k8s/kube.sh}
STEP=${STEP:-0.7}
export KUBE_KIT_STATE=${KUBE_KIT_STATE:-/tmp/switchboard-demo-kube}
export KUBE_KIT_FAKE_HOST_IP=10.250.32.1 # node1's address, as the outside client reaches it
WORK=/tmp/switchboard-demo
APP=$REPO/app/target/switchboard-app.jar
SIDECAR=$REPO/capture/target/switchboard-capture.jar
NODE=sbd-node1
PODS=(frontend-1:10.244.5.21 backend-1:10.244.5.11 backend-2:10.244.5.12 backend-3:10.244.5.13
  backend-4:10.244.5.14 coredns-1:10.244.5.53)

say() { echo "demo: $*" >&2; }
die() { say "$*"; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, iptables, the kit)"
[ -x "$KIT" ] || die "no $KIT: the real Kubernetes kit (set KUBE_KIT)"
[ -f "$APP" ] && [ -f "$SIDECAR" ] || die "build first: mvn -B -DskipTests package"
for t in ip python3 dnsmasq curl jq; do command -v "$t" >/dev/null || die "missing $t"; done

api() { # METHOD PATH [JSON]
  curl -sS --fail-with-body --cacert "$KUBE_CA" -H "Authorization: Bearer $KUBE_ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -X "$1" "$KUBE_API$2" ${3:+-d "$3"} >/dev/null
}
ns_of() { echo "sbd-${1}"; }

# a pod's namespace on a veth behind node1, default route via 169.254.1.1 (as real-lab-1)
pod_net() {
  local name=$1 ip=$2 ns; ns=$(ns_of "$name")
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "sbd-$name" netns "$NODE" type veth peer name eth0 netns "$ns"
  ip -n "$NODE" addr add 169.254.1.1/32 dev "sbd-$name"
  ip -n "$NODE" link set "sbd-$name" up
  ip -n "$NODE" route add "$ip/32" dev "sbd-$name"
  ip -n "$ns" addr add "$ip/32" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add 169.254.1.1 dev eth0 scope link
  ip -n "$ns" route add default via 169.254.1.1 dev eth0
}

# an HTTP server on :8080 that answers with its pod's name
web() {
  local name=$1 ip=$2
  mkdir -p "$WORK/www/$name"
  echo "$name" >"$WORK/www/$name/index.html"
  setsid ip netns exec "$(ns_of "$name")" python3 -m http.server 8080 --bind "$ip" \
    --directory "$WORK/www/$name" >"$WORK/$name.log" 2>&1 </dev/null &
  echo $! >"$WORK/$name.pid"
}

cleanup() {
  set +e
  for p in "$WORK"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done
  [ "${KEEP:-0}" = 1 ] && { say "kept: the cluster ($KUBE_KIT_STATE) and the namespaces"; return; }
  for pod in "${PODS[@]}"; do ip netns del "$(ns_of "${pod%%:*}")" 2>/dev/null; done
  ip netns del sbd-ext 2>/dev/null
  ip link del sbd-host 2>/dev/null
  rm -rf /etc/netns/sbd-frontend-1
  "$KIT" down --wipe >/dev/null 2>&1
  ip netns del "$NODE" 2>/dev/null
}
trap cleanup EXIT

say "control plane (real kube-apiserver, controller-manager, scheduler)"
"$KIT" up
export $("$KIT" env | xargs)
say "kube-proxy (iptables mode) for node1 in netns $NODE"
"$KIT" proxy "$NODE" node1 "$KUBE_KIT_FAKE_HOST_IP"
rm -rf "$WORK"
mkdir -p "$WORK"
ip netns exec "$NODE" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
  net.ipv4.conf.default.rp_filter=0
for pod in "${PODS[@]}"; do pod_net "${pod%%:*}" "${pod##*:}"; done
# the outside client, and the host's link to the node (to reach the sidecar)
ip netns add sbd-ext
ip link add ext0 netns sbd-ext type veth peer name n1-ext netns "$NODE"
ip -n sbd-ext addr add 10.250.32.2/24 dev ext0
ip -n "$NODE" addr add 10.250.32.1/24 dev n1-ext
ip -n sbd-ext link set ext0 up
ip -n "$NODE" link set n1-ext up
ip link add sbd-host type veth peer name n1-host netns "$NODE"
ip addr add 10.250.33.1/30 dev sbd-host
ip link set sbd-host up
ip -n "$NODE" addr add 10.250.33.2/30 dev n1-host
ip -n "$NODE" link set n1-host up

say "pods through the API (their status set as a kubelet would), Services, DNS"
HTTP='[{"name":"http","containerPort":8080,"protocol":"TCP"}]'
PORTS=$HTTP "$KIT" fake-pod default frontend-1 10.244.5.21 node1 True >/dev/null
for i in 1 2 3; do
  PORTS=$HTTP "$KIT" fake-pod default "backend-$i" "10.244.5.1$i" node1 True >/dev/null
done
"$KIT" fake-pod kube-system coredns-1 10.244.5.53 node1 True >/dev/null
svc() { # NS NAME TYPE CLUSTER_IP PORT TARGET SELECTOR [NODEPORT]
  local ports
  ports=$(jq -cn --argjson p "$5" --arg t "$6" --arg np "${8:-}" \
    '[{name: "http", protocol: "TCP", port: $p,
       targetPort: (if ($t | test("^[0-9]+$")) then ($t | tonumber) else $t end)}
      + (if $np == "" then {} else {nodePort: ($np | tonumber)} end)]')
  api POST "/api/v1/namespaces/$1/services" "$(jq -cn --arg ns "$1" --arg n "$2" --arg ty "$3" \
    --arg ip "$4" --argjson ports "$ports" --arg sel "$7" \
    '{apiVersion: "v1", kind: "Service", metadata: {name: $n, namespace: $ns},
      spec: {type: $ty, clusterIP: $ip, ports: $ports,
             selector: ($sel | split("=") | {(.[0]): .[1]})}}')"
}
svc default backend-service ClusterIP 10.96.123.45 80 http app=backend
svc default frontend-nodeport NodePort 10.96.123.50 80 8080 app=frontend 30001
svc default backend-wrong-port ClusterIP 10.96.123.46 80 9999 app=backend
svc default backend-typo ClusterIP 10.96.123.47 80 8080 app=backnd
api POST /api/v1/namespaces/kube-system/services '{"apiVersion":"v1","kind":"Service","metadata":{"name":"kube-dns","namespace":"kube-system"},"spec":{"clusterIP":"10.96.0.10","selector":{"k8s-app":"kube-dns"},"ports":[{"name":"dns","protocol":"UDP","port":53,"targetPort":53},{"name":"dns-tcp","protocol":"TCP","port":53,"targetPort":53}]}}'
records=()
for r in backend-service:10.96.123.45 frontend-nodeport:10.96.123.50 \
         backend-wrong-port:10.96.123.46 backend-typo:10.96.123.47; do
  records+=("--host-record=${r%%:*}.default.svc.cluster.local,${r##*:}")
done
ip netns exec sbd-coredns-1 dnsmasq --no-resolv --no-hosts --bind-interfaces \
  --listen-address=10.244.5.53 --local=/cluster.local/ --user=root --group=root \
  --pid-file="$WORK/dnsmasq.pid" --log-facility="$WORK/dnsmasq.log" "${records[@]}" \
  --host-record=kube-dns.kube-system.svc.cluster.local,10.96.0.10
mkdir -p /etc/netns/sbd-frontend-1
printf 'nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1 attempts:2\n' \
  >/etc/netns/sbd-frontend-1/resolv.conf
web frontend-1 10.244.5.21
for i in 1 2 3; do web "backend-$i" "10.244.5.1$i"; done

say "waiting for kube-proxy to program backend-service's three endpoints"
for _ in $(seq 120); do
  n=$(ip netns exec "$NODE" iptables -t nat -S | grep -c 'default/backend-service:http -> ' || true)
  [ "$n" -ge 3 ] && break
  sleep 0.5
done
[ "$n" -ge 3 ] || die "kube-proxy did not program backend-service"

say "the sidecar on node1, and the recorder following it and the API server"
head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$WORK/token"
setsid ip netns exec "$NODE" java -jar "$SIDECAR" --node node1 --listen 10.250.33.2:7443 \
  --token-file "$WORK/token" --rules-interval 0.25 --syn-timeout 3 >"$WORK/sidecar.log" 2>&1 \
  </dev/null &
echo $! >"$WORK/sidecar.pid"
for _ in $(seq 60); do
  curl -s -m 1 http://10.250.33.2:7443/healthz >/dev/null && break
  sleep 0.5
done
java -jar "$APP" record --kubeconfig "$KUBECONFIG" --sidecar http://10.250.33.2:7443 \
  --token-file "$WORK/token" --duration 52s --out "$OUT" 2>"$WORK/record.log" &
RECORD=$!
for _ in $(seq 60); do grep -q "streaming from node node1" "$WORK/record.log" && break; sleep 0.5; done
sleep 1

client() { ip netns exec sbd-frontend-1 timeout 3 curl -s -m 2 "$@" || true; }
calls() { # the frontend's steady calls, short name and FQDN in turn, until told to stop
  local i=0
  while [ ! -f "$WORK/stop" ]; do
    if ((i % 2)); then client http://backend-service.default.svc.cluster.local/ >/dev/null
    else client http://backend-service/ >/dev/null; fi
    i=$((i + 1))
    sleep "$STEP"
  done
}
calls &
CALLS=$!
T0=$(date +%s)
at() { local t=$(($1 - ($(date +%s) - T0))); ((t > 0)) && sleep "$t"; return 0; }

at 12
say "backend-2 replaced by backend-4 (new IP)"
kill "$(cat "$WORK/backend-2.pid")"
api DELETE "/api/v1/namespaces/default/pods/backend-2?gracePeriodSeconds=0"
web backend-4 10.244.5.14
PORTS=$HTTP "$KIT" fake-pod default backend-4 10.244.5.14 node1 True >/dev/null
at 24
say "a new Service, then backend-3 not ready within kube-proxy's 1 s min-sync-period, during a burst"
# kube-proxy syncs at most once a second: the new Service's sync makes the next one wait, so
# connections keep reaching backend-3 for a moment after the API took it out.
svc default frontend-internal ClusterIP 10.96.123.51 80 8080 app=frontend
(for _ in $(seq 30); do client http://10.96.123.45/ >/dev/null; sleep 0.03; done) &
BURST=$!
sleep 0.2
"$KIT" fake-pod default backend-3 10.244.5.13 node1 False >/dev/null
wait "$BURST" || true
at 32
say "a client outside the cluster calls NodePort 30001"
for _ in 1 2 3; do ip netns exec sbd-ext curl -s -m 2 http://10.250.32.1:30001/ >/dev/null || true; sleep 0.4; done
at 38
say "a call to backend-wrong-port (targetPort 9999)"
for _ in 1 2; do client http://backend-wrong-port/ >/dev/null; sleep 0.5; done
at 43
say "a call to backend-typo (selector app=backnd)"
for _ in 1 2; do client http://backend-typo/ >/dev/null; sleep 0.5; done
at 49
touch "$WORK/stop"
wait "$CALLS" || true
wait "$RECORD" || die "the recorder failed: $(tail -3 "$WORK/record.log")"
tail -1 "$WORK/record.log" >&2
java -jar "$APP" replay "$OUT" >"$WORK/demo.jsonl" 2>"$WORK/replay.log"
say "$(wc -l <"$WORK/demo.jsonl") connections in $OUT ($(stat -c %s "$OUT") bytes); by outcome:"
jq -r .outcome "$WORK/demo.jsonl" | sort | uniq -c >&2
