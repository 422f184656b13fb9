#!/usr/bin/env bash
# Re-records the recordings of the bundled lessons (assets/lessons/*.sbsession), one per concept,
# each on a real kube-apiserver, controller-manager and kube-proxy (../shared/k8s/kube.sh) with
# pods in network namespaces, real HTTP servers and DNS, the sidecar on node1 and
# `switchboard-app.jar record` (see ../lab/kit-lab.sh).
#
#   sudo assets/lessons/record-lessons.sh [LESSON …]     (after: mvn -B -DskipTests package)
#
# Each lesson's story is the function of its name below; its namespace is gone before the next
# one starts, so each recording holds its own objects (and kube-system's DNS).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lab/kit-lab.sh
. "$HERE/../lab/kit-lab.sh"

svc_spec() { # TYPE CLUSTER_IP SELECTOR PORT TARGET [NODEPORT] [EXTRA-JSON]
  jq -cn --arg ty "$1" --arg ip "$2" --arg sel "$3" --argjson p "$4" --arg t "$5" \
    --arg np "${6:-}" --argjson extra "${7:-{\}}" \
    '{type: $ty, clusterIP: $ip, selector: ($sel | split("=") | {(.[0]): .[1]}),
      ports: [{name: "web", protocol: "TCP", port: $p,
               targetPort: (if ($t | test("^[0-9]+$")) then ($t | tonumber) else $t end)}
              + (if $np == "" then {} else {nodePort: ($np | tonumber)} end)]} + $extra'
}

every() { # SECONDS COUNT POD URL: COUNT calls, SECONDS apart
  for _ in $(seq "$2"); do kl_call "$3" "$4"; sleep "$1"; done
}

# A pod replaced by another: new IP, the EndpointSlice and the rules follow, the client does not care.
pod-ips-change() {
  local ns=pods
  for i in 1 2 3; do kl_pod $ns "web-$i" "10.244.5.1$i"; done
  kl_pod $ns client-1 10.244.5.21
  kl_svc $ns web "$(svc_spec ClusterIP 10.96.20.10 app=web 80 8080)"
  kl_dns web.$ns.svc.cluster.local=10.96.20.10
  kl_wait_rules "$ns/web:web -> " 3
  kl_record "$HERE/pod-ips-change.sbsession" 30
  every 0.6 14 client-1 http://web/
  kl_pod_gone $ns web-2
  kl_pod $ns web-4 10.244.5.14
  every 0.6 24 client-1 http://web/
  kl_record_wait
  kl_forget $ns
}

# One Service, one VIP, one name — asked for six ways; the resolver's search path walks.
vip-and-dns() {
  local ns=names url
  kl_pod $ns api-1 10.244.5.31
  kl_pod $ns api-2 10.244.5.32
  kl_pod $ns client-1 10.244.5.33
  kl_svc $ns api "$(svc_spec ClusterIP 10.96.21.10 app=api 80 8080)"
  kl_dns api.$ns.svc.cluster.local=10.96.21.10
  kl_wait_rules "$ns/api:web -> " 2
  kl_record "$HERE/vip-and-dns.sbsession" 26
  for url in http://api/ http://api.names/ http://api.names.svc/ \
             http://api.names.svc.cluster.local/ http://api.names.svc.cluster.local./ \
             http://10.96.21.10/; do
    every 1.6 2 client-1 "$url"
    sleep 0.8
  done
  kl_record_wait
  kl_forget $ns
}

# The port a client dials, the port the pod listens on (named in the Service), the node's port.
ports() {
  local ns=ports
  kl_pod $ns shop-1 10.244.5.41
  kl_pod $ns shop-2 10.244.5.42
  kl_pod $ns client-1 10.244.5.43
  kl_svc $ns shop "$(svc_spec NodePort 10.96.22.10 app=shop 80 http 30080)"
  kl_dns shop.$ns.svc.cluster.local=10.96.22.10
  kl_wait_rules "$ns/shop:web -> " 2
  kl_record "$HERE/ports.sbsession" 20
  every 1 3 client-1 http://shop/
  every 1 3 outside http://10.250.32.1:30080/
  every 1 2 client-1 http://10.96.22.10:80/
  kl_record_wait
  kl_forget $ns
}

# ClusterIP, NodePort, LoadBalancer, ExternalName (DNS only), headless (DNS returns the pods).
service-types() {
  local ns=types
  kl_pod $ns web-1 10.244.5.51
  kl_pod $ns web-2 10.244.5.52
  kl_pod $ns client-1 10.244.5.54
  kl_svc $ns web "$(svc_spec ClusterIP 10.96.23.10 app=web 80 8080)"
  kl_svc $ns web-np "$(svc_spec NodePort 10.96.23.11 app=web 80 8080 30081)"
  kl_svc $ns web-lb "$(svc_spec LoadBalancer 10.96.23.12 app=web 80 8080 30082)"
  kl_api PATCH "/api/v1/namespaces/$ns/services/web-lb/status" \
    '{"status":{"loadBalancer":{"ingress":[{"ip":"10.250.35.100"}]}}}' application/merge-patch+json
  kl_svc $ns web-headless "$(jq -cn '{clusterIP: "None", selector: {app: "web"},
    ports: [{name: "web", protocol: "TCP", port: 8080, targetPort: 8080}]}')"
  kl_svc $ns db "$(jq -cn '{type: "ExternalName", externalName: "db.example.com"}')"
  # the database outside the cluster: the outside host's own HTTP server
  mkdir -p "$KL_WORK/www/db"
  echo db.example.com >"$KL_WORK/www/db/index.html"
  setsid ip netns exec sbl-ext python3 -m http.server 8080 --bind 10.250.32.2 \
    --directory "$KL_WORK/www/db" >"$KL_WORK/db.log" 2>&1 </dev/null &
  echo $! >"$KL_WORK/db.pid"
  kl_dns web.$ns.svc.cluster.local=10.96.23.10 web-np.$ns.svc.cluster.local=10.96.23.11 \
    web-lb.$ns.svc.cluster.local=10.96.23.12 web-headless.$ns.svc.cluster.local=10.244.5.51 \
    web-headless.$ns.svc.cluster.local=10.244.5.52 cname:db.$ns.svc.cluster.local=db.example.com \
    db.example.com=10.250.32.2
  kl_wait_rules "$ns/web-lb:web loadbalancer IP" 1
  kl_record "$HERE/service-types.sbsession" 30
  every 1 3 client-1 http://web/
  every 1 3 outside http://10.250.32.1:30081/
  every 1 3 outside http://10.250.35.100/
  every 1 3 client-1 http://db:8080/
  every 1 3 client-1 http://web-headless:8080/
  kl_record_wait
  kill "$(cat "$KL_WORK/db.pid")" 2>/dev/null || true
  kl_forget $ns
}

# A selector with a typo: no endpoints, kube-proxy REJECTs; fixed, it answers.
selector-typo() {
  local ns=typo
  kl_pod $ns orders-1 10.244.5.61
  kl_pod $ns orders-2 10.244.5.62
  kl_pod $ns client-1 10.244.5.63
  kl_svc $ns orders "$(svc_spec ClusterIP 10.96.24.10 app=order 80 8080)"
  kl_dns orders.$ns.svc.cluster.local=10.96.24.10
  kl_wait_rules "$ns/orders:web has no endpoints" 1
  kl_record "$HERE/selector-typo.sbsession" 24
  every 1 4 client-1 http://orders/
  sleep 2
  kl_api PATCH "/api/v1/namespaces/$ns/services/orders" '{"spec":{"selector":{"app":"orders"}}}' \
    application/merge-patch+json
  sleep 2
  every 1 6 client-1 http://orders/
  kl_record_wait
  kl_forget $ns
}

# Readiness takes an endpoint out; kube-proxy follows a moment later (its 1 s min-sync-period).
readiness-and-lag() {
  local ns=ready
  for i in 1 2 3; do kl_pod $ns "web-$i" "10.244.5.7$i"; done
  kl_pod $ns client-1 10.244.5.74
  kl_svc $ns web "$(svc_spec ClusterIP 10.96.25.10 app=web 80 8080)"
  kl_dns web.$ns.svc.cluster.local=10.96.25.10
  kl_wait_rules "$ns/web:web -> " 3
  kl_record "$HERE/readiness-and-lag.sbsession" 24
  every 0.5 12 client-1 http://web/
  kl_svc $ns web-extra "$(svc_spec ClusterIP 10.96.25.11 app=web 80 8080)"
  (for _ in $(seq 30); do kl_call client-1 http://10.96.25.10/; sleep 0.03; done) &
  local burst=$!
  sleep 0.2
  kl_ready $ns web-3 10.244.5.73 node1 False
  wait "$burst" || true
  every 0.5 12 client-1 http://web/
  kl_record_wait
  kl_forget $ns
}

# kube-proxy's iptables rules pick a backend at random: 1/4, then 1/3 of the rest, 1/2, 1.
random-choice() {
  local ns=random
  for i in 1 2 3 4; do kl_pod $ns "web-$i" "10.244.5.8$i"; done
  kl_pod $ns client-1 10.244.5.85
  kl_svc $ns web "$(svc_spec ClusterIP 10.96.26.10 app=web 80 8080)"
  kl_wait_rules "$ns/web:web -> " 4
  kl_record "$HERE/random-choice.sbsession" 22
  every 0.02 240 client-1 http://10.96.26.10/
  kl_record_wait
  kl_forget $ns
}

# ClientIP affinity: a client keeps its backend; without it, connections spread.
session-affinity() {
  local ns=sticky
  for i in 1 2 3; do kl_pod $ns "web-$i" "10.244.5.9$i"; done
  kl_pod $ns client-1 10.244.5.94
  kl_pod $ns client-2 10.244.5.95
  kl_svc $ns web "$(svc_spec ClusterIP 10.96.27.10 app=web 80 8080 '' \
    '{"sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}}}')"
  kl_svc $ns web-plain "$(svc_spec ClusterIP 10.96.27.11 app=web 80 8080)"
  kl_dns web.$ns.svc.cluster.local=10.96.27.10 web-plain.$ns.svc.cluster.local=10.96.27.11
  kl_wait_rules "$ns/web:web -> " 3
  kl_wait_rules "$ns/web-plain:web -> " 3
  kl_record "$HERE/session-affinity.sbsession" 24
  for _ in $(seq 6); do
    kl_call client-1 http://web/
    kl_call client-2 http://web/
    sleep 0.6
  done
  every 0.5 8 client-1 http://web-plain/
  kl_record_wait
  kl_forget $ns
}

# externalTrafficPolicy: Cluster spreads NodePort traffic (and SNATs it); Local keeps it on the
# node's own pods and keeps the client's address.
traffic-policy-local() {
  local ns=local
  kl_pod $ns web-1 10.244.5.101 node1
  KUBE_KIT_FAKE_HOST_IP=10.250.36.1 kl_pod $ns web-2 10.244.5.102 node2
  kl_svc $ns web-cluster "$(svc_spec NodePort 10.96.28.11 app=web 80 8080 30084)"
  kl_svc $ns web-local "$(svc_spec NodePort 10.96.28.10 app=web 80 8080 30083 \
    '{"externalTrafficPolicy":"Local"}')"
  kl_wait_rules "$ns/web-cluster:web -> " 2
  kl_record "$HERE/traffic-policy-local.sbsession" 22
  every 0.5 8 outside http://10.250.32.1:30084/
  every 0.5 8 outside http://10.250.32.1:30083/
  kl_record_wait
  kl_forget $ns
}

ALL=(pod-ips-change vip-and-dns ports service-types selector-typo readiness-and-lag random-choice
  session-affinity traffic-policy-local)
kl_up
for lesson in "${@:-${ALL[@]}}"; do
  kl_say "recording $lesson"
  "$lesson"
done
