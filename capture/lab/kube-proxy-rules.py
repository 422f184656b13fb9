#!/usr/bin/env python3
"""Writes Service rules in kube-proxy's own layout, for the lab's "nodes".

    kube-proxy-rules.py iptables services.json > rules.iptables   # for iptables-restore
    kube-proxy-rules.py nftables services.json > rules.nft        # for nft -f

The iptables layout follows what kube-proxy 1.26 wrote in ../src/test/resources/fixtures/
real-lab-1/node1-iptables-save.txt (chain names hashed the same way: base32(sha256(...))[:16]);
the nftables layout follows kube-proxy's nftables proxier (table ip kube-proxy, service-ips /
service-nodeports verdict maps, numgen random vmaps, affinity sets, no-endpoint-services).
"""
import base64
import hashlib
import json
import sys


def h(s):
    return base64.b32encode(hashlib.sha256(s.encode()).digest()).decode()[:16]


def svc_name(s):
    return f"{s['namespace']}/{s['name']}:{s['port']}"


def iptables(spec):
    cidr = spec["clusterCIDR"]
    nat_chains, nat, filt = [], [], []
    nat_chains += ["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-MARK-MASQ", "KUBE-POSTROUTING"]
    nat += ['-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
            '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
            '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
            '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
            '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
            '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
            '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully']
    filt += ['-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
             '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
             '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
             '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
             '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES']
    for s in spec["services"]:
        name, proto, vip, port = svc_name(s), s["protocol"], s["clusterIP"], s["portNumber"]
        eps = s["endpoints"]
        if not eps:
            filt.append(f'-A KUBE-SERVICES -d {vip}/32 -p {proto} -m comment --comment "{name} has no endpoints" '
                        f'-m {proto} --dport {port} -j REJECT --reject-with icmp-port-unreachable')
            continue
        svc = "KUBE-SVC-" + h(name + proto)
        nat_chains.append(svc)
        nat.append(f'-A KUBE-SERVICES -d {vip}/32 -p {proto} -m comment --comment "{name} cluster IP" -m {proto} --dport {port} -j {svc}')
        nat.append(f'-A {svc} ! -s {cidr} -d {vip}/32 -p {proto} -m comment --comment "{name} cluster IP" -m {proto} --dport {port} -j KUBE-MARK-MASQ')
        if s.get("nodePort"):
            ext = "KUBE-EXT-" + h(name + proto)
            nat_chains.append(ext)
            nat.append(f'-A KUBE-NODEPORTS -p {proto} -m comment --comment "{name}" -m {proto} --dport {s["nodePort"]} -j {ext}')
            nat.append(f'-A {ext} -m comment --comment "masquerade traffic for {name} external destinations" -j KUBE-MARK-MASQ')
            nat.append(f'-A {ext} -j {svc}')
        affinity = s.get("affinitySeconds", 0)
        seps = []
        for ep in eps:
            dest = f'{ep["ip"]}:{ep["port"]}'
            sep = "KUBE-SEP-" + h(name + proto + dest)
            seps.append((sep, dest, ep["ip"]))
            nat_chains.append(sep)
        if affinity:
            for sep, dest, _ in seps:
                nat.append(f'-A {svc} -m comment --comment "{name} -> {dest}" -m recent --rcheck --seconds {affinity} '
                           f'--reap --name {sep} --mask 255.255.255.255 --rsource -j {sep}')
        n = len(seps)
        for i, (sep, dest, _) in enumerate(seps):
            stat = "" if i == n - 1 else f" -m statistic --mode random --probability {1.0 / (n - i):0.10f}"
            nat.append(f'-A {svc} -m comment --comment "{name} -> {dest}"{stat} -j {sep}')
        for sep, dest, ip in seps:
            nat.append(f'-A {sep} -s {ip}/32 -m comment --comment "{name}" -j KUBE-MARK-MASQ')
            recent = f" -m recent --set --name {sep} --mask 255.255.255.255 --rsource" if affinity else ""
            nat.append(f'-A {sep} -p {proto} -m comment --comment "{name}"{recent} -m {proto} -j DNAT --to-destination {dest}')
    nat.append('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" '
               '-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')
    out = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
           ":KUBE-EXTERNAL-SERVICES - [0:0]", ":KUBE-NODEPORTS - [0:0]", ":KUBE-SERVICES - [0:0]"]
    out += filt + ["COMMIT", "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
                   ":POSTROUTING ACCEPT [0:0]"]
    out += [f":{c} - [0:0]" for c in dict.fromkeys(nat_chains)] + nat + ["COMMIT"]
    return "\n".join(out) + "\n"


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
    mode, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        spec = json.load(f)
    sys.stdout.write(iptables(spec) if mode == "iptables" else nftables(spec))
