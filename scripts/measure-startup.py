#!/usr/bin/env python3
"""Measures `casebook serve` from process start to its first answered request.

Usage: scripts/measure-startup.py [path/to/casebook] [runs]
Each run starts the binary on a fresh data directory (so migrations run too), waits for
the line naming its address, sends GET /health, and stops it. Prints median and range.
"""
import http.client, statistics, subprocess, sys, tempfile, time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/casebook"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
times = []
for _ in range(runs):
    with tempfile.TemporaryDirectory() as data:
        t0 = time.perf_counter()
        p = subprocess.Popen([binary, "serve", "--addr", "127.0.0.1:0", "--data-dir", data],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = p.stdout.readline().strip()
        host_port = line.rsplit("http://", 1)[1]
        host, port = host_port.split(":")
        conn = http.client.HTTPConnection(host, int(port))
        conn.request("GET", "/health")
        assert conn.getresponse().status == 200
        times.append((time.perf_counter() - t0) * 1000)
        p.terminate()
        p.wait()
print(f"{binary}: start to first answered request over {runs} runs: "
      f"median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms")
