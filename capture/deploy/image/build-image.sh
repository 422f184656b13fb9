#!/usr/bin/env bash
# Builds the sidecar image without a container daemon or registry, from Debian packages:
#   capture/deploy/image/build-image.sh [OUT.tar]       (root; debootstrap; python3; a Debian mirror)
# Output: a docker-archive tar (docker load / podman load / kind load image-archive /
# ctr -n k8s.io images import) tagged switchboard/sidecar:0.1.0, two layers:
#   1. Debian bookworm minbase + openjdk-17-jre-headless, libpcap0.8, iptables, nftables,
#      conntrack, ipvsadm (what the sidecar runs: capture, and reading kube-proxy's rules);
#   2. /opt/switchboard/switchboard-capture.jar.
# Why not Jib: Jib cannot install OS packages (libpcap, iptables, nft, conntrack), and no
# container registry is reachable from the build machines, so it could not pull a base either.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
OUT=${1:-$TOP/capture/target/switchboard-sidecar-image.tar}
WORK=$TOP/capture/target/image
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
TAG=switchboard/sidecar:0.1.0
PACKAGES=openjdk-17-jre-headless,libpcap0.8,iptables,nftables,conntrack,ipvsadm

[ "$(id -u)" -eq 0 ] || { echo "build-image: needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-image: apt-get install debootstrap" >&2; exit 1; }
JAR=$TOP/capture/target/switchboard-capture.jar
[ -f "$JAR" ] || { echo "build-image: build the jar first: mvn -pl capture -am -DskipTests package" >&2; exit 1; }

mkdir -p "$WORK"
ROOT=$WORK/rootfs
if [ ! -f "$WORK/rootfs.done" ] || [ "$(cat "$WORK/rootfs.done")" != "$PACKAGES" ]; then
  rm -rf "$ROOT"
  debootstrap --variant=minbase --include="$PACKAGES" bookworm "$ROOT" "$MIRROR" > "$WORK/debootstrap.log"
  rm -rf "$ROOT"/var/cache/apt/* "$ROOT"/var/lib/apt/lists/* "$ROOT"/usr/share/doc/* \
    "$ROOT"/usr/share/man/* "$ROOT"/usr/share/locale/* "$ROOT"/var/log/* "$ROOT"/tmp/*
  echo "$PACKAGES" > "$WORK/rootfs.done"
fi
APP=$WORK/app
rm -rf "$APP" && mkdir -p "$APP/opt/switchboard"
cp "$JAR" "$APP/opt/switchboard/switchboard-capture.jar"

layer() { # layer DIR OUT.tar — reproducible: sorted, fixed times and owners
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$1" -cf "$2" .
}
layer "$ROOT" "$WORK/layer-os.tar"
layer "$APP" "$WORK/layer-app.tar"

python3 - "$WORK" "$OUT" "$TAG" <<'PY'
import hashlib, json, os, sys, tarfile
work, out, tag = sys.argv[1:4]
layers = ["layer-os.tar", "layer-app.tar"]
def sha(p):
    h = hashlib.sha256()
    with open(os.path.join(work, p), "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
diff_ids = ["sha256:" + sha(l) for l in layers]
config = {
    "architecture": "amd64", "os": "linux",
    "config": {
        "Entrypoint": ["/usr/bin/java", "-jar", "/opt/switchboard/switchboard-capture.jar"],
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        "WorkingDir": "/",
        "Labels": {"org.opencontainers.image.title": "switchboard-sidecar",
                   "org.opencontainers.image.version": "0.1.0"},
    },
    "rootfs": {"type": "layers", "diff_ids": diff_ids},
    "history": [{"created_by": "debootstrap bookworm minbase + sidecar packages"},
                {"created_by": "switchboard-capture.jar"}],
}
config_bytes = json.dumps(config, sort_keys=True).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
manifest = [{"Config": config_name, "RepoTags": [tag],
             "Layers": [d[7:] + "/layer.tar" for d in diff_ids]}]
with tarfile.open(out, "w") as t:
    def add(name, data=None, path=None):
        if path:
            t.add(path, arcname=name)
        else:
            import io
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 0
            t.addfile(info, io.BytesIO(data))
    add(config_name, config_bytes)
    for layer, d in zip(layers, diff_ids):
        add(d[7:] + "/layer.tar", path=os.path.join(work, layer))
    add("manifest.json", json.dumps(manifest).encode())
    repo, version = tag.rsplit(":", 1)
    add("repositories", json.dumps({repo: {version: diff_ids[-1][7:]}}).encode())
print(f"{out}: {tag}, {os.path.getsize(out) // (1 << 20)} MiB, layers {', '.join(d[7:19] for d in diff_ids)}")
PY
