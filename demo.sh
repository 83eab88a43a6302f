#!/usr/bin/env bash
# Builds Vernier and trains a 784-256-10 MLP on Fashion-MNIST with the native kernels, printing
# one line per epoch, then scores the model on the test set. Installs Debian's
# dataset-fashion-mnist first when its files are missing (needs root or sudo and Debian's
# package servers).
set -euo pipefail
cd "$(dirname "$0")"
DATA=${FMNIST_DIR:-/usr/share/datasets/fashion-mnist}
if [ ! -f "$DATA/train-images-idx3-ubyte.gz" ]; then
  echo "Fashion-MNIST not found in $DATA: installing Debian's dataset-fashion-mnist"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi
mvn -B -ntp -q -DskipTests package
OUT=vernier-data/models/fashion-mnist-mlp
java -jar app/target/vernier.jar train --algorithm mlp \
  --train "$DATA/train-images-idx3-ubyte.gz" --train-labels "$DATA/train-labels-idx1-ubyte.gz" \
  --validation "$DATA/t10k-images-idx3-ubyte.gz" --validation-labels "$DATA/t10k-labels-idx1-ubyte.gz" \
  --hp epochs="${EPOCHS:-5}" --hp hidden_units=256 --hp learning_rate=0.1 --seed 0 --output "$OUT"
java -jar app/target/vernier.jar predict --model "$OUT" \
  --input "$DATA/t10k-images-idx3-ubyte.gz" --input-labels "$DATA/t10k-labels-idx1-ubyte.gz" \
  --output "$OUT/test-predictions.csv"
