#!/usr/bin/env python3
"""Compare DealSync's PII guardrail with Microsoft Presidio's analyzer on the labeled set.

  python tools/pii_compare_presidio.py --dealsyncd .build/debug/dealsyncd [--split report]

Runs `dealsyncd redact --json` on each text of Tests/DealSyncHooksTests/Fixtures/pii-eval.jsonl
and Presidio's AnalyzerEngine (pip install presidio-analyzer) on the same text, then prints
precision and recall per kind for both, counting a finding as correct on an exact span
match (and, in brackets, on any overlap with a labeled span of the same kind).

Presidio wants a spaCy model (en_core_web_lg by default) for its NER recognizers. If no
English model is installed (`python -m spacy download en_core_web_lg` needs network access to
GitHub), the script says so and runs Presidio with a blank spaCy pipeline: its pattern and
checksum recognizers (email, phone, card, SSN, IBAN, IP) still work, but LOCATION comes from
NER only, so street addresses are not found and that row does not measure Presidio fairly.
"""
import argparse
import json
import logging
import subprocess
import sys
from collections import defaultdict

PRESIDIO_KIND = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "credit_card",
                 "US_SSN": "ssn", "IBAN_CODE": "iban", "IP_ADDRESS": "ip_address", "LOCATION": "street_address"}
KINDS = ["email", "phone", "credit_card", "ssn", "iban", "ip_address", "street_address"]


def presidio_engine():
    try:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        import spacy
    except ImportError as e:
        sys.exit(f"presidio-analyzer is not installed ({e}); pip install presidio-analyzer")
    for name in ("en_core_web_lg", "en_core_web_md", "en_core_web_sm"):
        if spacy.util.is_package(name):
            engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": name}])
            return AnalyzerEngine(nlp_engine=engine), f"spaCy model {name}"
    print("NOTE: no spaCy English model is installed and `python -m spacy download` cannot reach "
          "GitHub here; Presidio runs with a blank spaCy pipeline (pattern recognizers only, "
          "no NER: LOCATION/street addresses cannot be found).", file=sys.stderr)

    class BlankEngine(SpacyNlpEngine):
        def load(self):
            self.nlp = {"en": spacy.blank("en")}

    engine = BlankEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    return AnalyzerEngine(nlp_engine=engine), "blank spaCy pipeline (no NER model available)"


def dealsync_spans(binary, text):
    out = subprocess.run([binary, "redact", "--json"], input=text.encode(), capture_output=True, check=True)
    return {(s["kind"], s["start"], s["end"]) for s in json.loads(out.stdout)["spans"]}


def presidio_spans(engine, text):
    results = engine.analyze(text=text, language="en", entities=list(PRESIDIO_KIND))
    return {(PRESIDIO_KIND[r.entity_type], r.start, r.end) for r in results if r.score >= 0.3}


def tally(found_by_row, truth_by_row):
    exact = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    overlap = defaultdict(lambda: [0, 0, 0])
    for found, truth in zip(found_by_row, truth_by_row):
        for f in found:
            exact[f[0]][0 if f in truth else 1] += 1
            hit = any(t[0] == f[0] and t[1] < f[2] and f[1] < t[2] for t in truth)
            overlap[f[0]][0 if hit else 1] += 1
        for t in truth:
            exact[t[0]][2] += t not in found
            overlap[t[0]][2] += not any(f[0] == t[0] and t[1] < f[2] and f[1] < t[2] for f in found)
    return exact, overlap


def pr(c):
    tp, fp, fn = c
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dealsyncd", default=".build/debug/dealsyncd")
    p.add_argument("--data", default="Tests/DealSyncHooksTests/Fixtures/pii-eval.jsonl")
    p.add_argument("--split", default="report", choices=["report", "tune", "all"])
    a = p.parse_args()
    # tldextract (used by Presidio's email recognizer) logs a traceback when it cannot fetch the
    # public suffix list; it falls back to its bundled copy, so the noise says nothing.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)

    rows = [json.loads(l) for l in open(a.data, encoding="utf-8")]
    rows = [r for r in rows if a.split == "all" or r["split"] == a.split]
    truth = [{(s["kind"], s["start"], s["end"]) for s in r["spans"]} for r in rows]
    engine, how = presidio_engine()
    results = {
        "dealsync": [dealsync_spans(a.dealsyncd, r["text"]) for r in rows],
        f"presidio ({how})": [presidio_spans(engine, r["text"]) for r in rows],
    }
    print(f"{len(rows)} texts ({a.split} half); precision / recall, exact span [overlap]")
    for name, found in results.items():
        exact, overlap = tally(found, truth)
        print(f"\n{name}")
        for k in KINDS:
            (pe, re_), (po, ro) = pr(exact[k]), pr(overlap[k])
            print(f"  {k:15s} P {pe:.3f} [{po:.3f}]  R {re_:.3f} [{ro:.3f}]  (tp {exact[k][0]} fp {exact[k][1]} fn {exact[k][2]})")


if __name__ == "__main__":
    main()
