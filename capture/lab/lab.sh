#!/usr/bin/env bash
# Switchboard network lab: two "nodes", "pods", an external client, cluster DNS and real HTTP
# servers in network namespaces on one machine, with kube-proxy's Service rules on each node.
#
# iptables mode: the rules are the real kube-proxy's (one per node netns), from the real API
# server's Services and EndpointSlices, through the kit ../../../shared/k8s/kube.sh (or $KUBE_KIT);
# the pods are registered there as the kit's fake pods (no kubelet) on fake nodes node1 and node2.
# nftables mode: kube-proxy 1.26 has none, so kube-proxy-rules.py writes them in its layout.
#
#   lab.sh up [iptables|nftables]   build it (needs root, iproute2, iptables or nft, dnsmasq, python3)
#   lab.sh ready POD true|false     iptables mode: the pod's readiness, as its kubelet would report
#   lab.sh traffic [ROUNDS]         the client's requests; prints the ground truth, one line each
#   lab.sh sidecar [node1|node2]    run the capture sidecar on a node (node1 10.250.9.2:7443,
#                                   node2 10.250.9.6:7443; token in $LAB/token)
#   lab.sh dump                     the lab as a cluster dump (JSON), for the app's --dump (in
#                                   iptables mode the API server's own objects, also in $LAB/cluster.json)
#   lab.sh kit                      the kit's path, or why there is none (exit 1)
#   lab.sh down                     remove everything (always safe to run)
#
# Addresses (nothing leaves the namespaces): pods 10.244.1.0/24 on node1, 10.244.2.0/24 on node2,
# nodes 10.250.0.1/.2, external client 10.250.1.2 -> node1 10.250.1.1, host <-> node1 10.250.9.1/.2,
# host <-> node2 10.250.9.5/.6.
# Services: see services.json (web 10.96.10.10, NodePort 30080, ClientIP affinity, a wrong
# targetPort, a blackholed endpoint, one without endpoints, kube-dns 10.96.0.10).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
LAB=${SB_LAB_DIR:-/tmp/switchboard-lab}
NAMESPACES=(sb-node1 sb-node2 sb-ext sb-web1 sb-web2 sb-web3 sb-client sb-dns)
KIT=${KUBE_KIT:-$HERE/../../../shared/k8s/kube.sh}
# the lab's own control plane: its own state dir and ports, so it never meets another kit's
export KUBE_KIT_STATE=${SB_LAB_KIT_STATE:-/tmp/switchboard-lab-kube}
export KUBE_KIT_API_PORT=18443 KUBE_KIT_ETCD_PORT=14379 KUBE_KIT_ETCD_PEER_PORT=14380 \
  KUBE_KIT_CM_PORT=18257 KUBE_KIT_SCHED_PORT=18259 KUBE_KIT_ADVERTISE_IP=10.250.71.1

die() { echo "lab: $*" >&2; exit 1; }

need() {
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, iptables)"
  for t in ip python3 dnsmasq curl "$@"; do
    command -v "$t" >/dev/null 2>&1 || die "missing $t (apt-get install iproute2 python3 dnsmasq-base curl iptables nftables jq)"
  done
}

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

kit() {
  [ -x "$KIT" ] || die "iptables mode runs the real kube-proxy from the kit, and there is no $KIT (set KUBE_KIT)"
  echo "$KIT"
}

api() { # METHOD PATH [BODY [CONTENT-TYPE]]: the kit's API server as its admin
  curl -sS --fail-with-body --cacert "$KUBE_CA" -H "Authorization: Bearer $KUBE_ADMIN_TOKEN" \
    -H "Content-Type: ${4:-application/json}" -X "$1" "$KUBE_API$2" ${3:+-d "$3"}
}

objects() { python3 "$HERE/cluster-dump.py" "$HERE/services.json" --kit; }

# the nodes, pods and Services in the API server (idempotent: a kept state dir holds the last
# lab's), then kube-proxy on both nodes; returns once both have written every endpoint's DNAT
kube_up() {
  "$KIT" up
  export $("$KIT" env | xargs)
  local kind a b c d e f
  while read -r kind a b c d e f; do
    case $kind in
      node)
        "$KIT" fake-node "$a" "$b" "$d"
        [ "$c" = - ] || api PATCH "/api/v1/nodes/$a/status" "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"$b\"},{\"type\":\"ExternalIP\",\"address\":\"$c\"},{\"type\":\"Hostname\",\"address\":\"$a\"}]}}" \
          application/merge-patch+json >/dev/null ;;
      pod) LABELS=$e PORTS=$f "$KIT" fake-pod "$a" "$b" "$c" "$d" True >/dev/null ;;
      service) api PATCH "/api/v1/namespaces/$a/services/$b?fieldManager=switchboard-lab&force=true" \
          "$c" application/apply-patch+yaml >/dev/null ;;
    esac
  done < <(objects)
  "$KIT" proxy sb-node1 node1 10.250.0.1
  "$KIT" proxy sb-node2 node2 10.250.0.2
  local want n node
  want=$(objects | awk '$1 == "expect-dnat" {print $2}')
  for node in sb-node1 sb-node2; do
    for _ in $(seq 240); do
      n=$(in_ns "$node" iptables-save -t nat | grep -cE -- '-A KUBE-SEP-.*"(demo|kube-system)/.* -j DNAT' || true)
      [ "$n" -eq "$want" ] && break
      sleep 0.25
    done
    [ "$n" -eq "$want" ] || die "kube-proxy in $node wrote $n of the $want endpoints' DNAT rules"
  done
  cluster_dump > "$LAB/cluster.json"
}

# the API server's nodes, pods, Services and EndpointSlices as one List, as `kubectl get -o json`
cluster_dump() {
  {
    api GET /api/v1/nodes | jq '.items[] | . + {apiVersion: "v1", kind: "Node"}'
    api GET /api/v1/pods | jq '.items[] | . + {apiVersion: "v1", kind: "Pod"}'
    api GET /api/v1/services | jq '.items[] | . + {apiVersion: "v1", kind: "Service"}'
    api GET /apis/discovery.k8s.io/v1/endpointslices |
      jq '.items[] | . + {apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice"}'
  } | jq -s '{apiVersion: "v1", kind: "List", items: .}'
}

# ready POD true|false: a lab pod's readiness in the API server, as its kubelet would report it
ready() {
  [ "$(cat "$LAB/mode" 2>/dev/null)" = iptables ] || die "readiness is for the iptables lab (up iptables)"
  local line
  line=$(objects | awk -v p="$1" '$1 == "pod" && $3 == p') || true
  [ -n "$line" ] || die "no lab pod $1"
  read -r _ ns name ip node _ <<< "$line"
  "$KIT" fake-pod "$ns" "$name" "$ip" "$node" "$2"
}

# pod NAME NODE IP: a namespace on a veth behind its node, default route via 169.254.1.1
pod() {
  local name=$1 node=$2 ip=$3
  ip link add "sbv-$name" netns "sb-$node" type veth peer name eth0 netns "sb-$name"
  ip -n "sb-$node" addr add 169.254.1.1/32 dev "sbv-$name"
  ip -n "sb-$node" link set "sbv-$name" up
  ip -n "sb-$node" route add "$ip/32" dev "sbv-$name"
  ip -n "sb-$name" addr add "$ip/32" dev eth0
  ip -n "sb-$name" link set eth0 up
  ip -n "sb-$name" route add 169.254.1.1 dev eth0 scope link
  ip -n "sb-$name" route add default via 169.254.1.1 dev eth0
}

# web NAME NODE IP POD-NAME: an HTTP server that answers with its pod's name
web() {
  local ns=$1 ip=$2 podname=$3
  mkdir -p "$LAB/www/$podname"
  echo "$podname" > "$LAB/www/$podname/index.html"
  setsid ip netns exec "$ns" python3 -m http.server 8080 --bind "$ip" --directory "$LAB/www/$podname" \
    >"$LAB/$podname.log" 2>&1 < /dev/null &
  echo $! > "$LAB/$podname.pid"
}

up() {
  local mode=${1:-iptables}
  need
  [ "$mode" = iptables ] && need jq && kit >/dev/null
  [ "$mode" = nftables ] && need nft
  down quiet
  mkdir -p "$LAB"
  for ns in "${NAMESPACES[@]}"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
  done
  for node in sb-node1 sb-node2; do
    in_ns "$node" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
      net.ipv4.conf.default.rp_filter=0
  done
  pod web1 node1 10.244.1.11
  pod web2 node1 10.244.1.12
  pod client node1 10.244.1.21
  pod dns node1 10.244.1.53
  pod web3 node2 10.244.2.13
  # node1 <-> node2
  ip link add n1-n2 netns sb-node1 type veth peer name n2-n1 netns sb-node2
  ip -n sb-node1 addr add 10.250.0.1/24 dev n1-n2
  ip -n sb-node2 addr add 10.250.0.2/24 dev n2-n1
  ip -n sb-node1 link set n1-n2 up
  ip -n sb-node2 link set n2-n1 up
  ip -n sb-node1 route add 10.244.2.0/24 via 10.250.0.2
  ip -n sb-node2 route add 10.244.1.0/24 via 10.250.0.1
  ip -n sb-node2 route add blackhole 10.244.2.99/32
  # external client -> node1
  ip link add ext0 netns sb-ext type veth peer name n1-ext netns sb-node1
  ip -n sb-ext addr add 10.250.1.2/24 dev ext0
  ip -n sb-node1 addr add 10.250.1.1/24 dev n1-ext
  ip -n sb-ext link set ext0 up
  ip -n sb-node1 link set n1-ext up
  # host <-> node1, so a sidecar on node1 can be reached from here
  ip link add sb-host1 type veth peer name n1-host netns sb-node1
  ip addr add 10.250.9.1/30 dev sb-host1
  ip link set sb-host1 up
  ip -n sb-node1 addr add 10.250.9.2/30 dev n1-host
  ip -n sb-node1 link set n1-host up
  ip link add sb-host2 type veth peer name n2-host netns sb-node2
  ip addr add 10.250.9.5/30 dev sb-host2
  ip link set sb-host2 up
  ip -n sb-node2 addr add 10.250.9.6/30 dev n2-host
  ip -n sb-node2 link set n2-host up
  # cluster DNS: dnsmasq answers the Services' names, NXDOMAIN for the rest of cluster.local
  local records=()
  for r in web:10.96.10.10 web-np:10.96.10.11 web-sticky:10.96.10.12 broken:10.96.10.13 sink:10.96.10.16 \
           blackhole:10.96.10.14 orphan:10.96.10.15; do
    records+=("--host-record=${r%%:*}.demo.svc.cluster.local,${r##*:}")
  done
  in_ns sb-dns dnsmasq --no-resolv --no-hosts --bind-interfaces --listen-address=10.244.1.53 \
    --local=/cluster.local/ --user=root --group=root --pid-file="$LAB/dnsmasq.pid" \
    --log-facility="$LAB/dnsmasq.log" "${records[@]}" \
    --host-record=kube-dns.kube-system.svc.cluster.local,10.96.0.10
  mkdir -p /etc/netns/sb-client
  printf 'nameserver 10.96.0.10\nsearch demo.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5 timeout:1 attempts:1\n' \
    > /etc/netns/sb-client/resolv.conf
  web sb-web1 10.244.1.11 web-1
  web sb-web2 10.244.1.12 web-2
  web sb-web3 10.244.2.13 web-3
  # kube-proxy's rules, on both nodes
  if [ "$mode" = iptables ]; then
    kube_up
  else
    python3 "$HERE/kube-proxy-rules.py" "$HERE/services.json" > "$LAB/rules.nft"
    for node in sb-node1 sb-node2; do in_ns "$node" nft -f "$LAB/rules.nft"; done
    python3 "$HERE/cluster-dump.py" "$HERE/services.json" > "$LAB/cluster.json"
  fi
  echo "$mode" > "$LAB/mode"
  head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$LAB/token"
  for pod in web-1:sb-web1:10.244.1.11 web-2:sb-web2:10.244.1.12 web-3:sb-web3:10.244.2.13; do
    IFS=: read -r name ns ip <<< "$pod"
    for _ in $(seq 50); do
      in_ns sb-client curl -s --max-time 1 "http://$ip:8080/" >/dev/null 2>&1 && break
      sleep 0.1
    done || true
  done
  echo "lab up ($mode): namespaces ${NAMESPACES[*]}; state in $LAB"
}

# one request: prints "START_EPOCH CLIENT URL RESULT" (RESULT: the pod that answered, or curl's failure)
request() {
  local ns=$1 client=$2 url=$3
  local start out rc
  start=$(date +%s.%N)
  set +e
  out=$(in_ns "$ns" curl -s --max-time 2 "$url")
  rc=$?
  set -e
  case $rc in
    0) ;;
    7) out=refused ;;
    28) out=timeout ;;
    *) out="error-$rc" ;;
  esac
  echo "$start $client $url $out"
}

traffic() {
  local rounds=${1:-1}
  [ "$rounds" -le 100 ] || die "at most 100 rounds"
  [ -d "$LAB" ] || die "the lab is not up"
  for _ in $(seq "$rounds"); do
    request sb-client 10.244.1.21 http://web/
    request sb-client 10.244.1.21 http://web.demo.svc.cluster.local/
    request sb-client 10.244.1.21 http://10.96.10.10/
    request sb-client 10.244.1.21 http://web-sticky/
    request sb-client 10.244.1.21 http://broken/
    request sb-client 10.244.1.21 http://orphan/
    request sb-client 10.244.1.21 http://blackhole/
    request sb-ext 10.250.1.2 http://10.250.1.1:30080/
  done
}

sidecar() {
  [ -d "$LAB" ] || die "the lab is not up"
  local node=node1 listen=10.250.9.2:7443
  case "${1:-}" in
    node1) shift ;;
    node2) shift; node=node2; listen=10.250.9.6:7443 ;;
  esac
  local jar="$HERE/../target/switchboard-capture.jar"
  [ -f "$jar" ] || die "build the sidecar first: mvn -pl capture -am -DskipTests package"
  exec ip netns exec "sb-$node" java -jar "$jar" --node "$node" --listen "$listen" \
    --token-file "$LAB/token" "$@"
}

down() {
  # the kit's kube-proxies first (its own down; the control plane's state dir is kept, so the
  # next up takes seconds), then the lab's namespaces
  [ -x "$KIT" ] && [ -d "$KUBE_KIT_STATE" ] && { "$KIT" down >/dev/null 2>&1 || true; }
  for pidfile in "$LAB"/*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  for ns in "${NAMESPACES[@]}"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del sb-host1 2>/dev/null || true
  ip link del sb-host2 2>/dev/null || true
  rm -rf /etc/netns/sb-client "$LAB"
  [ "${1:-}" = quiet ] || echo "lab down"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  traffic) shift; traffic "$@" ;;
  sidecar) shift; sidecar "$@" ;;
  ready) shift; [ $# -eq 2 ] || die "usage: lab.sh ready POD true|false"; ready "$@" ;;
  dump) if [ -f "$LAB/cluster.json" ]; then cat "$LAB/cluster.json"
        else python3 "$HERE/cluster-dump.py" "$HERE/services.json"; fi ;;
  kit) kit ;;
  down) down ;;
  *) sed -n '2,24p' "$0"; exit 2 ;;
esac
