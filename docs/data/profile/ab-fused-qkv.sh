#!/bin/bash
# A/B: self-attention's q/k/v as three matrix products (bin12: CLI published from bd04b14) against one product of the
# three weights side by side (bin13: the same with MultiHeadAttention.SelfQueryKeyValue), alternated, same seed, config
# and threads; each run's trainingSeconds (optimizer steps only) from its results.json. Output: ab-fused-qkv.txt.
# usage: ab-fused-qkv.sh CONFIG STEPS REPS   (bin12/ and bin13/ beside this script: dotnet publish src/NeuralMath.Cli -c Release -o binNN)
cd "$(dirname "$0")"
cfg=$1; steps=$2; reps=$3
for r in $(seq 1 $reps); do
  for b in bin12 bin13; do
    out=$cfg-$b-r$r; rm -rf $out
    chrt -r 1 $b/neuralmath train --config $cfg --out $out --steps $steps --set training.evalEvery=100000 \
      --set training.checkpointEvery=100000 --set training.threads=2 --no-final-eval --progress plain > $out.log 2>&1
    python3 - $out <<'PY'
import json,sys
r=json.load(open(sys.argv[1]+'/results.json'))
print(sys.argv[1], r['steps'], round(r['trainingSeconds'],2), round(r['trainingSeconds']/r['steps']*1000,1),'ms/step')
PY
  done
done
