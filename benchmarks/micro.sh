#!/usr/bin/env bash
# BenchmarkDotNet micro-benchmarks of the session check's hot path (time and bytes allocated per call).
# In-process (no generated project to build). Extra arguments go to BenchmarkDotNet, e.g. `--job short`.
# Results: BenchmarkDotNet.Artifacts/ in the current directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Every benchmark unless the arguments name a --filter of their own (BenchmarkDotNet refuses two).
filter=(--filter '*')
for argument in "$@"; do
  case $argument in --filter|-f) filter=();; esac
done
exec dotnet run -c Release --project benchmarks/TenantSessions.MicroBenchmarks -- "${filter[@]}" --inProcess --memory "$@"
