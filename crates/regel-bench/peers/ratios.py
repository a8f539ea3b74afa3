#!/usr/bin/env python3
"""The peers table of BENCHMARKS.md from the last run of `benches/peers.rs`: criterion's
medians per decision, Regel's interpreted (`Decider`), compiled (`regel-native`, `Value`
interface) and JSON (text in, text out: through serde_json's tree, and through
`decide.batch`'s reader and writer) paths beside each peer's fastest path, eval only and
end to end, with the ratios (peer ÷ Regel) from that one run.

    python3 crates/regel-bench/peers/ratios.py [CARGO_TARGET_DIR]
"""

import json
import os
import sys
from pathlib import Path

DECISIONS = ["listning.byte", "kapacitetsstopp.beslut", "sanktion.vite", "ersattning.vardpeng"]
EVAL_PEERS = ["regorus.rvm", "zen-expression"]
JSON_PEERS = ["regorus.rvm.json", "zen-expression.json"]


def medians(target: Path) -> dict:
    """(group, function) → median in ns, from criterion's `new` estimates of the last run.

    `benches/peers.rs` marks the start of each timed run (`tmp/peers-run` in the target
    folder); an estimate written before the mark is from an earlier run (a run filtered to
    some functions leaves the others' estimates of before in place): left out, not mixed in.
    """
    mark = target / "tmp" / "peers-run"
    if not mark.exists():
        sys.exit(f"{mark} is missing: run `cargo bench -p regel-bench --features peers --bench peers` first")
    start = mark.stat().st_mtime
    found = {}
    for bench in (target / "criterion").glob("*/*/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        estimates = bench.parent / "estimates.json"
        if estimates.stat().st_mtime < start:
            continue
        median = json.loads(estimates.read_text())["median"]["point_estimate"]
        found[(meta["group_id"], meta["function_id"])] = median
    return found


def show(ns: float) -> str:
    if ns >= 1000:
        return f"{ns / 1000:.2f} µs"
    return f"{ns:.0f} ns"


def row(decision: str, times: dict) -> str:
    t = {f: times.get((f"peers/{decision}", f)) for f in
         ["regel.decider", "regel.native", "regel.json", "regel.json.batch", "hand-written",
          *EVAL_PEERS, *JSON_PEERS]}
    if any(v is None for v in t.values()):
        return f"| `{decision}` | missing: {[f for f, v in t.items() if v is None]} |"
    # The peers' slower paths, shown when the run timed them.
    slower = [times.get((f"peers/{decision}", f)) for f in ["regorus", "zen-engine"]]
    fastest = min(EVAL_PEERS, key=lambda f: t[f])
    fastest_json = min(JSON_PEERS, key=lambda f: t[f])
    cells = [
        f"`{decision}`",
        show(t["regel.decider"]), show(t["regel.native"]), show(t["regel.json"]),
        show(t["regel.json.batch"]),
        show(t["hand-written"]),
        show(t["regorus.rvm"]), show(t["zen-expression"]),
        show(t["regorus.rvm.json"]), show(t["zen-expression.json"]),
        *("—" if v is None else show(v) for v in slower),
        f"{fastest}: {t[fastest] / t['regel.decider']:.1f}×",
        f"{t[fastest] / t['regel.native']:.1f}×",
        f"{fastest_json}: {t[fastest_json] / t['regel.json']:.1f}×"
        f" / {t[fastest_json] / t['regel.json.batch']:.1f}×",
        f"{t['regel.decider'] / t['hand-written']:.1f}×",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", "target"))
    times = medians(target)
    print("| Decision | Regel `Decider` | Regel compiled | Regel JSON (serde tree) "
          "| Regel JSON (`decide.batch`'s reader and writer) | hand-written "
          "| regorus RVM | zen-expression | regorus RVM, JSON | zen-expression, JSON "
          "| regorus `eval_rule` | zen-engine JDM "
          "| fastest peer ÷ `Decider` | fastest peer ÷ compiled "
          "| fastest peer JSON ÷ Regel JSON (serde tree / batch's reader) "
          "| `Decider` ÷ hand-written |")
    print("|---" + "|---:" * 15 + "|")
    for decision in DECISIONS:
        print(row(decision, times))


if __name__ == "__main__":
    main()
