#!/usr/bin/env bash
# Builds an installer for the current OS with the JDK's jpackage:
#   jpackage/build.sh [deb|rpm|app-image]      (Linux; default deb)
# Windows (msi) and macOS (dmg) use windows.args / mac.args the same way.
# The app runs from the class path (see docs/decisions/0001): the main jar plus lib/.
set -euo pipefail
cd "$(dirname "$0")/.."
type="${1:-deb}"
mvn -B -q -DskipTests package
rm -rf target/jpackage
mkdir -p target/jpackage/input
cp app/target/switchboard-app.jar target/jpackage/input/
cp -r app/target/lib target/jpackage/input/lib
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=mac ;;
  *) os=windows ;;
esac
extra=()
[ "$os" = linux ] && extra=(@jpackage/linux.args --type "$type")
[ "$os" != linux ] && extra=(@jpackage/"$os".args)
# --linux-shortcut is left out on purpose: xdg-desktop-menu fails on headless machines.
jpackage @jpackage/common.args "${extra[@]}" --input target/jpackage/input --dest target/jpackage/out
ls -l target/jpackage/out
