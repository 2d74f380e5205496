#!/usr/bin/env bash
# The PostgreSQL that ctest shares between the test processes of one run (a ctest fixture):
#   postgres_fixture.sh start DIR   initdb into DIR (fresh) and start it on a Unix socket in DIR
#   postgres_fixture.sh stop DIR    stop it and remove DIR
# No TCP port: the socket lives in DIR. As root, PostgreSQL runs as `nobody` (it refuses root).
set -euo pipefail
cmd=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as=()
[ "$(id -u)" -eq 0 ] && as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
case "$cmd" in
  start)
    if [ -f "$dir/data/postmaster.pid" ]; then "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir" && mkdir -p "$dir"
    [ ${#as[@]} -gt 0 ] && chown nobody "$dir"
    "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C > "$dir/initdb.log" 2>&1
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/server.log" \
      -o "-c listen_addresses='' -k $dir -c fsync=off -c max_connections=400" start > /dev/null
    ;;
  stop)
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -w -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
