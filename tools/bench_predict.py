#!/usr/bin/env python3
"""Model evaluation throughput: DealSync's Swift evaluator against xgboost's `predict`.

  python tools/bench_predict.py [--bench /tmp/dealsync-scoring-bench] [--dealsyncd .build/debug/dealsyncd]

Writes a CSV of synthetic deals and times xgboost's `inplace_predict` on them (best of 3,
nthread=1 and all cores; `inplace_predict` because `predict` on a DMatrix it has seen returns
a cached answer). Then runs the -O Swift benchmark built by tools/bench_scoring.sh on the same
model and file (rows/s and per-deal scoring latency), and `dealsyncd predict` to compare every
output with xgboost's.
"""
import argparse
import os
import subprocess
import tempfile
import sys
import time

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_model import FEATURES, synthetic_history


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dealsyncd", default=".build/debug/dealsyncd")
    p.add_argument("--bench", default="/tmp/dealsync-scoring-bench")
    p.add_argument("--model", default="models/default-deal-model.json")
    p.add_argument("--rows", type=int, default=100_000)
    a = p.parse_args()

    x, _ = synthetic_history(np.random.default_rng(3), a.rows, 0.1)
    with tempfile.TemporaryDirectory() as d:
        big = os.path.join(d, "rows.csv")
        with open(big, "w") as f:
            f.write(",".join(FEATURES) + "\n")
            f.writelines(",".join("" if np.isnan(v) else repr(float(v)) for v in r) + "\n" for r in x)
        booster = xgb.Booster(model_file=a.model)
        python = {}
        for threads in (1, os.cpu_count()):
            booster.set_param({"nthread": threads})
            python[threads], preds = timed(lambda: booster.inplace_predict(x, missing=np.nan))
        out = subprocess.run([a.dealsyncd, "predict", "--model", a.model, "--input", big],
                             capture_output=True, check=True, text=True).stdout
        swift = np.array([float(v) for v in out.split()])
        print(f"{a.rows} rows, model {a.model}")
        for threads, t in python.items():
            print(f"  xgboost inplace_predict nthread={threads}: {a.rows / t:12.0f} rows/s")
        print(subprocess.run([a.bench, a.model, big], capture_output=True, check=True, text=True).stdout.rstrip())
        print(f"  dealsyncd predict vs xgboost: max |diff| = {np.max(np.abs(swift - preds)):.3g} over {len(swift)} rows")


if __name__ == "__main__":
    main()
