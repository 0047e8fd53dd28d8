#!/usr/bin/env bash
# Usage: scripts/summarize-trx.sh <results-dir>
# Lists failed and skipped tests from all *.trx files under <results-dir>, then prints
# exactly one final line "N passed, N failed, N skipped" (summed <Counters> attributes;
# failed includes error/timeout/aborted; skipped = notExecuted, or total - executed
# when larger, since VSTest reports skipped tests only that way).
# Exits 1 if anything failed or nothing ran at all.
set -euo pipefail

dir=${1:-artifacts/test-results}
mapfile -t files < <(find "$dir" -name '*.trx' -type f 2>/dev/null | sort)

if [ ${#files[@]} -eq 0 ]; then
  echo "summarize-trx: no .trx files found under $dir" >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# Failed / skipped test names (+ first message line, e.g. the skip reason).
awk '
  function unxml(s) {
    gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\x27", s); gsub(/&lt;/, "<", s)
    gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s
  }
  function attr(s, name,   m) {
    if (match(s, " " name "=\"[^\"]*\"")) { m = substr(s, RSTART + length(name) + 3, RLENGTH - length(name) - 4); return unxml(m) }
    return ""
  }
  function flush() {
    if (name != "") printf "  %s %s%s\n", kind, name, (msg != "" ? "  -- " msg : "")
    name = ""; msg = ""; want = 0
  }
  /<UnitTestResult / {
    flush()
    outcome = attr($0, "outcome")
    if (outcome == "NotExecuted") kind = "SKIPPED"
    else if (outcome == "Failed" || outcome == "Error" || outcome == "Timeout" || outcome == "Aborted") kind = "FAILED "
    else next
    name = attr($0, "testName"); want = 1
    if ($0 ~ /\/>[[:space:]]*$/) flush()
    next
  }
  want && msg == "" && /<(Message|StdOut)>/ {
    line = $0; sub(/.*<(Message|StdOut)>/, "", line); sub(/<\/(Message|StdOut)>.*/, "", line)
    msg = unxml(line); sub(/^[[:space:]]+/, "", msg)
    if (length(msg) > 200) msg = substr(msg, 1, 200) "..."
  }
  /<\/UnitTestResult>/ { flush() }
  END { flush() }
' "${files[@]}" | sort

# Sum the <Counters .../> attributes across all files.
cat "${files[@]}" | tr '\n\r' '  ' | grep -o '<Counters [^>]*>' | awk '
  {
    delete a
    for (i = 2; i <= NF; i++) {
      if (split($i, kv, "=") != 2) continue
      v = kv[2]; gsub(/[^0-9]/, "", v); a[kv[1]] = v + 0; c[kv[1]] += v
    }
    # VSTest leaves notExecuted=0 for skipped tests; they only show up as total - executed.
    s = a["total"] - a["executed"]; skipped += (a["notExecuted"] > s ? a["notExecuted"] : s)
  }
  END {
    passed = c["passed"] + 0
    failed = c["failed"] + c["error"] + c["timeout"] + c["aborted"]
    if (passed + failed + skipped == 0) {
      print "summarize-trx: no tests were executed" > "/dev/stderr"
      failed = 1
    }
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
    exit (failed > 0)
  }'
