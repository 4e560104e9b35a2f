#!/bin/bash
# Round 9 (session 14): runs alternated SEG seconds at a time on two threads each, so every arm sees the same hours
# of a machine whose speed moves from hour to hour. Run from a folder `runs/`; NEURALMATH is the published CLI.
# SIGINT makes the trainer write a checkpoint and exit; the next segment resumes it exactly (--resume), and its clock
# (trainingSeconds) counts optimizer steps only, so startup, validation and the pauses are not training time.
# Session 14 ran this loop as two scripts one after the other (the first over f32-cpu2-s1 and bf16-cpu2-s1 with
# SEG=360; the second, after three segments, over ref-bf16-9k-s1 and f32-cpu2-s1, first with SEG=360 and from 04:56
# with SEG=600, letting the segment it found running end on time: alternate.log's "stop the earlier script's segment").
# This file is that loop in one piece; the arms in the order they first ran: f32-cpu2-s1, bf16-cpu2-s1 (one segment,
# then dropped for ref-bf16-9k-s1), ref-bf16-9k-s1.
N=${NEURALMATH:-neuralmath}
SEG=${SEG:-600}
arms=(${ARMS:-f32-cpu2-s1 ref-bf16-9k-s1})
declare -A fresh=(
  [f32-cpu2-s1]="--config factorization-2p16-cpu --set training.threads=2 --set training.trainSamples=1000"
  [bf16-cpu2-s1]="--config factorization-2p16-cpu --set training.threads=2 --set training.trainSamples=1000 --set training.precision=bfloat16"
  [ref-bf16-9k-s1]="--config factorization-2p16-base30 --steps 9000 --set training.warmupSteps=1170 --set training.precision=bfloat16 --set training.threads=2 --set training.validationSamples=1000 --set training.validationBeams=2 --set training.evalEvery=250 --set training.checkpointEvery=250 --set training.trainSamples=1000"
)
declare -A done_=()
while [ ${#done_[@]} -lt ${#arms[@]} ]; do
  for r in "${arms[@]}"; do
    [ -n "${done_[$r]}" ] && continue
    if [ -f $r/results.json ]; then done_[$r]=1; continue; fi
    if [ -f $r/checkpoint.nmm ]; then args="--out $r --resume --progress plain"
    else args="--out $r --progress plain ${fresh[$r]}"; fi
    echo "$(date -u +%T) start $r" >> alternate.log
    env --default-signal=INT chrt -r 1 $N train $args >> $r.log 2>&1 &
    pid=$!
    for ((i=0; i<SEG; i++)); do sleep 1; kill -0 $pid 2>/dev/null || break; done
    kill -INT $pid 2>/dev/null; wait $pid
    echo "$(date -u +%T) stop $r rc=$?" >> alternate.log
    [ -f $r/results.json ] && done_[$r]=1
  done
  [ -f STOP ] && break
done
echo "$(date -u +%T) all done" >> alternate.log
