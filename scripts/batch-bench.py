#!/usr/bin/env python3
"""Times `decide.batch` of 100 000 `listning.byte` inputs (the serve bench's inputs) through
`regel serve --policies policies`, for several `regel` binaries, interleaved: each round starts
a fresh server per binary and sends the batch three times. Prints, beside the times, the CPU
time per batch of the server (every thread, from /proc) and of this client: on two CPUs no
batch can take less than their sum over two. The client leaves its pipes as the kernel makes
them, as the serve bench does (`regel serve` widens them itself); REGEL_PIPES=wide widens them here.
Run from the workspace root:

    python3 scripts/batch-bench.py ROUNDS BINARY...
"""
import fcntl, json, os, subprocess, sys, time

def inp(i):
    M = (1 << 64) - 1
    x = (i * 6364136223846793005 + 1442695040888963407) & M
    def nxt(n):
        nonlocal x
        x ^= x >> 33
        x = (x * 0xff51afd7ed558ccd) & M
        return (x >> 11) % n
    dates = ["20%02d-%02d-%02d" % (19 + nxt(5), 1 + nxt(12), 1 + nxt(28)) for _ in range(nxt(11))]
    return {"datum": "2023-12-31", "tidigare_byten": dates, "sarskilda_skal": nxt(2) == 1}

def cpu_ticks(pid):
    """User and system clock ticks of process `pid` so far, ended threads included."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])

def main():
    rounds = int(sys.argv[1]); bins = sys.argv[2:]
    batch = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "decide.batch", "params": {
        "version": "2023", "decision": "listning.byte", "inputs": [inp(i) for i in range(100000)]}},
        separators=(",", ":")).encode() + b"\n"
    times = {b: [] for b in bins}
    cpu = {b: [0, 0.0] for b in bins}
    for r in range(rounds):
        for b in bins:
            p = subprocess.Popen([b, "serve", "--policies", "policies"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE)
            for pipe in (p.stdin, p.stdout) if os.environ.get("REGEL_PIPES") == "wide" else ():
                fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
            p.stdin.write(b'{"jsonrpc":"2.0","id":0,"method":"check"}\n'); p.stdin.flush()
            p.stdout.readline()
            for k in range(3):
                ticks, client = cpu_ticks(p.pid), time.process_time()
                t = time.perf_counter()
                p.stdin.write(batch); p.stdin.flush()
                ans = p.stdout.readline()
                times[b].append(time.perf_counter() - t)
                cpu[b][0] += cpu_ticks(p.pid) - ticks
                cpu[b][1] += time.process_time() - client
                assert b'"results"' in ans[:200] or b'"results"' in ans, ans[:300]
            p.stdin.close(); p.wait()
    print("bytes in:", len(batch))
    for b in bins:
        ts = sorted(times[b])
        server = cpu[b][0] / os.sysconf("SC_CLK_TCK") / len(ts)
        client = cpu[b][1] / len(ts)
        print("%-28s best %.1f ms  median %.1f ms  (%d runs) -> %.0f decisions/s at best;"
              " CPU a batch: server %.1f ms, client %.1f ms"
              % (b, ts[0] * 1e3, ts[len(ts) // 2] * 1e3, len(ts), 100000 / ts[0],
                 server * 1e3, client * 1e3))

if __name__ == "__main__":
    main()
