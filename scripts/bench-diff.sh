#!/usr/bin/env bash
# Times `zerodraft diff` (the default terminal format, piped, and `--format json`) against
# `git diff --no-index --word-diff` on two revisions given as
# arguments, and on pairs three and nine times their size made by concatenation (in a
# temporary directory, removed at exit), to show how the cost grows.
#
#   scripts/bench-diff.sh OLD NEW
#   SIZES="1 3" RUNS=20 ROUNDS=8 scripts/bench-diff.sh OLD NEW
#
# Uses hyperfine when installed (apt-get install hyperfine), else a loop timed with
# `date +%s%N`. Builds the release binary once, and copies it to the temporary directory
# (a freshly linked file takes extra page faults on its first runs). Prints the counts
# zerodraft reports.
#
# With hyperfine, the three commands are timed in ROUNDS rounds (default 5) of RUNS runs
# each (default 10), one command after the other in every round, so that a slow spell of
# the machine falls on all three alike: zerodraft uses a second core and is the one a busy
# neighbour slows down. The table gives, per command, the mean of all runs, the median of
# the round means, and the fastest run.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 OLD NEW" >&2
    exit 2
fi
old=$1
new=$2
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
zd="$work/zerodraft"
cp "$root/target/release/zerodraft" "$zd"
ext=${old##*.}
sizes=${SIZES:-1 3 9}
for k in $sizes; do
    [ "$k" = 1 ] && continue
    for f in old new; do
        src=$([ $f = old ] && echo "$old" || echo "$new")
        : > "$work/$f-${k}x.$ext"
        for _ in $(seq "$k"); do
            cat "$src" >> "$work/$f-${k}x.$ext"
            printf '\n\n' >> "$work/$f-${k}x.$ext"
        done
    done
done

runs=${RUNS:-10}
rounds=${ROUNDS:-5}

zd_cmd() { echo "$zd diff $3 '$1' '$2' > /dev/null || [ \$? -eq 1 ]"; }
git_cmd() { echo "git diff --no-index --word-diff '$1' '$2' > /dev/null || [ \$? -eq 1 ]"; }

time_loop() { # label command
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do bash -c "$2"; done
    end=$(date +%s%N)
    printf '%-40s %8.1f ms (mean of %d)\n' "$1" "$(echo "($end - $start) / $runs / 1000000" | bc -l)" "$runs"
}

for k in $sizes; do
    size=${k}x
    if [ "$k" = 1 ]; then a=$old; b=$new; else a="$work/old-$size.$ext"; b="$work/new-$size.$ext"; fi
    echo "== $size: $(wc -c < "$a") → $(wc -c < "$b") bytes"
    if command -v hyperfine > /dev/null; then
        # -i: exit status 1 ("differences") is not a failure.
        for r in $(seq "$rounds"); do
            hyperfine -N -i --warmup 2 --runs "$runs" --style basic --export-json "$work/h$r.json" \
                -n "zerodraft diff ($size)" "$zd diff '$a' '$b'" \
                -n "zerodraft diff --format json ($size)" "$zd diff --format json '$a' '$b'" \
                -n "git diff --word-diff ($size)" "git diff --no-index --word-diff '$a' '$b'" \
                > /dev/null 2>&1
        done
        python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
results = [json.load(open(f"{work}/h{r}.json"))["results"] for r in range(1, rounds + 1)]
rows = []
for i, first in enumerate(results[0]):
    times = [t * 1000 for rnd in results for t in rnd[i]["times"]]
    means = [rnd[i]["mean"] * 1000 for rnd in results]
    rows.append((first["command"], statistics.mean(times), statistics.median(means), min(times)))
git = rows[-1][2]
print("| Command | Mean [ms] | Median of round means [ms] | Min [ms] | vs git (medians) |")
print("|:---|---:|---:|---:|---:|")
for name, mean, median, fastest in rows:
    print(f"| `{name}` | {mean:.2f} | {median:.2f} | {fastest:.2f} | {median / git:.2f} |")
PY
    else
        time_loop "zerodraft diff ($size)" "$(zd_cmd "$a" "$b" "")"
        time_loop "zerodraft diff --format json ($size)" "$(zd_cmd "$a" "$b" "--format json")"
        time_loop "git diff --word-diff ($size)" "$(git_cmd "$a" "$b")"
    fi
    "$zd" diff --format json "$a" "$b" > "$work/out.json" || [ $? -eq 1 ]
    python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
c = v["counts"]
print("counts:", ", ".join(f"{k} {c[k]}" for k in ["added", "deleted", "modified", "moved", "moved_modified", "split", "merged", "unchanged", "relabelled", "brackets_old", "brackets_new", "cleared_of_brackets", "newly_bracketed"]))
for n in v["notices"]:
    print("notice:", n)
' "$work/out.json"
    echo
done
