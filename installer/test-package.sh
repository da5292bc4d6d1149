#!/usr/bin/env bash
# The Linux packages as a user gets them: builds the release binary (preset "package"), makes the
# .deb, .rpm and .tar.gz with CPack, checks the .deb with lintian, installs it with apt-get, runs
# the *installed* quarterdeck (--version, demo init, fleet, validate, man page, completions and a
# GUI start to its first paint, offscreen), removes it and checks that nothing is left behind.
#
#   installer/test-package.sh     as root or with sudo; CI runs it as root (README's test command)
#
# Without root (and no sudo) it stops after lintian and says so. It does not touch a quarterdeck
# that was installed before it started.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "test-package: $*"; }
fail() { echo "test-package: FAILED: $*" >&2; exit 1; }

build=build/package
cmake --preset package >/dev/null
cmake --build --preset package
(cd "$build" && cpack -G "DEB;RPM;TGZ" >/dev/null)
deb=$(ls "$build"/quarterdeck_*.deb)
say "built $(basename "$deb"), $(cd "$build" && ls quarterdeck-*.rpm quarterdeck-*.tar.gz | tr '\n' ' ')"

# What the package holds, where a distribution expects it.
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
for path in /usr/bin/quarterdeck \
            /usr/share/applications/io.github.quarterdeck.Quarterdeck.desktop \
            /usr/share/metainfo/io.github.quarterdeck.Quarterdeck.metainfo.xml \
            /usr/share/icons/hicolor/scalable/apps/io.github.quarterdeck.Quarterdeck.svg \
            /usr/share/icons/hicolor/48x48/apps/io.github.quarterdeck.Quarterdeck.png \
            /usr/share/icons/hicolor/256x256/apps/io.github.quarterdeck.Quarterdeck.png \
            /usr/share/man/man1/quarterdeck.1.gz \
            /usr/share/bash-completion/completions/quarterdeck \
            /usr/share/zsh/vendor-completions/_quarterdeck \
            /usr/share/fish/vendor_completions.d/quarterdeck.fish \
            /usr/share/doc/quarterdeck/copyright; do
    grep -qx "$path" <<<"$contents" || fail "$(basename "$deb") lacks $path"
done
tar -tzf "$build"/quarterdeck-*.tar.gz | grep -q '/bin/quarterdeck$' || fail "the tarball lacks bin/quarterdeck"

# lintian: no errors (the warnings it gives are explained in installer/README.md).
lintian --fail-on error --info "$deb" || fail "lintian found errors in $(basename "$deb")"
say "lintian: no errors"

as_root=()
if ((EUID != 0)); then
    if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
        say "SKIPPED the install test: it needs root (or sudo without a password) for apt-get"
        exit 0
    fi
    as_root=(sudo -n)
fi
if dpkg-query -W -f='${Status}' quarterdeck 2>/dev/null | grep -q "install ok installed"; then
    say "SKIPPED the install test: a quarterdeck package is already installed here"
    exit 0
fi

packages_before=$(dpkg-query -W -f='${Package}\n' | sort)
home=$(mktemp -d)
cleanup() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y quarterdeck >/dev/null 2>&1 || true
    rm -rf "$home"
}
trap cleanup EXIT

"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "$(realpath "$deb")" >/dev/null
installed_files=$(dpkg -L quarterdeck)
[[ $(command -v quarterdeck) == /usr/bin/quarterdeck ]] || fail "quarterdeck is not /usr/bin/quarterdeck"

# The installed binary, as a user without a display and with a fresh home runs it.
run() { env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }
run quarterdeck --version | grep -q '^quarterdeck 0\.' || fail "quarterdeck --version"
run quarterdeck demo init "$home/demo" >/dev/null || fail "quarterdeck demo init"
run quarterdeck fleet --repo "$home/demo/work" --json | grep -q '"id": "' || fail "quarterdeck fleet"
run quarterdeck validate --repo "$home/demo/work" | grep -q '^valid: ' || fail "quarterdeck validate"
run man -w quarterdeck | grep -qx /usr/share/man/man1/quarterdeck.1.gz || fail "man -w quarterdeck"
run bash -c 'source /usr/share/bash-completion/completions/quarterdeck && complete -p quarterdeck' \
    >/dev/null || fail "the bash completion does not load"
first_paint=$(run QT_QPA_PLATFORM=offscreen timeout 120 quarterdeck --repo "$home/demo/work" \
                  --exit-after-first-paint) || fail "the GUI did not start"
[[ $first_paint == *first-paint* ]] || fail "the GUI did not paint its first frame"
say "installed quarterdeck: --version, demo init, fleet, validate, man, completion, GUI first paint"

"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y quarterdeck >/dev/null
while IFS= read -r path; do
    [[ -f $path || -L $path ]] && fail "left behind after removal: $path"
done <<<"$installed_files"
command -v quarterdeck >/dev/null && fail "quarterdeck is still on PATH after removal"
# Anything apt-get pulled in for the package goes with it.
new_packages=$(comm -13 <(echo "$packages_before") <(dpkg-query -W -f='${Package}\n' | sort))
if [[ -n $new_packages ]]; then
    say "removing what the install pulled in: $new_packages"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y $new_packages >/dev/null
fi
say "removed: no file of the package is left"
