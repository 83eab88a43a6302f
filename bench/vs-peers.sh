#!/usr/bin/env bash
# Runs Vernier's benchmarks and the reference peers (../shared/peers) in one session, in the same
# environment (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset, as the peers' run_all.sh does), and
# keeps the raw output. By hand only: never from the tests or CI. Needs the Debian packages named
# in ../shared/peers/README.md and a built bench/target/vernier-bench.jar (vernier with its benchmarks:
# mvn -pl bench -am package -DskipTests).
#   bash bench/vs-peers.sh [OUTDIR] [kernels|strategies|fleet|drift|all]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-/tmp/vernier-vs-peers/$(date -u +%Y%m%dT%H%M%SZ)}"
WHAT="${2:-all}"
PEERS="$(cd .. && pwd)/shared/peers"
[ -d "$PEERS" ] || PEERS="$(cd ../.. && pwd)/shared/peers"
ENV="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"
PY="$ENV /usr/bin/python3"
J="$ENV java -jar bench/target/vernier-bench.jar"
mkdir -p "$OUT"
echo "results -> $OUT"
{ date -u; nproc; cat /proc/loadavg; } > "$OUT/host.txt"
if [ "$WHAT" = all ] || [ "$WHAT" = kernels ]; then
  $PY "$PEERS/kmeans_sklearn.py" --iters 20 --repeats 3 > "$OUT/kmeans_sklearn_t2.json"
  OPENBLAS_NUM_THREADS=2 $PY "$PEERS/mlp_torch.py" --opt sgd --repeats 3 --threads 1 > "$OUT/mlp_torch_t1_blas2.jsonl"
  $PY "$PEERS/mlp_torch.py" --opt sgd --repeats 3 --threads 1 > "$OUT/mlp_torch_t1.jsonl"
  $PY "$PEERS/mlp_torch.py" --opt sgd --repeats 3 --threads 2 > "$OUT/mlp_torch_t2.jsonl"
  $J bench kernels --backend cpu,java --repeats 5 > "$OUT/vernier_kernels.md"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = strategies ]; then
  $PY "$PEERS/optuna_bench.py" --seeds 5 --budgets 25,50,100 --samplers tpe,random \
      --out "$OUT/optuna.jsonl" 2> "$OUT/optuna_summary.md"
  $J bench strategies > "$OUT/vernier_strategies.md"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = fleet ]; then
  $PY "$PEERS/optuna_rdb.py" > "$OUT/optuna_rdb.jsonl"
  $J bench fleet --trials 2000 > "$OUT/vernier_fleet_hb0.md"
  $J bench fleet --trials 2000 --heartbeats 1 > "$OUT/vernier_fleet_hb1.md"
fi
if [ "$WHAT" = all ] || [ "$WHAT" = drift ]; then
  $ENV java -cp bench/target/vernier-bench.jar dev.vernier.bench.monitor.DriftBenchmark > "$OUT/vernier_drift.md"
  $PY "$PEERS/drift_reference.py" --spaces pixels > "$OUT/drift_reference.jsonl" \
      2> "$OUT/drift_reference.md"
fi
{ date -u; cat /proc/loadavg; } >> "$OUT/host.txt"
echo "done: $OUT"
