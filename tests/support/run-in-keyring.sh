#!/bin/sh
# Runs a test inside its own D-Bus session with an unlocked gnome-keyring (the Secret Service
# QtKeychain talks to on Linux) and a scratch HOME, so nothing touches a real user's keychain.
# Usage: run-in-keyring.sh TEST-BINARY [ARGS...]
set -eu
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    echo "run-in-keyring.sh: dbus-run-session and gnome-keyring-daemon are needed" >&2
    exit 1
fi
exec dbus-run-session -- sh -c '
    set -eu
    HOME=$(mktemp -d)
    export HOME XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config"
    export XDG_RUNTIME_DIR="$HOME/run" QD_KEYRING_HOME="$HOME"
    mkdir -p -m700 "$XDG_RUNTIME_DIR"
    printf %s test-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    status=0
    "$@" || status=$?
    # The daemon belongs to this session; ending the session ends it.
    rm -rf "$HOME"
    exit $status
' run-in-keyring "$@"
