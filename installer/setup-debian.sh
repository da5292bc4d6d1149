#!/usr/bin/env bash
# Installs what Quarterdeck needs to build, test, benchmark and package on Debian 12.
# Idempotent: it asks dpkg which packages are missing and runs apt-get only when some are.
#
#   installer/setup-debian.sh            install what is missing
#   installer/setup-debian.sh --check    only list what is missing (exit 1 when something is)
set -euo pipefail

packages=(
    # build
    cmake ninja-build g++ pkg-config git file dpkg-dev
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-tools-dev qt6-l10n-tools libgl-dev
    libqt6opengl6-dev  # Qt Charts' CMake package requires Qt6::OpenGL
    qtkeychain-qt6-dev libyaml-cpp-dev libgit2-dev
    # run time: QtKeychain loads libsecret at run time, and the store is SQLite
    libsecret-1-0 libqt6sql6-sqlite libqt6svg6
    # tests: real servers on loopback, a Secret Service, a display for widgets
    googletest libgtest-dev
    prometheus prometheus-alertmanager
    gnome-keyring libsecret-tools dbus dbus-daemon
    lighttpd openssh-server
    # HTTPS remotes: lighttpd's TLS module, and openssl to make a throwaway CA in the tests
    lighttpd-mod-openssl openssl
    xvfb xauth
    # the desktop entry and AppStream metainfo tests (installer/packaging.cmake)
    desktop-file-utils appstream
    # the man page and the shell completions are run in the tests (tst_cli)
    groff-base man-db zsh fish
    # benchmarks and packages: rpmbuild, lintian, the raster icons (installer/test-package.sh)
    libbenchmark-dev rpm lintian librsvg2-bin
    # the fuzz targets: Clang with libFuzzer and the sanitizers' runtime (tests/fuzz/run-fuzzers.sh)
    clang libclang-rt-14-dev
)

check_only=false
case "${1:-}" in
    "") ;;
    --check) check_only=true ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup-debian.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    echo "setup-debian.sh: this script needs Debian 12 (dpkg and apt-get); install the packages" \
         "listed in it with your system's package manager" >&2
    exit 2
fi

missing_packages() {
    local package status
    for package in "${packages[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        if [[ "$status" != "install ok installed" ]]; then
            printf '%s\n' "$package"
        fi
    done
}

mapfile -t missing < <(missing_packages)

if ((${#missing[@]} == 0)); then
    echo "setup-debian.sh: all ${#packages[@]} packages are installed"
elif $check_only; then
    echo "setup-debian.sh: missing: ${missing[*]}"
    exit 1
else
    echo "setup-debian.sh: installing ${missing[*]}"
    run_as_root=()
    if ((EUID != 0)); then
        if ! command -v sudo >/dev/null; then
            echo "setup-debian.sh: not root and sudo is not installed; as root run:" >&2
            echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
            exit 1
        fi
        run_as_root=(sudo)
    fi
    apt=("${run_as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
    if ! "${apt[@]}" update; then
        echo "setup-debian.sh: apt-get update failed (network or sources.list?)" >&2
        exit 1
    fi
    if ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; then
        echo "setup-debian.sh: apt-get install failed for: ${missing[*]}" >&2
        exit 1
    fi
    mapfile -t still_missing < <(missing_packages)
    if ((${#still_missing[@]} > 0)); then
        echo "setup-debian.sh: still missing after apt-get install: ${still_missing[*]}" >&2
        exit 1
    fi
    echo "setup-debian.sh: installed ${#missing[@]} packages"
fi

# kubectl is not in Debian: the tests that compare with `kubectl kustomize` skip without it.
if ! command -v kubectl >/dev/null; then
    echo "setup-debian.sh: warning: kubectl not found; the tests that compare overlays with" \
         "'kubectl kustomize' will be skipped (https://kubernetes.io/docs/tasks/tools/)" >&2
fi
exit 0
