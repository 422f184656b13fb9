#!/usr/bin/env bash
# Builds the sidecar image without a container daemon or registry, from Debian packages:
#   capture/deploy/image/build-image.sh [OUT.tar]       (root; debootstrap; python3; a Debian mirror)
# Output: an OCI archive that is also a docker archive (docker load / podman load / kind load
# image-archive / ctr -n k8s.io images import) tagged switchboard/sidecar:0.1.0, two layers:
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
config_digest = hashlib.sha256(config_bytes).hexdigest()
# An OCI image layout (index.json, oci-layout, blobs/) that also carries docker's manifest.json
# pointing at the same blobs, as `docker save` writes since Docker 25: containerd (ctr images
# import), Docker/Podman (load) and kind (load image-archive) all read it.
oci_manifest = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
               "digest": "sha256:" + config_digest, "size": len(config_bytes)},
    "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d,
                "size": os.path.getsize(os.path.join(work, l))}
               for l, d in zip(layers, diff_ids)],
}
manifest_bytes = json.dumps(oci_manifest, sort_keys=True).encode()
manifest_digest = hashlib.sha256(manifest_bytes).hexdigest()
repo, version = tag.rsplit(":", 1)
index = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.index.v1+json",
    "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                   "digest": "sha256:" + manifest_digest, "size": len(manifest_bytes),
                   "annotations": {"io.containerd.image.name": "docker.io/" + tag,
                                   "org.opencontainers.image.ref.name": version}}],
}
docker_manifest = [{"Config": "blobs/sha256/" + config_digest, "RepoTags": [tag],
                    "Layers": ["blobs/sha256/" + d[7:] for d in diff_ids]}]
with tarfile.open(out, "w") as t:
    def add(name, data=None, path=None):
        if path:
            info = t.gettarinfo(path, arcname=name)
            info.mtime = 0; info.uid = info.gid = 0; info.uname = info.gname = ""
            with open(path, "rb") as f:
                t.addfile(info, f)
        else:
            import io
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 0
            t.addfile(info, io.BytesIO(data))
    add("oci-layout", json.dumps({"imageLayoutVersion": "1.0.0"}).encode())
    add("index.json", json.dumps(index, sort_keys=True).encode())
    add("blobs/sha256/" + config_digest, config_bytes)
    add("blobs/sha256/" + manifest_digest, manifest_bytes)
    for layer, d in zip(layers, diff_ids):
        add("blobs/sha256/" + d[7:], path=os.path.join(work, layer))
    add("manifest.json", json.dumps(docker_manifest).encode())
    add("repositories", json.dumps({repo: {version: diff_ids[-1][7:]}}).encode())
print(f"{out}: {tag}, {os.path.getsize(out) // (1 << 20)} MiB, layers {', '.join(d[7:19] for d in diff_ids)}")
PY
