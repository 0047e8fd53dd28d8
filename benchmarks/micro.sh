#!/usr/bin/env bash
# BenchmarkDotNet micro-benchmarks of the session check's hot path (time and bytes allocated per call).
# Extra arguments go to BenchmarkDotNet, e.g. `--job short` or `--filter '*CacheHit*'`. Results: BenchmarkDotNet.Artifacts/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec dotnet run -c Release --project benchmarks/TenantSessions.MicroBenchmarks -- --filter '*' "$@"
