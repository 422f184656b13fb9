# shellcheck shell=bash
# Shared by the scripts that record Switchboard's bundled sessions (assets/demo/record-demo.sh,
# assets/lessons/record-lessons.sh): a real control plane and a real kube-proxy for node1 from
# ../shared/k8s/kube.sh, pods as network namespaces behind node1 with real HTTP servers (their
# status set through the API as a kubelet would), cluster DNS (dnsmasq behind kube-dns), an
# outside client, the capture sidecar on node1, and `switchboard-app.jar record` following it all
# through the API server. Source it, call kl_up, build a story, call kl_down (or leave it to the
# EXIT trap).
#
# Addresses: node1 10.250.32.1 (the outside client is 10.250.32.2), the host reaches node1's
# sidecar at 10.250.33.2:7443, pods 10.244.5.0/24, Services 10.96.0.0/16 (kube-dns 10.96.0.10,
# coredns-1 10.244.5.53). Pods reach each other and Services through node1 (gateway 169.254.1.1).

KL_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KL_KIT=${KUBE_KIT:-$KL_REPO/../shared/k8s/kube.sh}
export KUBE_KIT_STATE=${KUBE_KIT_STATE:-/tmp/switchboard-kit-lab}
export KUBE_KIT_FAKE_HOST_IP=10.250.32.1
KL_WORK=/tmp/switchboard-kit-lab-work
KL_APP=${KL_APP:-$KL_REPO/app/target/switchboard-app.jar}
KL_SIDECAR=${KL_SIDECAR:-$KL_REPO/capture/target/switchboard-capture.jar}
KL_NODE=sbl-node1
KL_HTTP='[{"name":"http","containerPort":8080,"protocol":"TCP"}]'
KL_PODS=()
KL_DNS=()

kl_say() { echo "kit-lab: $*" >&2; }
kl_die() { kl_say "$*"; exit 1; }

kl_api() { # METHOD PATH [JSON] [CONTENT-TYPE]
  curl -sS --fail-with-body --cacert "$KUBE_CA" -H "Authorization: Bearer $KUBE_ADMIN_TOKEN" \
    -H "Content-Type: ${4:-application/json}" -X "$1" "$KUBE_API$2" ${3:+-d "$3"} >/dev/null
}

kl_ns() { echo "sbl-$1"; } # a pod's network namespace

# kl_pod KNS NAME IP [NODE] [READY] [LABELS] [PORTS]: a pod with an HTTP server on :8080 that
# answers with its name, in its own network namespace behind node1
kl_pod() {
  local kns=$1 name=$2 ip=$3 node=${4:-node1} ready=${5:-True} labels=${6:-} ports=${7:-$KL_HTTP}
  local ns; ns=$(kl_ns "$name")
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "sbl-$name" netns "$KL_NODE" type veth peer name eth0 netns "$ns"
  ip -n "$KL_NODE" addr add 169.254.1.1/32 dev "sbl-$name"
  ip -n "$KL_NODE" link set "sbl-$name" up
  ip -n "$KL_NODE" route add "$ip/32" dev "sbl-$name"
  ip -n "$ns" addr add "$ip/32" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add 169.254.1.1 dev eth0 scope link
  ip -n "$ns" route add default via 169.254.1.1 dev eth0
  mkdir -p "$KL_WORK/www/$name" /etc/netns/"$ns"
  echo "$name" >"$KL_WORK/www/$name/index.html"
  printf 'nameserver 10.96.0.10\nsearch %s.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1 attempts:2\n' \
    "$kns" >/etc/netns/"$ns"/resolv.conf
  setsid ip netns exec "$ns" python3 -m http.server 8080 --bind "$ip" \
    --directory "$KL_WORK/www/$name" >"$KL_WORK/$name.log" 2>&1 </dev/null &
  echo $! >"$KL_WORK/$name.pid"
  LABELS=$labels PORTS=$ports "$KL_KIT" fake-pod "$kns" "$name" "$ip" "$node" "$ready" >/dev/null
  KL_PODS+=("$name")
}

# kl_ready KNS NAME IP NODE True|False: the pod's readiness, as its kubelet would report it
kl_ready() { "$KL_KIT" fake-pod "$1" "$2" "$3" "$4" "$5" >/dev/null; }

# kl_pod_gone KNS NAME: the pod deleted (its server stopped first), as a replaced pod goes
kl_pod_gone() {
  kill "$(cat "$KL_WORK/$2.pid")" 2>/dev/null || true
  kl_api DELETE "/api/v1/namespaces/$1/pods/$2?gracePeriodSeconds=0"
}

# kl_svc KNS NAME SPEC-JSON: a Service (spec as JSON, e.g. '{"clusterIP":"10.96.1.10",...}')
kl_svc() {
  kl_api POST "/api/v1/namespaces/$1/services" "$(jq -cn --arg ns "$1" --arg n "$2" \
    --argjson spec "$3" '{apiVersion: "v1", kind: "Service", metadata: {name: $n, namespace: $ns},
      spec: $spec}')"
}

# kl_dns NAME=IP…: the names the cluster DNS answers (restarts dnsmasq); cname:ALIAS=TARGET too
kl_dns() {
  local args=() r
  for r in "$@"; do
    case $r in
      cname:*) r=${r#cname:}; args+=("--cname=${r%%=*},${r##*=}") ;;
      *) args+=("--host-record=${r%%=*},${r##*=}") ;;
    esac
  done
  [ -f "$KL_WORK/dnsmasq.pid" ] && kill "$(cat "$KL_WORK/dnsmasq.pid")" 2>/dev/null && sleep 0.2
  ip netns exec "$(kl_ns coredns-1)" dnsmasq --no-resolv --no-hosts --bind-interfaces \
    --listen-address=10.244.5.53 --local=/cluster.local/ --user=root --group=root \
    --pid-file="$KL_WORK/dnsmasq.pid" --log-facility="$KL_WORK/dnsmasq.log" \
    --host-record=kube-dns.kube-system.svc.cluster.local,10.96.0.10 "${args[@]}"
}

# kl_wait_rules PATTERN COUNT: until node1's iptables rules hold COUNT lines matching PATTERN
kl_wait_rules() {
  local n=0
  for _ in $(seq 120); do
    n=$(ip netns exec "$KL_NODE" iptables-save | grep -c -- "$1" || true)
    [ "$n" -ge "$2" ] && return 0
    sleep 0.25
  done
  kl_die "kube-proxy did not program $2 × '$1' (found $n)"
}

# kl_call POD URL: one request from a pod (or "outside"), its answer discarded
kl_call() {
  local ns; [ "$1" = outside ] && ns=sbl-ext || ns=$(kl_ns "$1")
  ip netns exec "$ns" timeout 3 curl -s -m 2 "$2" >/dev/null 2>&1 || true
}

kl_up() {
  [ "$(id -u)" -eq 0 ] || kl_die "needs root (network namespaces, iptables, the kit)"
  [ -x "$KL_KIT" ] || kl_die "no $KL_KIT: the real Kubernetes kit (set KUBE_KIT)"
  [ -f "$KL_APP" ] && [ -f "$KL_SIDECAR" ] || kl_die "build first: mvn -B -DskipTests package"
  local t
  for t in ip python3 dnsmasq curl jq; do command -v "$t" >/dev/null || kl_die "missing $t"; done
  trap kl_down EXIT
  # what a run that was killed left behind: its cluster, and the namespaces and link named sbl-*
  # (this lab's own)
  "$KL_KIT" down --wipe >/dev/null 2>&1 || true
  local ns
  for ns in $(ip netns list | awk '/^sbl-/ {print $1}'); do
    ip netns del "$ns"
  done
  ip link del sbl-host 2>/dev/null || true
  kl_say "control plane (real kube-apiserver, controller-manager, scheduler)"
  "$KL_KIT" up
  export $("$KL_KIT" env | xargs)
  kl_say "kube-proxy (iptables mode) for node1 in netns $KL_NODE"
  "$KL_KIT" proxy "$KL_NODE" node1 "$KUBE_KIT_FAKE_HOST_IP"
  rm -rf "$KL_WORK"
  mkdir -p "$KL_WORK"
  ip netns exec "$KL_NODE" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
    net.ipv4.conf.default.rp_filter=0
  ip netns add sbl-ext
  ip link add ext0 netns sbl-ext type veth peer name n1-ext netns "$KL_NODE"
  ip -n sbl-ext addr add 10.250.32.2/24 dev ext0
  ip -n "$KL_NODE" addr add 10.250.32.1/24 dev n1-ext
  ip -n sbl-ext link set ext0 up
  ip -n sbl-ext link set lo up
  ip -n "$KL_NODE" link set n1-ext up
  ip -n sbl-ext route add 10.250.35.0/24 via 10.250.32.1 # load-balancer addresses
  ip -n sbl-ext route add 10.244.0.0/16 via 10.250.32.1   # pods (answers to pods calling out)
  ip link add sbl-host type veth peer name n1-host netns "$KL_NODE"
  ip addr add 10.250.33.1/30 dev sbl-host
  ip link set sbl-host up
  ip -n "$KL_NODE" addr add 10.250.33.2/30 dev n1-host
  ip -n "$KL_NODE" link set n1-host up
  kl_pod kube-system coredns-1 10.244.5.53 node1 True "" \
    '[{"name":"dns","containerPort":53,"protocol":"UDP"},{"name":"dns-tcp","containerPort":53,"protocol":"TCP"}]'
  kl_api POST /api/v1/namespaces/kube-system/services '{"apiVersion":"v1","kind":"Service","metadata":{"name":"kube-dns","namespace":"kube-system"},"spec":{"clusterIP":"10.96.0.10","selector":{"k8s-app":"kube-dns"},"ports":[{"name":"dns","protocol":"UDP","port":53,"targetPort":53},{"name":"dns-tcp","protocol":"TCP","port":53,"targetPort":53}]}}'
  kl_dns
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$KL_WORK/token"
}

# kl_sidecar: a fresh sidecar on node1 (rules read every 0.25 s), so a recording holds only what
# happened from its start (a running sidecar would hand a new reader its backlog)
kl_sidecar() {
  [ -f "$KL_WORK/sidecar.pid" ] && kill "$(cat "$KL_WORK/sidecar.pid")" 2>/dev/null && sleep 1
  setsid ip netns exec "$KL_NODE" java -jar "$KL_SIDECAR" --node node1 \
    --listen 10.250.33.2:7443 --token-file "$KL_WORK/token" --rules-interval 0.25 \
    --syn-timeout 3 >"$KL_WORK/sidecar.log" 2>&1 </dev/null &
  echo $! >"$KL_WORK/sidecar.pid"
  for _ in $(seq 60); do
    curl -s -m 1 http://10.250.33.2:7443/healthz >/dev/null && return 0
    sleep 0.5
  done
  kl_die "the sidecar did not start: $(tail -3 "$KL_WORK/sidecar.log")"
}

# kl_record OUT SECONDS: starts a fresh sidecar and the recorder; returns once it streams
kl_record() {
  kl_sidecar
  rm -f "$1"
  java -jar "$KL_APP" record --kubeconfig "$KUBECONFIG" --sidecar http://10.250.33.2:7443 \
    --token-file "$KL_WORK/token" --duration "$2s" --out "$1" 2>"$KL_WORK/record.log" &
  KL_RECORD=$!
  for _ in $(seq 60); do
    grep -q "streaming from node node1" "$KL_WORK/record.log" && { sleep 1; return 0; }
    sleep 0.5
  done
  kl_die "the recorder did not start: $(tail -3 "$KL_WORK/record.log")"
}

# kl_record_wait: until the recording's duration is over; prints its summary
kl_record_wait() {
  wait "$KL_RECORD" || kl_die "the recorder failed: $(tail -3 "$KL_WORK/record.log")"
  tail -1 "$KL_WORK/record.log" >&2
}

# kl_forget KNS: the namespace's pods and Services go, with their namespaces
kl_forget() {
  local p
  for p in "${KL_PODS[@]}"; do
    [ "$p" = coredns-1 ] && continue
    kill "$(cat "$KL_WORK/$p.pid" 2>/dev/null)" 2>/dev/null || true
    ip netns del "$(kl_ns "$p")" 2>/dev/null || true
    rm -rf /etc/netns/"$(kl_ns "$p")"
  done
  KL_PODS=(coredns-1)
  kl_api DELETE "/api/v1/namespaces/$1/pods?gracePeriodSeconds=0" || true
  kl_api DELETE "/api/v1/namespaces/$1?gracePeriodSeconds=0" || true
  for _ in $(seq 60); do
    curl -s -o /dev/null -w '%{http_code}' --cacert "$KUBE_CA" \
      -H "Authorization: Bearer $KUBE_ADMIN_TOKEN" "$KUBE_API/api/v1/namespaces/$1" |
      grep -q 404 && return 0
    sleep 0.5
  done
}

kl_down() {
  set +e
  for p in "$KL_WORK"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done
  [ "${KEEP:-0}" = 1 ] && { kl_say "kept: the cluster ($KUBE_KIT_STATE) and the namespaces"; return; }
  for p in "${KL_PODS[@]}"; do
    ip netns del "$(kl_ns "$p")" 2>/dev/null
    rm -rf /etc/netns/"$(kl_ns "$p")"
  done
  ip netns del sbl-ext 2>/dev/null
  ip link del sbl-host 2>/dev/null
  "$KL_KIT" down --wipe >/dev/null 2>&1
  ip netns del "$KL_NODE" 2>/dev/null
}
