# Shared by bench/run, bench/cluster and bench/events (sourced): the machine's HTTP ceiling, one wrk
# measurement, and the arena flash sale's figures read back from its database.
# Expects OUT (a scratch directory) and BIN (the Release binary) to be set.

# Starts nginx answering a constant 200 on PORT: as many workers as cores, no logging.
start_ceiling() { # PORT
  cat > "$OUT/nginx.conf" <<CONF
worker_processes auto;
pid $PWD/$OUT/nginx.pid;
error_log $PWD/$OUT/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $PWD/$OUT/nginx-tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$1;
    location / { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
CONF
  nginx -p "$PWD/$OUT" -c "$PWD/$OUT/nginx.conf"
}
stop_ceiling() { [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true; }

# Prints "req/s p50 p99 non-2xx" for one wrk run: URL CONNECTIONS [SCRIPT [SECONDS [SCRIPT ARGS]]].
measure() {
  local url=$1 conns=$2 script=${3:-} seconds=${4:-$DURATION}
  if [ -n "$script" ]; then
    wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$script" "$url" -- "$OUT/tokens.txt" "${@:5}" > "$OUT/wrk.txt" 2>&1
  else
    wrk -t2 -c"$conns" -d"${seconds}s" --latency "$url" > "$OUT/wrk.txt" 2>&1
  fi
  awk '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $5 }
    END { printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }' "$OUT/wrk.txt"
}

# Runs the arena flash sale (bench/lua/flash_sale.lua, 256 connections) against URL until sold
# out (wrk runs SALE_SECONDS, 120 by default, whenever the sale ends), under WRAPPER if one is
# given; wrk's report goes to $OUT/sale.txt.
run_sale() { # URL [WRAPPER...]
  "${@:2}" wrk -t2 -c256 -d"${SALE_SECONDS:-120}s" --latency -s bench/lua/flash_sale.lua "$1" -- "$OUT/tokens.txt" > "$OUT/sale.txt" 2>&1
}

# Reads the sale's figures back from its database (SQL runs one query and prints the answer)
# into sold, oversold, holds, span_ms, seats_total, sale_p50, sale_p99, tickets_per_s,
# holds_per_s and sale_line.
sale_report() { # SQL
  local sql=$1
  local event="(SELECT id FROM events WHERE slug = 'imagine-dragons-loom-arena')"
  local live="event_id = $event AND status IN ('confirmed','used')"
  sold=$($sql "SELECT COUNT(*) FROM tickets WHERE $live")
  oversold=$($sql "SELECT COUNT(*) - COUNT(DISTINCT seat_index) FROM tickets WHERE $live")
  holds=$($sql "SELECT COUNT(*) FROM holds WHERE event_id = $event")
  span_ms=$($sql "SELECT MAX(created_at_ms) - MIN(created_at_ms) FROM outbox WHERE type IN ('seat_locked','ticket_sold')")
  seats_total=$($sql "SELECT total_seats FROM events WHERE id = $event")
  sale_p50=$(awk '/^ +50%/ { print $2 }' "$OUT/sale.txt")
  sale_p99=$(awk '/^ +99%/ { print $2 }' "$OUT/sale.txt")
  local sale_secs
  sale_secs=$(awk -v ms="$span_ms" 'BEGIN { printf "%.1f", ms / 1000 }')
  tickets_per_s=$(awk -v t="$sold" -v s="$span_ms" 'BEGIN { printf "%.0f", t * 1000 / s }')
  holds_per_s=$(awk -v h="$holds" -v s="$span_ms" 'BEGIN { printf "%.0f", h * 1000 / s }')
  sale_line=$(printf '%s' "$sold of $seats_total seats sold in ${sale_secs} s " \
    "(first hold to last ticket), $holds holds made, $holds_per_s holds/s, " \
    "$tickets_per_s tickets/s; latency over all its requests " \
    "(map reads, holds, checkouts) p50 $sale_p50, p99 $sale_p99; oversold seats: $oversold.")
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
percent() { awk -v a="$1" -v b="$2" -v d="${3:-0}" 'BEGIN { printf "%.*f %%", d, 100 * a / b }'; } # A B [DECIMALS]

# Puts TABLE into BENCHMARKS.md between <!-- NAME:begin --> and <!-- NAME:end -->, or appends it
# under a "## TITLE" heading the first time.
write_block() { # NAME TITLE TABLE
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys, pathlib
name, title, table = sys.argv[1:4]
path = pathlib.Path("BENCHMARKS.md")
text = path.read_text() if path.exists() else ""
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
block = f"{begin}\n{table}\n{end}"
if begin in text:
    text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda m: block, text, flags=re.S)
else:
    text += ("\n" if text else "") + f"## {title}\n\n" + block + "\n"
path.write_text(text)
PY
}

# TicketWar, Release, access log off, on TW_PORT (TW_PID). Buyers are created in bulk with
# sessions first (bench-users, into $OUT/tokens.txt), then the server seeds the demo.
start_server() { # data-dir [more serve flags]
  "$BIN" bench-users 100000 --data-dir "$1" "${@:2}" > "$OUT/tokens.txt"
  serve "$@"
}
# TicketWar on TW_PORT (TW_PID) over an existing data dir, as start_server runs it.
serve() { # data-dir [more serve flags]
  local dir=$1
  shift
  # The load comes from one address (wrk on loopback): per-address limits are off for it.
  "$BIN" serve --port "$TW_PORT" --data-dir "$dir" --access-log off --client-rate 0 --max-connections-per-address 0 \
    "$@" > "$OUT/server.log" 2>&1 &
  TW_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$TW_PORT/api/health" > /dev/null && break
    sleep 0.1
  done
}
stop_server() { kill "$TW_PID"; wait "$TW_PID" || true; TW_PID=; }

# The arena flash sale on a fresh DATA-DIR with these serve flags; its figures via sale_report.
flash_sale() {
  local dir=$1 sql=$2
  shift 2
  rm -rf "$dir" && mkdir -p "$dir"
  start_server "$dir" "$@"
  run_sale "http://127.0.0.1:$TW_PORT/"
  stop_server
  sale_report "$sql"
}

# --- the 100,000-seat event (issue 14): 40 blocks of 50 rows × 50 seats, made through the admin
# API on the bench's own database, so nothing in the demo data changes for it.
BIG_EVENT=mega-stadium-100k

# An admin for the database in DATA_DIR, made before the server starts; prints its password.
bench_admin() { # DATA_DIR
  "$BIN" admin create --data-dir "$1" --email bench-admin@ticketwar.local --name "Bench Admin" < /dev/null \
    | awk '/^password: / { print $2 }'
}

# The layout and event as JSON: blocks in an 8 × 5 grid in front of a stage, pricier nearer it.
big_event_json() {
  python3 - "$BIG_EVENT" <<'PY'
import json, sys
sections = []
for i in range(40):
    row, col = divmod(i, 8)
    tier, price = [("floor", 200), ("floor", 200), ("stands", 90), ("stands", 90), ("upper", 50)][row]
    sections.append({"id": f"S{i + 1}", "name": f"Block {i + 1}", "tier": tier, "rows": 50, "seatsPerRow": 50,
                     "basePrice": price, "position": {"x": (col - 4) * 55, "y": row * 55, "rotation": 0}})
layout = {"name": "Mega Stadium", "stage": {"x": -60, "y": -30, "width": 120, "height": 16}, "sections": sections}
print(json.dumps({"name": "Mega Stadium: 100,000 seats", "artist": "The Hundred Thousand", "venue": "Mega Stadium",
                  "startsAt": "2027-12-31T20:00:00Z", "slug": sys.argv[1], "ticketLimit": 8, "layout": layout}))
PY
}

# Makes the 100,000-seat event on the server at TW_PORT as the admin with PASSWORD.
create_big_event() { # PASSWORD
  local token
  token=$(curl -sf "http://127.0.0.1:$TW_PORT/api/auth/signin" -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench-admin@ticketwar.local\",\"password\":\"$1\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  big_event_json | curl -sf -o /dev/null "http://127.0.0.1:$TW_PORT/api/events" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary @-
}
