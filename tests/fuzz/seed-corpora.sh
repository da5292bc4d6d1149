#!/usr/bin/env bash
# Writes the fuzzers' seed corpora (tests/fuzz/corpus/<target>/) from the test fixtures, so that
# each fuzzer starts from inputs the tests know are realistic. The output is committed; run this
# again after adding fixtures. The Prometheus, Alertmanager and CSV seeds are written by hand in
# corpus/ and kept as they are.
#
#   tests/fuzz/seed-corpora.sh [DEMO_REPO]    DEMO_REPO: a `quarterdeck demo init` repo to add
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus
fixtures=tests/fixtures
demo=${1:-}

# Kustomize: one bundle per overlay folder of a fixture tree, holding the whole tree.
bundle() { # bundle ROOT OVERLAY...
    local root=$1 file
    shift
    for overlay in "$@"; do printf '@build %s\n' "$overlay"; done
    while IFS= read -r file; do
        printf '@file %s\n' "${file#"$root"/}"
        cat "$file"
        [[ -z $(tail -c1 "$file") ]] || printf '\n'
    done < <(find "$root" -type f \( -name '*.yml' -o -name '*.yaml' \) | LC_ALL=C sort)
}
mkdir -p "$out/kustomize"
for dir in $(cd "$fixtures/kustomize" && find . -name 'kustomization.y*ml' -printf '%h\n' | LC_ALL=C sort); do
    name=$(tr / _ <<<"${dir#./}")
    bundle "$fixtures/kustomize" "${dir#./}" > "$out/kustomize/fixture-${name}"
done
edits=$fixtures/edits/repo
bundle "$edits" customers/acme/red customers/acme/green > "$out/kustomize/edits-acme"
if [[ -n $demo ]]; then
    bundle "$demo" $(cd "$demo" && find customers -name 'kustomization.y*ml' -printf '%h\n' | LC_ALL=C sort | head -4) \
        > "$out/kustomize/demo"
fi

# The YAML edit: every fixture file, each with a last line saying which value to write.
mkdir -p "$out/yaml_edit"
i=0
while IFS= read -r file; do
    i=$((i + 1))
    { cat "$file"; [[ -z $(tail -c1 "$file") ]] || printf '\n'; printf '#edit %d 2.%d.0\n' "$i" "$i"; } \
        > "$out/yaml_edit/$(printf '%03d' "$i")-$(basename "$file")"
done < <(find "$fixtures/kustomize" "$fixtures/corpus" "$edits" -type f -size -32k \( -name '*.yml' -o -name '*.yaml' \) \
             | LC_ALL=C sort)

# The repo's own files.
mkdir -p "$out/repo_files"
cp "$edits/fleet.yaml" "$out/repo_files/edits-fleet.yaml"
if [[ -n $demo ]]; then
    for file in fleet.yaml maintenance.yaml releases.yaml; do
        [[ -f $demo/$file ]] && head -c 16384 "$demo/$file" > "$out/repo_files/demo-$file"
    done
fi
echo "seed-corpora.sh: $(find "$out" -type f | wc -l) seeds in $out"
