#!/usr/bin/python3
"""Plots of `dslab bench cluster --sweep` (runtime/metrics/README.md).

usage: plot_bench.py RESULTS_JSON OUT_DIR
Writes OUT_DIR/throughput.png (committed operations/s against clients, one line per cluster
size and batching setting) and OUT_DIR/latency_cdf.png (the latency CDF of every point, from
the log-bucket histograms). Needs Debian's python3-matplotlib (ci/setup installs it).
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import matplotlib.ticker  # noqa: E402


def series_name(point):
    batching = ("batching off" if point["batch_size"] <= 1 else
                f"batch {point['batch_size']} / {point['batch_delay_us']} µs")
    return f"{point['replicas']} replicas, {batching}, sync {point['sync']}"


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        points = [p for p in json.load(f)["points"] if not p["error"]]
    out = argv[2]
    series = {}
    for p in points:
        series.setdefault(series_name(p), []).append(p)

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, ps in series.items():
        ps = sorted(ps, key=lambda p: p["clients"])
        ax.plot([p["clients"] for p in ps], [p["throughput"] for p in ps], marker="o", label=name)
    ax.set_xscale("log", base=2)
    ax.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.set_xlabel("closed-loop clients")
    ax.set_ylabel("committed operations / s")
    ax.set_title("lab5-bank throughput against clients")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(f"{out}/throughput.png", dpi=120)

    cols = 2 if len(series) > 1 else 1
    rows = (len(series) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(6 * cols, 3.6 * rows), squeeze=False)
    for ax, (name, ps) in zip(axes.flat, series.items()):
        for p in sorted(ps, key=lambda p: p["clients"]):
            cdf = p["latency_cdf_us"]
            if cdf:
                ax.step([v / 1000.0 for v, _ in cdf], [f for _, f in cdf], where="post",
                        label=f"{p['clients']} clients")
        ax.set_xscale("log")
        ax.set_xlabel("latency (ms)")
        ax.set_ylabel("fraction of operations")
        ax.set_title(name, fontsize=9)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    for ax in list(axes.flat)[len(series):]:
        ax.set_visible(False)
    fig.suptitle("lab5-bank latency CDF")
    fig.tight_layout()
    fig.savefig(f"{out}/latency_cdf.png", dpi=120)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
