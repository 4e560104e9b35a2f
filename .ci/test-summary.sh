#!/usr/bin/env bash
# Turns Microsoft.Testing.Platform summaries (one block per test assembly) into one line: "N passed, N failed, N skipped".
awk '
  /^[[:space:]]*failed:[[:space:]]*[0-9]+/    { f += $2 }
  /^[[:space:]]*succeeded:[[:space:]]*[0-9]+/ { p += $2 }
  /^[[:space:]]*skipped:[[:space:]]*[0-9]+/   { s += $2 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$1"
