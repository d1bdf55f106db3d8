#!/usr/bin/env python3
"""Train DealSync's deal-win model on synthetic deal history and write parity fixtures.

The history is synthetic (a seeded generator shaped like the sandbox's seed world), so the
model ranks deals plausibly but carries no real sales knowledge. Outputs:

  --model   the XGBoost JSON model (`Booster.save_model`), with a `dealsync` note field
  --inputs  a CSV of feature rows (header = feature names, empty cell = missing)
  --preds   xgboost's probability for each input row, one per line (%.9g)
  --contribs xgboost's approximate (Saabas) per-feature contributions, CSV (last column = bias)

The Swift parity test (Tests/DealSyncHooksTests) checks its evaluator against --preds.
"""
import argparse
import json

import numpy as np
import xgboost as xgb

FEATURES = [
    "deal_velocity",            # stage changes per 30 days
    "engagement_score",         # 0..100, emails/meetings weighted by recency
    "contact_seniority",        # 0 (individual contributor) .. 4 (C-level)
    "company_size",             # log10(employees)
    "win_rate_rep",             # 0..1, the owner's historical win rate
    "win_rate_industry",        # 0..1, historical win rate in the company's industry
    "sentiment_trend",          # -1..1, slope of email sentiment over 30 days
    "competitor_mentions",      # count over 30 days
    "stage_duration_percentile",  # 0..100, time in the current stage against history
]


def synthetic_history(rng, n, missing_rate):
    x = np.column_stack([
        rng.gamma(2.0, 0.8, n),
        rng.uniform(0, 100, n),
        rng.integers(0, 5, n).astype(float),
        rng.uniform(0.5, 5.0, n),
        rng.beta(4, 6, n),
        rng.beta(3, 7, n),
        rng.uniform(-1, 1, n),
        rng.poisson(0.8, n).astype(float),
        rng.uniform(0, 100, n),
    ])
    logit = (
        0.6 * (x[:, 0] - 1.6) + 0.03 * (x[:, 1] - 50) + 0.35 * (x[:, 2] - 2)
        + 0.2 * (x[:, 3] - 2.7) + 3.0 * (x[:, 4] - 0.4) + 2.0 * (x[:, 5] - 0.3)
        + 1.2 * x[:, 6] - 0.5 * x[:, 7] - 0.025 * (x[:, 8] - 50)
    )
    y = (rng.uniform(0, 1, n) < 1 / (1 + np.exp(-logit))).astype(float)
    x = x.astype(np.float32)
    x[rng.uniform(0, 1, x.shape) < missing_rate] = np.nan
    return x, y


def train(seed, rows, trees, depth):
    rng = np.random.default_rng(seed)
    x, y = synthetic_history(rng, rows, 0.08)
    dtrain = xgb.DMatrix(x, label=y, feature_names=FEATURES, missing=np.nan)
    params = {"objective": "binary:logistic", "max_depth": depth, "eta": 0.15, "seed": seed,
              "base_score": 0.42, "tree_method": "hist", "nthread": 1}
    return xgb.train(params, dtrain, num_boost_round=trees), rng


def save_labeled(booster, path, note):
    booster.save_model(path)
    with open(path) as f:
        doc = json.load(f)
    doc["dealsync"] = {"note": note}
    with open(path, "w") as f:
        json.dump(doc, f)
    xgb.Booster(model_file=path)  # the note must not stop xgboost from loading the file


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--inputs")
    p.add_argument("--preds")
    p.add_argument("--contribs")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--rows", type=int, default=4000)
    p.add_argument("--trees", type=int, default=60)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--eval-rows", type=int, default=400)
    a = p.parse_args()

    booster, rng = train(a.seed, a.rows, a.trees, a.depth)
    save_labeled(booster, a.model,
                 f"trained by tools/train_model.py on synthetic sandbox deal history (seed {a.seed}); "
                 "not real sales data")
    if not a.inputs:
        return
    x, _ = synthetic_history(rng, a.eval_rows, 0.15)
    # Rows whose values sit exactly on split thresholds check the strict `x < cond` rule in float32.
    doc = json.loads(booster.save_raw("json"))
    tree = doc["learner"]["gradient_booster"]["model"]["trees"][0]
    for i, (f, c) in enumerate(zip(tree["split_indices"], tree["split_conditions"])):
        if tree["left_children"][i] != -1 and i < len(x):
            x[i, f] = np.float32(c)
            x[len(x) - 1 - i, f] = np.nextafter(np.float32(c), np.float32(-np.inf))
    x[-1, :] = np.nan  # a row with nothing known follows every default direction
    with open(a.inputs, "w") as f:
        f.write(",".join(FEATURES) + "\n")
        for row in x:
            f.write(",".join("" if np.isnan(v) else repr(float(v)) for v in row) + "\n")
    # Read back exactly as the Swift side will: text -> float32.
    dm = xgb.DMatrix(x, feature_names=FEATURES, missing=np.nan)
    preds = booster.predict(dm)
    with open(a.preds, "w") as f:
        f.writelines("%.9g\n" % v for v in preds)
    if a.contribs:
        contribs = booster.predict(dm, pred_contribs=True, approx_contribs=True)
        with open(a.contribs, "w") as f:
            f.write(",".join(FEATURES + ["bias"]) + "\n")
            for row in contribs:
                f.write(",".join("%.9g" % v for v in row) + "\n")


if __name__ == "__main__":
    main()
