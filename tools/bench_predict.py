#!/usr/bin/env python3
"""Model evaluation throughput: DealSync's Swift evaluator against xgboost's `predict`.

  python tools/bench_predict.py --dealsyncd .build/release/dealsyncd [--rows 100000]

Writes a CSV of synthetic deals, times `Booster.predict` on them (best of 3, nthread=1 and
default threads), and times `dealsyncd predict` on the same file, subtracting a one-row run
so process start-up and model loading are not counted. Both sides' outputs are compared.
Build dealsyncd with `swift build -c release` for meaningful figures.
"""
import argparse
import os
import subprocess
import tempfile
import time

import numpy as np
import xgboost as xgb

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
    p.add_argument("--dealsyncd", default=".build/release/dealsyncd")
    p.add_argument("--model", default="models/default-deal-model.json")
    p.add_argument("--rows", type=int, default=100_000)
    a = p.parse_args()

    x, _ = synthetic_history(np.random.default_rng(3), a.rows, 0.1)
    with tempfile.TemporaryDirectory() as d:
        big, one = os.path.join(d, "rows.csv"), os.path.join(d, "one.csv")
        for path, rows in ((big, x), (one, x[:1])):
            with open(path, "w") as f:
                f.write(",".join(FEATURES) + "\n")
                f.writelines(",".join("" if np.isnan(v) else repr(float(v)) for v in r) + "\n" for r in rows)
        booster = xgb.Booster(model_file=a.model)
        dm = xgb.DMatrix(x, feature_names=FEATURES, missing=np.nan)
        results = {}
        for threads in (1, os.cpu_count()):
            booster.set_param({"nthread": threads})
            results[threads], preds = timed(lambda: booster.predict(dm))
        run = lambda path: subprocess.run([a.dealsyncd, "predict", "--model", a.model, "--input", path],
                                          capture_output=True, check=True, text=True).stdout
        t_one, _ = timed(lambda: run(one))
        t_big, out = timed(lambda: run(big))
        swift = np.array([float(v) for v in out.split()])
        print(f"{a.rows} rows, model {a.model}")
        for threads, t in results.items():
            print(f"  xgboost predict  nthread={threads}: {a.rows / t:12.0f} rows/s")
        swift_t = max(t_big - t_one, 1e-9)
        print(f"  dealsyncd predict (incl. CSV parse and printing, 1 thread): {a.rows / swift_t:12.0f} rows/s")
        print(f"  ratio swift / xgboost(nthread=1): {results[1] / swift_t:.2f}")
        print(f"  max |swift - xgboost| = {np.max(np.abs(swift - preds)):.3g}")


if __name__ == "__main__":
    main()
