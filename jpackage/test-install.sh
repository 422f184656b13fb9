#!/usr/bin/env bash
# The installers as a user gets them (root, Debian): builds the .deb and the .rpm, installs the
# .deb, runs `switchboard --version` and `switchboard graph --dump …` from PATH, checks the
# desktop entry and the icons, removes the package and checks that nothing of it is left under
# /opt or /usr; the .rpm must hold the very same files. Run by .ci/run after the Maven tests
# (SKIP_BUILD=1: the jars are built). Prints what it checked; exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "test-install: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "test-install: skipped (needs root to install a package)"; exit 0; }
command -v dpkg >/dev/null || { echo "test-install: skipped (not a Debian system)"; exit 0; }
if dpkg -s switchboard >/dev/null 2>&1; then
  fail "a switchboard package is installed already; remove it first"
fi

jpackage/build.sh linux
deb=$(ls target/jpackage/switchboard_*_amd64.deb)
rpm=$(ls target/jpackage/switchboard-*.x86_64.rpm)
echo "test-install: built $(du -h "$deb" | cut -f1) $deb and $(du -h "$rpm" | cut -f1) $rpm"

before=$(mktemp)
find /opt /usr -name '*switchboard*' 2>/dev/null | sort > "$before"
apt-get install -y -q "./$deb" >/dev/null || fail "apt-get could not install $deb"
trap 'dpkg --purge switchboard >/dev/null 2>&1 || true' EXIT

[ "$(command -v switchboard)" = /usr/bin/switchboard ] || fail "switchboard is not on PATH"
version=$(switchboard --version)
[[ "$version" == "switchboard "* ]] || fail "switchboard --version said: $version"
echo "test-install: switchboard --version: $version"
graph=$(switchboard graph --dump app/src/test/resources/fixtures/real-lab-1/cluster.yaml)
grep -q '"services"' <<<"$graph" || fail "graph --dump printed no services: ${graph:0:200}"
grep -q '"name": "web-1"' <<<"$graph" || fail "graph --dump did not list pod web-1"
echo "test-install: switchboard graph --dump: $(grep -c '"name": ' <<<"$graph") objects named"

desktop=/usr/share/applications/switchboard.desktop
desktop-file-validate "$desktop" || fail "$desktop is not valid"
grep -q '^Exec=switchboard$' "$desktop" || fail "$desktop does not start the command on PATH"
for s in 16 24 32 48 64 128 256 512; do
  [ -s "/usr/share/icons/hicolor/${s}x${s}/apps/switchboard.png" ] || fail "no ${s}px icon"
done
[ -s /usr/share/icons/hicolor/scalable/apps/switchboard.svg ] || fail "no scalable icon"
[ -s /usr/share/doc/switchboard/copyright ] || fail "no licence"
echo "test-install: desktop entry valid, icons at 8 sizes and scalable, licence installed"

missing=$(comm -23 <(rpm -qlp "$rpm" 2>/dev/null | sort) \
  <(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#; s#/$##' | sort))
[ -z "$missing" ] || fail "the .rpm holds files the .deb does not: $missing"
echo "test-install: the .rpm holds the same files ($(rpm -qlp "$rpm" 2>/dev/null | wc -l))"

dpkg --purge switchboard >/dev/null || fail "dpkg could not remove switchboard"
trap - EXIT
after=$(mktemp)
find /opt /usr -name '*switchboard*' 2>/dev/null | sort > "$after"
left=$(comm -13 "$before" "$after")
[ -z "$left" ] || fail "left behind after removal: $left"
[ ! -e /opt/switchboard ] && [ ! -e /usr/bin/switchboard ] || fail "left behind after removal"
echo "test-install: removed; nothing of it left under /opt or /usr"
