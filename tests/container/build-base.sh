#!/usr/bin/env bash
# Builds a local stand-in for python:3.12-slim, for hosts that cannot pull from Docker Hub:
# Debian bookworm with python3 and pip, made by debootstrap and imported into podman as $1.
# The host's CA bundle goes in, so that pip inside `podman build` can verify the package index
# where a TLS proxy sits in between.
set -euo pipefail
image=${1:?usage: build-base.sh IMAGE}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# debootstrap needs root; a non-root CI user (GitHub's runners) goes through sudo.
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
rootfs=$(mktemp -d)
trap '"${as_root[@]}" rm -rf "$rootfs"' EXIT

"${as_root[@]}" debootstrap --variant=minbase --include=python3,python3-pip,ca-certificates \
    bookworm "$rootfs" "$mirror" >/dev/null
"${as_root[@]}" cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' |
    "${as_root[@]}" tee "$rootfs/etc/pip.conf" >/dev/null
# The official image's Python is not Debian-managed; neither is this one's, for pip's sake.
"${as_root[@]}" sh -c "rm -f $rootfs/usr/lib/python3*/EXTERNALLY-MANAGED \
    $rootfs/var/cache/apt/archives/*.deb; rm -rf $rootfs/var/lib/apt/lists/*"

"${as_root[@]}" tar -C "$rootfs" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    - "$image" >/dev/null
