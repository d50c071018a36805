#!/usr/bin/env bash
# Makes the archive a planner runs without a Rust toolchain:
#   dist/firecover-VERSION-x86_64-linux.tar.gz
# holding the statically linked binary (`cargo build-static`), scenarios/,
# QUICKSTART.md, QUICKSTART.zh.md, README.md, README.zh.md, ARCHITECTURE.md and docs/, with a SHA-256 sum beside
# it. The archive's bytes depend only on its contents (names sorted, owner
# and times fixed), and it appears whole or not at all.
#
# Usage: deploy/release-archive.sh [OUT_DIR]   (default: dist)
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=${1:-dist}

version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' Cargo.toml | head -n 1)
if [ -z "$version" ]; then
    echo "release-archive: no version in Cargo.toml" >&2
    exit 1
fi
name="firecover-${version}-x86_64-linux"

cargo build-static
binary=target/x86_64-unknown-linux-gnu/release/firecover
# ldd says "statically linked" (static-pie) or "not a dynamic executable"
if ! ldd "$binary" 2>&1 | grep -qE "statically linked|not a dynamic executable"; then
    echo "release-archive: $binary is dynamically linked; the archive needs the static binary" >&2
    exit 1
fi

mkdir -p "$out_dir"
stage=$(mktemp -d "${out_dir}/.stage.XXXXXX")
trap 'rm -rf -- "$stage"' EXIT
mkdir -- "$stage/$name"
cp -- "$binary" "$stage/$name/firecover"
cp -R -- scenarios "$stage/$name/scenarios"
cp -R -- docs "$stage/$name/docs"
cp -- QUICKSTART.md QUICKSTART.zh.md README.md README.zh.md ARCHITECTURE.md "$stage/$name/"
# the commit's time, so that the same sources give the same archive
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner \
    --mtime="@${epoch}" --mode='u+rwX,go+rX,go-w' \
    -cf - -- "$name" | gzip -n -9 > "$stage/$name.tar.gz"
(cd "$stage" && sha256sum -- "$name.tar.gz" > "$name.tar.gz.sha256")
mv -f -- "$stage/$name.tar.gz" "$out_dir/$name.tar.gz"
mv -f -- "$stage/$name.tar.gz.sha256" "$out_dir/$name.tar.gz.sha256"
echo "$out_dir/$name.tar.gz"
