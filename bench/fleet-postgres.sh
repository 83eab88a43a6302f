#!/usr/bin/env bash
# Issue 16's figures in one run, by hand only (never from the tests or CI): `vernier bench fleet` on
# SQLite (1 replica) and on PostgreSQL with 1 and 2 replicas, beside Optuna's RDB storage
# (../shared/peers/optuna_rdb.py) on the same SQLite and the same PostgreSQL server, with 1 and 8
# workers (Optuna: --jobs 1 and 8 threads); then `vernier bench ingest` on SQLite and on PostgreSQL
# beside the bare consumer loop. Prints one table with the ratios (Vernier / Optuna on the same
# store, 2 replicas / 1 replica, ingest / bare loop) and the goals beside them.
#
# It starts its own PostgreSQL from Debian's binaries (initdb + pg_ctl in a temporary folder on a
# free loopback port, as the `postgres` user when run as root, trust authentication for the user
# `vernier`), a fresh database for every run, and stops and deletes it on exit. The server keeps
# PostgreSQL's default durability (fsync, synchronous_commit on) unless PG_DURABLE=off. Like
# vs-peers.sh it unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE. Needs python3-optuna and
# python3-psycopg2 (Debian) and bench/target/vernier-bench.jar (mvn -pl bench -am package -DskipTests).
#   bash bench/fleet-postgres.sh [OUTDIR]
#   env: JAR (the bench jar to measure, default bench/target/vernier-bench.jar: two builds side by side),
#        TRIALS (Vernier, default 2000), WARMUP (untimed Vernier trials first, as the peer runs 20;
#        default 8000: the JIT compiles for about 17 CPU-seconds, and sampled per thread C2 still
#        took 43% of a core 3,000 trials after a 3,000-trial warm-up and 12% after 10,000, on 2
#        cores shared with PostgreSQL and the workers; 2000 was the default until 2026-12-06's
#        seventh session; 0 for a build without --warmup), PEER_TRIALS (Optuna, default 300), INGEST_EVENTS (default
#        200000; 0 skips the ingest runs), PG_BIN (default /usr/lib/postgresql/15/bin), PG_DURABLE
set -euo pipefail
cd "$(dirname "$0")/.."
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
OUT="${1:-/tmp/vernier-fleet-postgres/$(date -u +%Y%m%dT%H%M%SZ)}"
TRIALS="${TRIALS:-2000}"
WARMUP="${WARMUP:-8000}"
WARM=()
[ "$WARMUP" -gt 0 ] && WARM=(--warmup "$WARMUP")
PEER_TRIALS="${PEER_TRIALS:-300}"
INGEST_EVENTS="${INGEST_EVENTS:-200000}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DURABLE="${PG_DURABLE:-on}"
PEERS="$(cd .. && pwd)/shared/peers"
[ -d "$PEERS" ] || PEERS="$(cd ../.. && pwd)/shared/peers"
PY=/usr/bin/python3
JAR="${JAR:-bench/target/vernier-bench.jar}"
[ -f "$JAR" ] || { echo "no $JAR: mvn -pl bench -am package -DskipTests" >&2; exit 2; }
[ -x "$PG_BIN/initdb" ] || { echo "no $PG_BIN/initdb: apt-get install postgresql" >&2; exit 2; }
$PY -c 'import optuna, psycopg2' || { echo "apt-get install python3-optuna python3-psycopg2" >&2; exit 2; }
mkdir -p "$OUT"
echo "results -> $OUT"
{ date -u; nproc; cat /proc/loadavg; echo "jar $JAR, trials $TRIALS, warmup $WARMUP"; } > "$OUT/host.txt"

# --- PostgreSQL of our own --------------------------------------------------------------------
PGDIR="$(mktemp -d /tmp/vernier-fleet-pg.XXXXXX)"
chmod 755 "$PGDIR"
AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$PGDIR"
  AS=(runuser -u postgres --)
fi
PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
stop_pg() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop > /dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap stop_pg EXIT
"${AS[@]}" "$PG_BIN/initdb" -D "$PGDIR/data" -U vernier --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 > "$OUT/initdb.log"
SYNC=""
[ "$PG_DURABLE" = off ] && SYNC=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$PGDIR -c max_connections=200$SYNC" \
  start > /dev/null
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (durable: $PG_DURABLE)" | tee -a "$OUT/host.txt"
N=0
newdb() { # a fresh database named $1_<n>, its name in DB
  N=$((N + 1))
  DB="$1_$N"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U vernier "$DB"
}

# --- fleet: Vernier and Optuna on the same stores, same run ---------------------------------
J="java -jar $JAR"
for W in 1 8; do
  $J bench fleet --trials "$TRIALS" "${WARM[@]}" --workers "$W" > "$OUT/vernier_sqlite_r1_w$W.md" \
    2> "$OUT/vernier_sqlite_r1_w$W.log"
  for R in 1 2; do
    newdb fleet
    $J bench fleet --trials "$TRIALS" "${WARM[@]}" --workers "$W" --replicas "$R" \
      --database "jdbc:postgresql://127.0.0.1:$PORT/$DB" --database-user vernier \
      > "$OUT/vernier_postgresql_r${R}_w$W.md" 2> "$OUT/vernier_postgresql_r${R}_w$W.log"
  done
  $PY "$PEERS/optuna_rdb.py" --trials "$PEER_TRIALS" --jobs "$W" > "$OUT/optuna_sqlite_j$W.jsonl"
  newdb optuna
  $PY "$PEERS/optuna_rdb.py" --trials "$PEER_TRIALS" --jobs "$W" \
    --url "postgresql://vernier@127.0.0.1:$PORT/$DB" > "$OUT/optuna_postgresql_j$W.jsonl"
done

# --- ingest on SQLite and on PostgreSQL, each beside the bare consumer loop ------------------
if [ "$INGEST_EVENTS" -gt 0 ]; then
  $J bench ingest --events "$INGEST_EVENTS" > "$OUT/ingest_sqlite.md" 2> "$OUT/ingest_sqlite.log"
  newdb ingest
  $J bench ingest --events "$INGEST_EVENTS" \
    --database "jdbc:postgresql://127.0.0.1:$PORT/$DB" --database-user vernier \
    > "$OUT/ingest_postgresql.md" 2> "$OUT/ingest_postgresql.log"
  # where PostgreSQL's work went: rows written per table (one statement per batch, or per row?)
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U vernier -d "$DB" -c "SELECT relname, n_tup_ins,
    n_tup_upd, n_tup_del, n_tup_hot_upd FROM pg_stat_user_tables ORDER BY n_tup_ins + n_tup_upd
    DESC LIMIT 10" -c "SELECT xact_commit, tup_inserted, tup_updated, blks_hit, blks_read FROM
    pg_stat_database WHERE datname = current_database()" > "$OUT/ingest_postgresql_tables.txt"
fi
{ date -u; cat /proc/loadavg; } >> "$OUT/host.txt"

# --- one table ---------------------------------------------------------------------------------
$PY - "$OUT" <<'PYEOF' | tee "$OUT/summary.md"
import glob, json, os, re, sys
out = sys.argv[1]
vern = {}  # (store, replicas, transport, workers) -> trials/s
for f in glob.glob(os.path.join(out, "vernier_*.md")):
    for line in open(f):
        c = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(c) == 8 and c[0] in ("sqlite", "postgresql"):
            vern[(c[0], int(c[1]), c[2], int(c[3]))] = (int(c[5]), float(c[6]), float(c[7]))
opt = {}  # (store, jobs) -> trials/s
for f in glob.glob(os.path.join(out, "optuna_*.jsonl")):
    store = "postgresql" if "postgresql" in f else "sqlite"
    for line in open(f):
        if line.startswith("{"):
            d = json.loads(line)
            opt[(store, d["jobs"])] = (d["trials"], d["seconds"], d["trials_per_second"])
print("\n| store | replicas | workers | Vernier in-process trials/s | Vernier http trials/s"
      " | Optuna trials/s (same store, threads = workers) | in-process / Optuna | http / Optuna"
      " | http: 2 replicas / 1 |")
print("|---|---|---|---|---|---|---|---|---|")
goals = []
for w in (1, 8):
    for store, r in (("sqlite", 1), ("postgresql", 1), ("postgresql", 2)):
        ip = vern.get((store, r, "in-process", w), (0, 0, float("nan")))[2]
        ht = vern.get((store, r, "http", w), (0, 0, float("nan")))[2]
        o = opt.get((store, w), (0, 0, float("nan")))[2]
        rep = ""
        if r == 2:
            one = vern.get((store, 1, "http", w), (0, 0, float("nan")))[2]
            rep = "%.2fx" % (ht / one)
            goals.append(("2 replicas >= 1.6x one (http, %d workers)" % w, ht / one >= 1.6, ht / one))
        print("| %s | %d | %d | %.0f | %.0f | %.1f | %.1fx | %.1fx | %s |"
              % (store, r, w, ip, ht, o, ip / o, ht / o, rep))
        goals.append((">= 10x Optuna on %s (%d replica(s), %d workers, http)" % (store, r, w),
                      ht / o >= 10, ht / o))
ing = []
for store in ("sqlite", "postgresql"):
    f = os.path.join(out, "ingest_%s.md" % store)
    if os.path.exists(f):
        for line in open(f):
            c = [x.strip() for x in line.strip().strip("|").split("|")]
            if len(c) == 14 and c[0] == store:
                ing.append(c)
if ing:
    print("\n| ingest store | events | bare loop records/s | Vernier events/s | Vernier / bare loop"
          " | store % | close % |")
    print("|---|---|---|---|---|---|---|")
    for c in ing:
        print("| %s | %s | %s | %s | %sx | %s | %s |" % (c[0], c[1], c[2], c[3], c[4], c[12], c[13]))
print("\ngoals:")
for what, ok, v in goals:
    print("  %-60s %5.2fx  %s" % (what, v, "met" if ok else "NOT met"))
PYEOF
echo "done: $OUT"
