#!/bin/bash
# The image's HEALTHCHECK: GET /observe/health on this container's own port, healthy on 200 (database reachable and
# a Deepgram key set). Bash's /dev/tcp instead of curl, which the image doesn't need otherwise.
export LC_ALL=C
exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}" || exit 1
printf 'GET /observe/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || { echo "no answer on port ${PORT:-8080} within 5 s"; exit 1; }
length=0
while IFS= read -r -t 5 line <&3 && [ "${line%$'\r'}" != "" ]; do
  case ${line,,} in content-length:*) length=$(echo "${line#*:}" | tr -dc 0-9) ;; esac
done
body=
[ "$length" -gt 0 ] && IFS= read -r -t 5 -N "$length" body <&3
exec 3<&-
case $status in
  "HTTP/1.1 200 "*) exit 0 ;;
  *) echo "/observe/health: ${status%$'\r'} $body"; exit 1 ;;
esac
