#!/usr/bin/env bash
# Re-records the bundled demo session (assets/demo/demo.sbsession): the seeds' service-demo story on
# a real kube-apiserver, controller-manager and kube-proxy (../shared/k8s/kube.sh), with pods in
# network namespaces on one node, real HTTP servers, real DNS, the capture sidecar on the node and
# `switchboard-app.jar record` following it through the API server (see ../lab/kit-lab.sh).
#
#   sudo assets/demo/record-demo.sh [OUT.sbsession]      (after: mvn -B -DskipTests package)
#
# The story (about 50 s): frontend-1 calls backend-service by short name and by FQDN across three
# replicas; backend-2 is replaced by backend-4 (new IP; the EndpointSlice and kube-proxy's rules
# follow, and so does the traffic); backend-3 turns not ready just after another Service was
# created, so kube-proxy's 1 s min-sync-period holds its rules back and a burst of calls shows
# connections still reaching it after the API took it out; a client outside the cluster calls
# NodePort 30001 (SNAT to the node); a call to backend-wrong-port is refused (targetPort 9999:
# nothing listens); a call to backend-typo is rejected (selector app=backnd matches nothing:
# kube-proxy REJECTs).
#
# Environment: KUBE_KIT (path of kube.sh), KUBE_KIT_STATE (its state dir), KEEP=1 (leave the
# cluster and the namespaces up afterwards), STEP (seconds between calls, default 0.7).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lab/kit-lab.sh
. "$HERE/../lab/kit-lab.sh"
OUT=${1:-$HERE/demo.sbsession}
STEP=${STEP:-0.7}

svc() { # NAME TYPE CLUSTER_IP TARGET SELECTOR [NODEPORT]
  kl_svc default "$1" "$(jq -cn --arg ty "$2" --arg ip "$3" --arg t "$4" --arg sel "$5" \
    --arg np "${6:-}" '{type: $ty, clusterIP: $ip, selector: ($sel | split("=") | {(.[0]): .[1]}),
      ports: [{name: "http", protocol: "TCP", port: 80,
               targetPort: (if ($t | test("^[0-9]+$")) then ($t | tonumber) else $t end)}
              + (if $np == "" then {} else {nodePort: ($np | tonumber)} end)]}')"
}

kl_up
kl_say "pods through the API (their status set as a kubelet would), Services, DNS"
kl_pod default frontend-1 10.244.5.21
for i in 1 2 3; do kl_pod default "backend-$i" "10.244.5.1$i"; done
svc backend-service ClusterIP 10.96.123.45 http app=backend
svc frontend-nodeport NodePort 10.96.123.50 8080 app=frontend 30001
svc backend-wrong-port ClusterIP 10.96.123.46 9999 app=backend
svc backend-typo ClusterIP 10.96.123.47 8080 app=backnd
kl_dns backend-service.default.svc.cluster.local=10.96.123.45 \
  frontend-nodeport.default.svc.cluster.local=10.96.123.50 \
  backend-wrong-port.default.svc.cluster.local=10.96.123.46 \
  backend-typo.default.svc.cluster.local=10.96.123.47
kl_wait_rules 'default/backend-service:http -> ' 3

kl_record "$OUT" 52
calls() { # the frontend's steady calls, short name and FQDN in turn, until told to stop
  local i=0
  while [ ! -f "$KL_WORK/stop" ]; do
    if ((i % 2)); then kl_call frontend-1 http://backend-service.default.svc.cluster.local/
    else kl_call frontend-1 http://backend-service/; fi
    i=$((i + 1))
    sleep "$STEP"
  done
}
calls &
CALLS=$!
T0=$(date +%s)
at() { local t=$(($1 - ($(date +%s) - T0))); ((t > 0)) && sleep "$t"; return 0; }

at 12
kl_say "backend-2 replaced by backend-4 (new IP)"
kl_pod_gone default backend-2
kl_pod default backend-4 10.244.5.14
at 24
kl_say "a new Service, then backend-3 not ready within kube-proxy's 1 s min-sync-period, during a burst"
# kube-proxy syncs at most once a second: the new Service's sync makes the next one wait, so
# connections keep reaching backend-3 for a moment after the API took it out.
svc frontend-internal ClusterIP 10.96.123.51 8080 app=frontend
(for _ in $(seq 30); do kl_call frontend-1 http://10.96.123.45/; sleep 0.03; done) &
BURST=$!
sleep 0.2
kl_ready default backend-3 10.244.5.13 node1 False
wait "$BURST" || true
at 32
kl_say "a client outside the cluster calls NodePort 30001"
for _ in 1 2 3; do kl_call outside http://10.250.32.1:30001/; sleep 0.4; done
at 38
kl_say "a call to backend-wrong-port (targetPort 9999)"
for _ in 1 2; do kl_call frontend-1 http://backend-wrong-port/; sleep 0.5; done
at 43
kl_say "a call to backend-typo (selector app=backnd)"
for _ in 1 2; do kl_call frontend-1 http://backend-typo/; sleep 0.5; done
at 49
touch "$KL_WORK/stop"
wait "$CALLS" || true
kl_record_wait
java -jar "$KL_APP" replay "$OUT" >"$KL_WORK/demo.jsonl" 2>"$KL_WORK/replay.log"
kl_say "$(wc -l <"$KL_WORK/demo.jsonl") connections in $OUT ($(stat -c %s "$OUT") bytes); by outcome:"
jq -r .outcome "$KL_WORK/demo.jsonl" | sort | uniq -c >&2
