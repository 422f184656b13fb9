#!/usr/bin/env bash
# Builds Switchboard's installers:
#   jpackage/build.sh [linux|deb|rpm|app-image]       (default: linux = the .deb and the .rpm)
# The JDK's jpackage makes the application image: the `switchboard` launcher, a runtime jlinked
# from the modules in modules.txt, the jars. The .deb and .rpm wrap that image with what a desktop
# expects: a `switchboard` command on PATH, a menu entry, the icon at the sizes desktops use and
# the licence. Every file they put down is the package's own, so removing it leaves nothing.
# Windows (.msi) and macOS (.dmg) are built by .github/workflows/installers.yml with the same
# common.args plus windows.args / mac.args. SKIP_BUILD=1 uses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-linux}"
case "$what" in linux | deb | rpm | app-image) ;; *)
  echo "usage: jpackage/build.sh [linux|deb|rpm|app-image]" >&2; exit 2 ;;
esac
version=$(sed -n 's/^--app-version //p' jpackage/common.args)
out=target/jpackage
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -q -DskipTests package

rm -rf "$out"
mkdir -p "$out/input/lib"
cp app/target/switchboard-app.jar "$out/input/"
for jar in app/target/lib/*.jar; do
  # JavaFX's artifacts without a classifier are empty stubs beside the platform's own jars
  case "$(basename "$jar")" in
    javafx-*) [ -e "${jar%.jar}-linux.jar" ] && continue ;;
  esac
  cp "$jar" "$out/input/lib/"
done
modules=$(grep -v '^#' jpackage/modules.txt | paste -sd, -)
jpackage @jpackage/common.args --type app-image --input "$out/input" --dest "$out/image" \
  --icon assets/icons/switchboard-256.png --add-modules "$modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --strip-native-commands --compress=2"
image="$out/image/switchboard"
cp LICENSE "$image/LICENSE"
[ "$what" = app-image ] && { du -sh "$image"; exit 0; }

# The files every Linux package installs, rooted at $1.
stage() {
  local root=$1
  mkdir -p "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/doc/switchboard"
  cp -a "$image" "$root/opt/switchboard"
  ln -s /opt/switchboard/bin/switchboard "$root/usr/bin/switchboard"
  install -m 644 jpackage/linux/switchboard.desktop "$root/usr/share/applications/"
  for s in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "assets/icons/switchboard-$s.png" \
      "$root/usr/share/icons/hicolor/${s}x${s}/apps/switchboard.png"
  done
  install -D -m 644 assets/icons/switchboard.svg \
    "$root/usr/share/icons/hicolor/scalable/apps/switchboard.svg"
  install -m 644 LICENSE "$root/usr/share/doc/switchboard/copyright"
}

deb() {
  local root="$out/deb/root"
  stage "$root"
  mkdir -p "$root/DEBIAN"
  local size
  size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" jpackage/linux/deb-control \
    > "$root/DEBIAN/control"
  install -m 755 jpackage/linux/refresh-desktop "$root/DEBIAN/postinst"
  install -m 755 jpackage/linux/refresh-desktop "$root/DEBIAN/postrm"
  dpkg-deb --root-owner-group -Zxz --build "$root" "$out/switchboard_${version}_amd64.deb"
}

rpm_() {
  local root="$out/rpm/root"
  stage "$root"
  mkdir -p "$out/rpm/build"
  sed -e "s/@VERSION@/$version/" jpackage/linux/switchboard.spec > "$out/rpm/switchboard.spec"
  rpmbuild -bb --quiet --define "_topdir $(pwd)/$out/rpm/build" \
    --define "_stage $(pwd)/$root" --define "_rpmdir $(pwd)/$out" \
    --define "_build_id_links none" "$out/rpm/switchboard.spec"
  mv "$out"/x86_64/*.rpm "$out/" && rmdir "$out/x86_64"
}

case "$what" in
  deb) deb ;;
  rpm) rpm_ ;;
  linux) deb; rpm_ ;;
esac
ls -l "$out"/*.deb "$out"/*.rpm 2>/dev/null || true
