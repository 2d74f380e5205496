#!/usr/bin/env bash
# The PostgreSQL that ctest shares between the test processes of one run (a ctest fixture):
#   postgres_fixture.sh start LINK   initdb into a fresh directory under /tmp, start it on a Unix
#                                    socket there, and point LINK (in the build tree) at it
#   postgres_fixture.sh stop LINK    stop it and remove both
# The data lives under /tmp, not in the build tree: as root PostgreSQL runs as `nobody` (it
# refuses root), which may not be able to enter the checkout's directories; and a socket path
# must stay short. No TCP port: the socket lives in the data's directory.
set -euo pipefail
cmd=$1 link=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as=()
[ "$(id -u)" -eq 0 ] && as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
stop() {
  local dir
  dir=$(readlink -f "$link" 2>/dev/null) || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -w -m immediate stop >/dev/null 2>&1 || true; fi
  [ "$dir" != "$(readlink -f /)" ] && [ -d "$dir" ] && rm -rf "$dir"
  rm -f "$link"
}
case "$cmd" in
  start)
    stop
    dir=$(mktemp -d /tmp/ticketwar-pg.XXXXXX)
    chmod 755 "$dir"
    [ ${#as[@]} -gt 0 ] && chown nobody "$dir"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C > "$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log"; exit 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
      -o "-c listen_addresses='' -k $dir -c fsync=off -c max_connections=400" start > /dev/null \
      || { cat "$dir/server.log"; exit 1; }
    mkdir -p "$(dirname "$link")"
    ln -sfn "$dir" "$link"
    ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop LINK" >&2; exit 2 ;;
esac
