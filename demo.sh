#!/usr/bin/env bash
# Builds Vernier and runs `vernier demo`: the service starts on SQLite with an in-process worker
# slot, a Bayesian tuning job for an MLP on Fashion-MNIST is submitted over the REST API, its
# progress is shown, and it ends with the best hyperparameters and the model's path. Installs
# Debian's dataset-fashion-mnist first when its files are missing (needs root or sudo).
# TRIALS, EPOCHS and PORT (the service's HTTP port; default: any free one) override the defaults.
set -euo pipefail
cd "$(dirname "$0")"
DATA=${FMNIST_DIR:-/usr/share/datasets/fashion-mnist}
if [ ! -f "$DATA/train-images-idx3-ubyte.gz" ]; then
  echo "Fashion-MNIST not found in $DATA: installing Debian's dataset-fashion-mnist"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi
mvn -B -ntp -q -DskipTests -pl app -am package
# the service on SQLite with an in-process worker slot; a Bayesian MLP tuning job over its REST API
# (--exit: end when the loop is done; without it the dashboard keeps being served until Ctrl-C)
java -jar app/target/vernier.jar demo --exit --fashion-mnist "$DATA" --trials "${TRIALS:-10}" --epochs "${EPOCHS:-3}" \
  ${PORT:+--port "$PORT"}
