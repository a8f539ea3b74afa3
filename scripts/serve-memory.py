#!/usr/bin/env python3
"""Memory and time of `regel serve --policies policies` for several `regel` binaries,
alternated round by round: each round starts a fresh server per binary, times `check` and
reads its resident memory (VmRSS) after it, then sends the serve bench's `decide.batch` of
100 000 `listning.byte` inputs three times and reads VmRSS and the peak (VmHWM). Linux only
(/proc). Run from the workspace root:

    python3 scripts/serve-memory.py ROUNDS BINARY...
"""
import importlib.util, json, os, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("batch_bench", os.path.join(here, "batch-bench.py"))
batch_bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(batch_bench)

CHECK = b'{"jsonrpc":"2.0","id":0,"method":"check"}\n'

def memory(pid):
    """(VmRSS, VmHWM) in KiB."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.split()[0] if value.split() else "0"
    return int(fields["VmRSS"]), int(fields["VmHWM"])

def one_round(binary, batch):
    p = subprocess.Popen([binary, "serve", "--policies", "policies"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE)
    t = time.perf_counter()
    p.stdin.write(CHECK); p.stdin.flush()
    assert b'"diagnostics"' in p.stdout.readline()
    check = time.perf_counter() - t
    after_check = memory(p.pid)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        p.stdin.write(batch); p.stdin.flush()
        answer = p.stdout.readline()
        times.append(time.perf_counter() - t)
        assert b'"results"' in answer, answer[:300]
    after_batches = memory(p.pid)
    p.stdin.close(); p.wait()
    return check, after_check, times, after_batches

def main():
    rounds = int(sys.argv[1]); bins = sys.argv[2:]
    batch = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "decide.batch", "params": {
        "version": "2023", "decision": "listning.byte",
        "inputs": [batch_bench.inp(i) for i in range(100000)]}},
        separators=(",", ":")).encode() + b"\n"
    print("load average before:", open("/proc/loadavg").read().split()[:3])
    results = {b: [] for b in bins}
    for _ in range(rounds):
        for b in bins:
            results[b].append(one_round(b, batch))
    mib = lambda kib: kib / 1024
    for b in bins:
        print(b)
        for check, (rss, _), times, (rss3, hwm3) in results[b]:
            print("  check %.3f s  VmRSS after check %.1f MiB | batches %s ms  VmRSS after three %.1f MiB  VmHWM %.1f MiB"
                  % (check, mib(rss), "/".join("%.0f" % (t * 1e3) for t in times), mib(rss3), mib(hwm3)))
    print("load average after:", open("/proc/loadavg").read().split()[:3])

main()
