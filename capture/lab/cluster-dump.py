#!/usr/bin/env python3
"""The lab's nodes, pods and Services (Services and endpoints from services.json).

    cluster-dump.py services.json          the lab as the API server would describe it (`kubectl
                                           get nodes,pods,services,endpointslices -A -o json`),
                                           for the app's --dump when no API server holds the lab
    cluster-dump.py services.json --kit    what lab.sh creates in the real API server, one line
                                           each: "node NAME INTERNAL-IP EXTERNAL-IP|- POD-CIDR",
                                           "pod NS NAME IP NODE LABELS PORTS-JSON",
                                           "service NS NAME SERVICE-JSON", and "expect-dnat N":
                                           the DNAT rules kube-proxy writes once it has them all
"""
import json
import sys

STARTED = "2026-01-01T00:00:00Z"
NODES = [("node1", "10.250.0.1", "10.250.1.1", "10.244.1.0/24"),
         ("node2", "10.250.0.2", None, "10.244.2.0/24")]
# name, namespace, ip, node, labels, container ports
PODS = [
    ("web-1", "demo", "10.244.1.11", "node1", {"app": "web"}, [("http", 8080), ("tcp", 8081)]),
    ("web-2", "demo", "10.244.1.12", "node1", {"app": "web"}, [("http", 8080), ("tcp", 8081)]),
    ("web-3", "demo", "10.244.2.13", "node2", {"app": "web"}, [("http", 8080), ("tcp", 8081)]),
    ("ghost", "demo", "10.244.2.99", "node2", {"app": "ghost"}, [("http", 8080)]),
    ("client", "demo", "10.244.1.21", "node1", {"app": "client"}, []),
    ("coredns-lab", "kube-system", "10.244.1.53", "node1", {"k8s-app": "kube-dns"},
     [("dns", 53), ("dns-tcp", 53)]),
]
SELECTORS = {"kube-dns": {"k8s-app": "kube-dns"}, "blackhole": {"app": "ghost"},
             "orphan": {"app": "front-end"}}


def node(name, internal, external, cidr):
    addresses = [{"type": "InternalIP", "address": internal}]
    if external:
        addresses.append({"type": "ExternalIP", "address": external})
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "uid": "lab-node-" + name, "creationTimestamp": STARTED},
            "spec": {"podCIDR": cidr},
            "status": {"addresses": addresses,
                       "conditions": [{"type": "Ready", "status": "True"}]}}


def pod(name, ns, ip, node_name, labels, ports):
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": ns, "uid": "lab-pod-" + name,
                         "labels": labels, "creationTimestamp": STARTED},
            "spec": {"nodeName": node_name, "containers": [
                {"name": "main", "image": "lab", "ports": [
                    {"name": n, "containerPort": p, "protocol": "UDP" if n == "dns" else "TCP"}
                    for n, p in ports]}]},
            "status": {"phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
                       "startTime": STARTED,
                       "conditions": [{"type": "Ready", "status": "True"}]}}


def services_of(spec):
    """(namespace, name) -> {"spec": the first services.json entry, "ports": Service ports,
    "endpoints": {ip: {(port name, target port, protocol)}}}"""
    services = {}
    for s in spec["services"]:
        key = (s["namespace"], s["name"])
        svc = services.setdefault(key, {"spec": s, "ports": [], "endpoints": {}})
        target = s["endpoints"][0]["port"] if s["endpoints"] else 8080
        svc["ports"].append({"name": s["port"], "protocol": s["protocol"].upper(),
                             "port": s["portNumber"], "targetPort": target,
                             **({"nodePort": s["nodePort"]} if "nodePort" in s else {})})
        for e in s["endpoints"]:
            svc["endpoints"].setdefault(e["ip"], set()).add((s["port"], e["port"], s["protocol"].upper()))
    return services


def service_spec(name, svc):
    s = svc["spec"]
    out = {"clusterIP": s["clusterIP"], "clusterIPs": [s["clusterIP"]],
           "ports": svc["ports"], "selector": SELECTORS.get(name, {"app": "web"}),
           "type": "NodePort" if any("nodePort" in p for p in svc["ports"]) else "ClusterIP",
           "sessionAffinity": "ClientIP" if s.get("affinitySeconds") else "None"}
    if s.get("affinitySeconds"):
        out["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": s["affinitySeconds"]}}
    return out


def kit_lines(spec):
    for name, internal, external, cidr in NODES:
        print("node", name, internal, external or "-", cidr)
    for name, ns, ip, node_name, labels, ports in PODS:
        port_list = [{"name": n, "containerPort": p, "protocol": "UDP" if n == "dns" else "TCP"}
                     for n, p in ports]
        print("pod", ns, name, ip, node_name, ",".join(f"{k}={v}" for k, v in labels.items()),
              json.dumps(port_list, separators=(",", ":")))
    for (ns, name), svc in sorted(services_of(spec).items()):
        obj = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
               "spec": service_spec(name, svc)}
        print("service", ns, name, json.dumps(obj, separators=(",", ":")))
    print("expect-dnat", sum(len(s["endpoints"]) for s in spec["services"]))


def main():
    spec = json.load(open(sys.argv[1]))
    if sys.argv[2:] == ["--kit"]:
        kit_lines(spec)
        return
    pods_by_ip = {p[2]: p for p in PODS}
    items = [node(*n) for n in NODES] + [pod(*p) for p in PODS]
    for (ns, name), svc in sorted(services_of(spec).items()):
        items.append({"apiVersion": "v1", "kind": "Service",
                      "metadata": {"name": name, "namespace": ns, "uid": "lab-svc-" + name,
                                   "creationTimestamp": STARTED},
                      "spec": service_spec(name, svc), "status": {"loadBalancer": {}}})
        endpoints = []
        for ip in sorted(svc["endpoints"]):
            p = pods_by_ip[ip]
            endpoints.append({"addresses": [ip], "nodeName": p[3],
                              "conditions": {"ready": True, "serving": True, "terminating": False},
                              "targetRef": {"kind": "Pod", "name": p[0], "namespace": p[1]}})
        ports = sorted({(n, port, proto) for v in svc["endpoints"].values() for n, port, proto in v})
        items.append({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                      "metadata": {"name": name + "-lab", "namespace": ns, "uid": "lab-eps-" + name,
                                   "labels": {"kubernetes.io/service-name": name}},
                      "addressType": "IPv4", "endpoints": endpoints,
                      "ports": [{"name": n, "port": port, "protocol": proto} for n, port, proto in ports]})
    json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
