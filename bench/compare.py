#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs `descent-cli bench` and bench/torch_bench.py with the same settings and
prints the speed-up of Descent over PyTorch for each workload (> 1: Descent faster).

Usage: bench/compare.py [--cli build/src/cli/descent-cli] [--threads N] [--repeat N]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))

ap = argparse.ArgumentParser()
ap.add_argument("--cli", default=os.path.join(here, "..", "build", "src", "cli", "descent-cli"))
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--repeat", type=int, default=7)
args = ap.parse_args()

# PyTorch built on a generic BLAS does not pass torch.set_num_threads on to
# OpenBLAS: pin the library's thread count in both processes.
env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads), OMP_NUM_THREADS=str(args.threads))

with tempfile.TemporaryDirectory() as tmp:
    ours, theirs = os.path.join(tmp, "descent.json"), os.path.join(tmp, "torch.json")
    common = ["--threads", str(args.threads), "--repeat", str(args.repeat)]
    subprocess.run([args.cli, "bench", "--json", ours] + common, check=True, env=env)
    subprocess.run(["/usr/bin/python3", os.path.join(here, "torch_bench.py"), "--json", theirs] + common,
                   check=True, env=env)
    d = json.load(open(ours))
    t = {r["name"]: r for r in json.load(open(theirs))["results"]}

print()
print(f"BLAS: {d['blas']}, {d['threads']} thread(s); OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
print(f"| workload | size | Descent ms | PyTorch ms | speed-up |")
print(f"|---|---|---:|---:|---:|")
for r in d["results"]:
    other = t.get(r["name"])
    if other is None:
        print(f"| {r['name']} | {r['size']} | {r['median_ms']:.2f} | – | – |")
    else:
        print(f"| {r['name']} | {r['size']} | {r['median_ms']:.2f} | {other['median_ms']:.2f} | "
              f"{other['median_ms'] / r['median_ms']:.2f}× |")
