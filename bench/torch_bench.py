#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The workloads of `descent-cli bench`, written in PyTorch (Debian's python3-torch).

Same sizes, dtypes and thread count; PyTorch loads the same OpenBLAS, so run both
with the same OPENBLAS_CORETYPE. Prints a JSON object like `descent-cli bench --json`.
Usage: torch_bench.py [--repeat N] [--threads N] [--only NAME] [--json FILE]
"""
import argparse
import json
import math
import statistics
import time

import torch

torch.manual_seed(0)


def median_ms(func, repeat):
    func()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def bench_sgd(name, sizes, batch, repeat):
    steps = 100
    model = mlp(sizes)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(4096, sizes[0])
    y = torch.arange(4096) % sizes[-1]
    loss_fn = torch.nn.CrossEntropyLoss()
    perm = torch.randperm(4096)

    def run():
        pos = 0
        for _ in range(steps):
            nonlocal perm
            if pos + batch > 4096:
                perm = torch.randperm(4096)
                pos = 0
            idx = perm[pos:pos + batch]
            pos += batch
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()

    ms = median_ms(run, repeat)
    macs = sum(sizes[i] * sizes[i + 1] for i in range(len(sizes) - 1))
    unit = ms / steps
    return dict(name=name, size="-".join(map(str, sizes)) + f", batch {batch}",
                median_ms=ms, unit_ms=unit, gflops=6.0 * macs * batch / (unit * 1e6))


def bench_jacobian(repeat):
    """Per-example gradients of the Huang–Yau network (depth 2, tanh, no biases),
    stacked into J (n × P), then K² = J Jᵀ, all in float64. PyTorch 1.13 has no
    batched per-example gradients in core, so each example is its own backward."""
    n, d, m = 64, 64, 512
    w1 = torch.randn(m, d, dtype=torch.float64, requires_grad=True)
    w2 = torch.randn(m, m, dtype=torch.float64, requires_grad=True)
    a = torch.randn(m, dtype=torch.float64, requires_grad=True)
    x = torch.nn.functional.normalize(torch.randn(n, d, dtype=torch.float64), dim=1)
    params = [w1, w2, a]

    def run():
        rows = []
        for i in range(n):
            h = torch.tanh(w1 @ x[i]) / math.sqrt(m)
            h = torch.tanh(w2 @ h) / math.sqrt(m)
            f = a @ h
            grads = torch.autograd.grad(f, params)
            rows.append(torch.cat([g.reshape(-1) for g in grads]))
        jac = torch.stack(rows)
        return jac @ jac.T

    return dict(name="jacobian", size=f"n {n}, depth 2, width {m}, d {d}, fp64 (J then JJᵀ)",
                median_ms=median_ms(run, repeat), unit_ms=None, gflops=None)


def bench_rf(repeat):
    n, d, p, k = 1000, 784, 2000, 10
    x = torch.randn(n, d, dtype=torch.float64)
    wt = torch.randn(d, p, dtype=torch.float64)
    y = torch.randn(n, k, dtype=torch.float64)

    def run():
        phi = torch.relu(x @ wt / math.sqrt(d))
        torch.linalg.lstsq(phi, y, driver="gelsd")

    return dict(name="rf-fit", size=f"n {n}, d {d}, p {p}, min-norm",
                median_ms=median_ms(run, repeat), unit_ms=None, gflops=None)


def bench_path(repeat):
    sizes = [784, 300, 100, 10]
    a, b, mix = mlp(sizes), mlp(sizes), mlp(sizes)
    x = torch.randn(10000, 784)
    y = torch.arange(10000) % 10
    points = 30
    pa = list(a.parameters())
    pb = list(b.parameters())
    pm = list(mix.parameters())

    def run():
        with torch.no_grad():
            for j in range(points):
                alpha = j / (points - 1)
                for m, u, v in zip(pm, pa, pb):
                    torch.add(u * alpha, v, alpha=1 - alpha, out=m)
                for first in range(0, 10000, 500):
                    out = mix(x[first:first + 500])
                    torch.nn.functional.cross_entropy(out, y[first:first + 500], reduction="sum")
                    (out.argmax(1) != y[first:first + 500]).sum()

    ms = median_ms(run, repeat)
    macs = 784 * 300 + 300 * 100 + 100 * 10
    return dict(name="path", size="784-300-100-10, 30 points × 10000 images",
                median_ms=ms, unit_ms=ms / points, gflops=2.0 * macs * 10000 * points / (ms * 1e6))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only")
    ap.add_argument("--json")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    def want(name):
        return args.only is None or name.startswith(args.only)

    results = []
    if want("sgd-lenet"):
        results.append(bench_sgd("sgd-lenet-60", [784, 300, 100, 10], 60, args.repeat))
        results.append(bench_sgd("sgd-lenet-128", [784, 300, 100, 10], 128, args.repeat))
    for k in (16, 256, 1024):
        if want(f"sgd-k{k}"):
            results.append(bench_sgd(f"sgd-k{k}", [784, k, 10], 128, args.repeat))
    if want("jacobian"):
        results.append(bench_jacobian(args.repeat))
    if want("rf-fit"):
        results.append(bench_rf(args.repeat))
    if want("path"):
        results.append(bench_path(args.repeat))

    out = dict(torch=torch.__version__, threads=args.threads, results=results)
    for r in results:
        print(f"{r['name']:<14} {r['size']:<42} {r['median_ms']:10.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
