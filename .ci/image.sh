# Sourced by .ci/run: builds the container image from the Dockerfile and exports its file system, so that
# ContainerImageSmokeTest can start the image's ENTRYPOINT under chroot (podman can build here but not run:
# these virtual machines have hybrid cgroups).
#
# ci_image_build   makes the base image if podman lacks it (deploy/image/debian-base.sh, debootstrap; its root
#                  file system is cached under /var/cache/pharmacy-voice-agent), then `podman build` of the
#                  repository with --pull=never, tagged $CI_IMAGE (default pharmacy-voice-agent:ci); prints the
#                  time it took and the image's size;
# ci_image_export  unpacks that image into $CI_IMAGE_DIR/rootfs, writes `podman image inspect` to
#                  $CI_IMAGE_DIR/image.json and exports IMAGE_EXPORT=$CI_IMAGE_DIR for the test;
# ci_image_clean   removes the unpacked copy.
#
# Any failure returns non-zero: CI must not quietly skip the image.

CI_IMAGE=${CI_IMAGE:-pharmacy-voice-agent:ci}
CI_IMAGE_DIR=${CI_IMAGE_DIR:-${TMPDIR:-/tmp}/pharmacy-ci-image}
# Buildah with chroot isolation and cgroupfs: no systemd, no nested namespaces needed.
CI_PODMAN=(podman --cgroup-manager=cgroupfs)

ci_image_build() {
  local started=$SECONDS extra=()
  deploy/image/debian-base.sh || return 1
  # This machine reaches Maven Central through a proxy that re-signs HTTPS with its own CA, which the build stage
  # must trust to download Maven and the dependencies. Only that stage sees it; the image never contains it.
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    extra+=(--volume /usr/local/share/ca-certificates:/usr/local/share/ca-certificates:ro)
  fi
  echo "ci: building the container image $CI_IMAGE (podman build --pull=never --format docker .)"
  if ! "${CI_PODMAN[@]}" build --isolation=chroot --pull=never --format docker "${extra[@]}" -t "$CI_IMAGE" . \
      >"${TMPDIR:-/tmp}/pharmacy-ci-image-build.log" 2>&1; then
    echo "ci: podman build failed; the end of its log:" >&2
    tail -n 60 "${TMPDIR:-/tmp}/pharmacy-ci-image-build.log" >&2
    return 1
  fi
  # A rebuild from cached layers runs no training and prints no such line: that is no failure.
  grep '^aot-training:' "${TMPDIR:-/tmp}/pharmacy-ci-image-build.log" | tail -n 1 \
    || echo "ci: the AOT cache came from podman's layer cache (no training this build)"
  echo "ci: image $CI_IMAGE built in $((SECONDS - started)) s, $(podman image inspect --format '{{.Size}}' "$CI_IMAGE" \
    | awk '{printf "%.0f MB", $1/1e6}') (base image included)"
}

ci_image_export() {
  local container
  ci_image_clean
  mkdir -p "$CI_IMAGE_DIR/rootfs"
  container=$("${CI_PODMAN[@]}" create "$CI_IMAGE") || return 1
  # podman's own health-check timer needs systemd, which it says once on stderr; the export is complete without it.
  if ! "${CI_PODMAN[@]}" export "$container" | tar --numeric-owner -C "$CI_IMAGE_DIR/rootfs" -xf -; then
    "${CI_PODMAN[@]}" rm -f "$container" >/dev/null 2>&1
    echo "ci: exporting $CI_IMAGE failed" >&2
    return 1
  fi
  "${CI_PODMAN[@]}" rm -f "$container" >/dev/null 2>&1 || true
  podman image inspect "$CI_IMAGE" >"$CI_IMAGE_DIR/image.json" || return 1
  export IMAGE_EXPORT=$CI_IMAGE_DIR
  echo "ci: image file system exported to $CI_IMAGE_DIR/rootfs for ContainerImageSmokeTest"
}

ci_image_clean() {
  rm -rf "$CI_IMAGE_DIR"
}
