#!/usr/bin/env bash
# Makes the Dockerfile's base image, debian:trixie-slim, on a machine that reaches Debian's package mirror but no
# container registry: debootstrap (minbase) into a folder, trimmed the way the official slim image is (no
# documentation, manual pages or translations; apt cleans up after itself), imported into podman under the public
# image's name. The Dockerfile then builds unchanged here, with --pull=never, and online anywhere else.
#
#   deploy/image/debian-base.sh            imports the image unless podman has it already
#
# The root file system is kept as a tarball in $BASE_IMAGE_CACHE (default /var/cache/pharmacy-voice-agent), so a
# second run, or a CI run on the same machine after `podman system reset`, skips debootstrap. Delete the tarball to
# pick up Debian's latest packages. Needs root, debootstrap and podman.
set -euo pipefail

BASE_IMAGE=${BASE_IMAGE:-docker.io/library/debian:trixie-slim}
BASE_IMAGE_SUITE=${BASE_IMAGE_SUITE:-trixie}
BASE_IMAGE_MIRROR=${BASE_IMAGE_MIRROR:-http://deb.debian.org/debian}
BASE_IMAGE_CACHE=${BASE_IMAGE_CACHE:-/var/cache/pharmacy-voice-agent}

say() { echo "base image: $*"; }

if podman image exists "$BASE_IMAGE"; then
  say "$BASE_IMAGE is in podman's storage already"
  exit 0
fi

tarball=$BASE_IMAGE_CACHE/debian-$BASE_IMAGE_SUITE-slim.tar
if [ ! -s "$tarball" ]; then
  for tool in debootstrap podman; do
    command -v "$tool" >/dev/null || { echo "base image: $tool is missing (apt-get install $tool)" >&2; exit 1; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "base image: debootstrap needs root" >&2; exit 1; }
  mkdir -p "$BASE_IMAGE_CACHE"
  root=$(mktemp -d "$BASE_IMAGE_CACHE/root.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  say "debootstrap $BASE_IMAGE_SUITE (minbase) from $BASE_IMAGE_MIRROR into $root"
  started=$SECONDS
  if ! debootstrap --variant=minbase "$BASE_IMAGE_SUITE" "$root" "$BASE_IMAGE_MIRROR" >"$root.log" 2>&1; then
    tail -n 30 "$root.log" >&2
    exit 1
  fi
  rm -f "$root.log"

  # What the official slim image configures: dpkg leaves out documentation and translations, apt keeps no
  # package files or caches, and services are never started inside an image build.
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
CFG
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf 'APT::AutoRemove::SuggestsImportant "false";\n' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  # The suite with its updates and security fixes, as in the official image.
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<CFG
Types: deb
URIs: $BASE_IMAGE_MIRROR
Suites: $BASE_IMAGE_SUITE $BASE_IMAGE_SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${BASE_IMAGE_MIRROR%/debian}/debian-security
Suites: $BASE_IMAGE_SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CFG
  # Remove what the rules above would have left out, and everything host-specific.
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,groff,info,lintian,linda,locale}/* "$root"/var/lib/apt/lists/* \
         "$root"/var/cache/apt/* "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/* "$root/etc/machine-id"
  : >"$root/etc/resolv.conf"
  echo localhost >"$root/etc/hostname"

  tar --numeric-owner --xattrs -C "$root" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  say "root file system made in $((SECONDS - started)) s: $tarball ($(du -h "$tarball" | cut -f1))"
fi

podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' \
  --message "debootstrap $BASE_IMAGE_SUITE minbase, a local stand-in for $BASE_IMAGE" \
  --quiet "$tarball" "$BASE_IMAGE" >/dev/null
say "imported as $BASE_IMAGE ($(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
