#!/usr/bin/env bash
# Renders the Windows .ico and the macOS .icns from resources/icons/quarterdeck.svg into
# resources/platform/. They are committed: the Windows and macOS builds have no SVG renderer to
# make them. Run it after changing the SVG (Debian: librsvg2-bin, icoutils, icnsutils).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in rsvg-convert icotool png2icns; do
    command -v "$tool" >/dev/null || { echo "render-icons.sh: $tool is missing" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in 16 32 48 64 128 256 512; do
    rsvg-convert -w "$size" -h "$size" -o "$work/$size.png" resources/icons/quarterdeck.svg
done
icotool -c -o resources/platform/quarterdeck.ico \
    "$work/16.png" "$work/32.png" "$work/48.png" "$work/64.png" -r "$work/256.png"
png2icns resources/platform/quarterdeck.icns \
    "$work/16.png" "$work/32.png" "$work/48.png" "$work/128.png" "$work/256.png" "$work/512.png" \
    >/dev/null
echo "render-icons.sh: wrote resources/platform/quarterdeck.ico and quarterdeck.icns"
