#!/usr/bin/env python3
"""Writes the lab's Service rules in the layout of kube-proxy's nftables proxier, which kube-proxy
1.26 lacks (the lab's iptables mode runs the real kube-proxy instead).

    kube-proxy-rules.py services.json > rules.nft        # for nft -f

The layout: table ip kube-proxy, service-ips / service-nodeports verdict maps, numgen random
vmaps, affinity sets, no-endpoint-services; chain names hashed as kube-proxy does
(base32(sha256(...))[:16]).
"""
import base64
import hashlib
import json
import sys


def h(s):
    return base64.b32encode(hashlib.sha256(s.encode()).digest()).decode()[:16]


def svc_name(s):
    return f"{s['namespace']}/{s['name']}:{s['port']}"


def nftables(spec):
    cidr = spec["clusterCIDR"]
    t = "ip kube-proxy"
    out = [f'add table {t} {{ comment "rules for kube-proxy" ; }}',
           f'flush table {t}',
           f'add chain {t} mark-for-masquerade',
           f'add rule {t} mark-for-masquerade mark set mark or 0x4000',
           f'add chain {t} masquerading',
           f'add rule {t} masquerading mark and 0x4000 == 0 return',
           f'add rule {t} masquerading mark set mark xor 0x4000',
           f'add rule {t} masquerading masquerade fully-random',
           f'add set {t} cluster-ips {{ type ipv4_addr ; comment "Active ClusterIPs" ; }}',
           f'add set {t} nodeport-ips {{ type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }}',
           f'add map {t} service-ips {{ type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }}',
           f'add map {t} service-nodeports {{ type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }}',
           f'add map {t} no-endpoint-services {{ type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }}',
           f'add chain {t} reject-chain {{ comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }}',
           f'add rule {t} reject-chain reject',
           f'add chain {t} services',
           f'add rule {t} services ip daddr . meta l4proto . th dport vmap @service-ips',
           f'add rule {t} services fib daddr type local meta l4proto . th dport vmap @service-nodeports',
           f'add chain {t} nat-prerouting {{ type nat hook prerouting priority dstnat ; }}',
           f'add rule {t} nat-prerouting jump services',
           f'add chain {t} nat-output {{ type nat hook output priority -100 ; }}',
           f'add rule {t} nat-output jump services',
           f'add chain {t} nat-postrouting {{ type nat hook postrouting priority srcnat ; }}',
           f'add rule {t} nat-postrouting jump masquerading',
           f'add chain {t} filter-forward {{ type filter hook forward priority -110 ; }}',
           f'add rule {t} filter-forward ct state new ip daddr . meta l4proto . th dport vmap @no-endpoint-services',
           f'add chain {t} filter-output {{ type filter hook output priority -110 ; }}',
           f'add rule {t} filter-output ct state new ip daddr . meta l4proto . th dport vmap @no-endpoint-services']
    for s in spec["services"]:
        name, proto, vip, port = svc_name(s), s["protocol"], s["clusterIP"], s["portNumber"]
        base = f'{s["namespace"]}/{s["name"]}/{proto}/{s["port"]}'
        key = h(name + proto)[:8]
        out.append(f'add element {t} cluster-ips {{ {vip} }}')
        if not s["endpoints"]:
            out.append(f'add element {t} no-endpoint-services {{ {vip} . {proto} . {port} comment "{name}" : goto reject-chain }}')
            continue
        svc = f"service-{key}-{base}"
        out.append(f'add chain {t} {svc}')
        out.append(f'add rule {t} {svc} ip daddr {vip} {proto} dport {port} ip saddr != {cidr} jump mark-for-masquerade')
        affinity = s.get("affinitySeconds", 0)
        eps = []
        for ep in s["endpoints"]:
            dest = f'{ep["ip"]}/{ep["port"]}'
            chain = f"endpoint-{h(name + proto + ep['ip'] + ':' + str(ep['port']))[:8]}-{base}__{dest}"
            eps.append(chain)
            out.append(f'add chain {t} {chain}')
            out.append(f'add rule {t} {chain} ip saddr {ep["ip"]} jump mark-for-masquerade')
            if affinity:
                aff = f"affinity-{h(name + proto + ep['ip'] + ':' + str(ep['port']))[:8]}-{base}__{dest}"
                out.append(f'add set {t} {aff} {{ type ipv4_addr ; flags dynamic,timeout ; timeout {affinity}s ; }}')
                out.append(f'add rule {t} {chain} update @{aff} {{ ip saddr }}')
                out.append(f'add rule {t} {svc} ip saddr @{aff} goto {chain}')
            out.append(f'add rule {t} {chain} meta l4proto {proto} dnat to {ep["ip"]}:{ep["port"]}')
        if len(eps) == 1:
            out.append(f'add rule {t} {svc} goto {eps[0]}')
        else:
            slots = " , ".join(f"{i} : goto {c}" for i, c in enumerate(eps))
            out.append(f'add rule {t} {svc} numgen random mod {len(eps)} vmap {{ {slots} }}')
        out.append(f'add element {t} service-ips {{ {vip} . {proto} . {port} : goto {svc} }}')
        if s.get("nodePort"):
            ext = f"external-{key}-{base}"
            out.append(f'add chain {t} {ext}')
            out.append(f'add rule {t} {ext} jump mark-for-masquerade')
            out.append(f'add rule {t} {ext} goto {svc}')
            out.append(f'add element {t} service-nodeports {{ {proto} . {s["nodePort"]} : goto {ext} }}')
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    sys.stdout.write(nftables(spec))
