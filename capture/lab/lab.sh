#!/usr/bin/env bash
# Switchboard network lab: two "nodes", "pods", an external client, cluster DNS and real HTTP
# servers in network namespaces on one machine, with kube-proxy-format Service rules on each node.
#
#   lab.sh up [iptables|nftables]   build it (needs root, iproute2, iptables or nft, dnsmasq, python3)
#   lab.sh traffic [ROUNDS]         the client's requests; prints the ground truth, one line each
#   lab.sh sidecar [node1|node2]    run the capture sidecar on a node (node1 10.250.9.2:7443,
#                                   node2 10.250.9.6:7443; token in $LAB/token)
#   lab.sh dump                     the lab as a cluster dump (JSON), for the app's --dump
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

die() { echo "lab: $*" >&2; exit 1; }

need() {
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, iptables)"
  for t in ip python3 dnsmasq curl "$@"; do
    command -v "$t" >/dev/null 2>&1 || die "missing $t (apt-get install iproute2 python3 dnsmasq-base curl iptables nftables)"
  done
}

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

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
  [ "$mode" = iptables ] && need iptables-restore
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
  python3 "$HERE/kube-proxy-rules.py" "$mode" "$HERE/services.json" > "$LAB/rules.$mode"
  for node in sb-node1 sb-node2; do
    if [ "$mode" = iptables ]; then in_ns "$node" iptables-restore < "$LAB/rules.$mode"
    else in_ns "$node" nft -f "$LAB/rules.$mode"; fi
  done
  echo "$mode" > "$LAB/mode"
  python3 "$HERE/cluster-dump.py" "$HERE/services.json" > "$LAB/cluster.json"
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
  dump) python3 "$HERE/cluster-dump.py" "$HERE/services.json" ;;
  down) down ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
