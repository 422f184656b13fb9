#!/usr/bin/env bash
# Renders switchboard.svg into what each system needs, next to it: PNGs at the sizes desktops use
# (hicolor 16…512, and 1024 for macOS), switchboard.ico (Windows: PNG entries 16…256) and
# switchboard.icns (macOS: PNG entries 16…1024). Needs rsvg-convert (Debian: librsvg2-bin) and
# python3. The results are committed; run this again after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
for s in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$s" -h "$s" switchboard.svg -o "switchboard-$s.png"
done
python3 - <<'PY'
import struct

def png(size):
    with open(f"switchboard-{size}.png", "rb") as f:
        return f.read()

# ICO: a directory of PNG images (Windows Vista and later read PNG entries).
sizes = [16, 24, 32, 48, 64, 128, 256]
images = [png(s) for s in sizes]
offset = 6 + 16 * len(sizes)
head = struct.pack("<HHH", 0, 1, len(sizes))
entries = b""
for s, data in zip(sizes, images):
    dim = 0 if s == 256 else s
    entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
with open("switchboard.ico", "wb") as f:
    f.write(head + entries + b"".join(images))

# ICNS: big-endian chunks; these types hold PNG data.
types = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256),
         ("ic09", 512), ("ic10", 1024)]
chunks = b"".join(t.encode() + struct.pack(">I", 8 + len(png(s))) + png(s) for t, s in types)
with open("switchboard.icns", "wb") as f:
    f.write(b"icns" + struct.pack(">I", 8 + len(chunks)) + chunks)
PY
ls -l switchboard*
