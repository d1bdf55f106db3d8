#!/usr/bin/env python3
"""Write DealSync's labeled PII evaluation set (Tests/DealSyncHooksTests/Fixtures/pii-eval.jsonl).

Short sales-email texts composed from hand-written sentence templates and hand-picked values,
including near misses that must NOT be flagged (order numbers failing Luhn, dates, prices,
versions, times, invalid SSN areas, IBANs with a wrong check digit). Each line:
  {"id": N, "split": "tune"|"report", "text": ..., "spans": [{"kind", "start", "end"}]}
Offsets are Python str indexes (Unicode code points), end exclusive. Rows alternate between
the tune half (look at its errors while writing patterns) and the report half (only measured).
"""
import json
import random
import sys

VALUES = {
    "email": ["jane.doe@acme.com", "m.rossi@example.it", "sales+eu@globex.co.uk", "o'brien@initech.io",
              "ceo@startup.dev", "anna_k@mail.example.org", "j.smith@sub.domain.example.com",
              "renée@exemple.fr", "team-lead@contoso.net", "x@y.ai"],
    "phone": ["+44 20 7946 0958", "(415) 555-0132", "415-555-0199", "+1 212 555 0147", "+49 30 901820",
              "+33 1 42 68 53 00", "212.555.0178", "+81 3-1234-5678", "1-800-555-0100", "+61 2 9876 5432",
              "+34 912 345 678", "(646) 555 0123"],
    "credit_card": ["4111 1111 1111 1111", "5500-0000-0000-0004", "4012888888881881", "3782 822463 10005",
                    "6011 0009 9013 9424", "5105105105105100", "4242 4242 4242 4242", "3530111333300000"],
    "ssn": ["123-45-6789", "078-05-1120", "219-09-9999", "456 78 9012", "536-22-8765", "001-01-0001"],
    "iban": ["DE89 3704 0044 0532 0130 00", "GB29NWBK60161331926819", "FR14 2004 1010 0505 0001 3M02 606",
             "NL91ABNA0417164300", "ES9121000418450200051332", "CH93 0076 2011 6238 5295 7", "IT60X0542811101000000123456",
             "BE68539007547034"],
    "ip_address": ["192.168.1.20", "10.0.0.1", "203.0.113.45", "8.8.8.8", "2001:db8::1", "fe80::1ff:fe23:4567:890a",
                   "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "172.16.254.3", "::1"],
    "street_address": ["1600 Pennsylvania Avenue", "221 Baker Street", "350 Fifth Ave", "1 Infinite Loop Rd",
                       "42 Wallaby Way", "10 Downing St", "500 W 33rd St", "77 Massachusetts Avenue, Suite 300",
                       "12 Elm Drive", "9 Harbor Blvd", "4059 Mt Lee Dr", "100 N Main Street, Apt 4B"],
}

TEMPLATES = {
    "email": ["Please email {} with the signed quote.", "Contact: {}", "cc {} on the renewal thread",
              "Her new address is {}, not the old one.", "Reply to {} before Friday."],
    "phone": ["Call me at {} tomorrow.", "Mobile: {}", "You can reach procurement on {} after 3pm.",
              "Phone {} (ask for Dana).", "Dial {} to join."],
    "credit_card": ["Charge the deposit to card {} please.", "Card number: {}", "use {} exp 04/27",
                    "They paid with {} last time."],
    "ssn": ["SSN {} for the background check.", "Her social is {}.", "Tax id on file: {}"],
    "iban": ["Wire the fee to {} by month end.", "IBAN: {}", "Our bank account is {} at Deutsche Bank."],
    "ip_address": ["Login attempts from {} were blocked.", "The VPN gateway is {}", "Whitelist {} for the API."],
    "street_address": ["Ship the hardware to {}, Springfield.", "Office: {}", "Meet at {} at noon.",
                       "Invoice address {} London"],
}

NEGATIVES = [
    "Order 4111 1111 1111 1112 shipped on 2024-03-15.",            # fails Luhn
    "The deal is worth $125,000 and closes 2025-06-30.",
    "Upgrade to version 2.14.3 before the demo.",
    "Meeting moved to 10:30 on 12/05/2024.",
    "Reference number 1234567890123 is not a card.",
    "Quote #98765 for 250 seats at $40 each.",
    "SSN-like 000-12-3456 is invalid (area 000).",
    "Invalid area 666-12-3456 never issued.",
    "IBAN DE00 3704 0044 0532 0130 00 has a wrong check digit.",
    "Version 1.2.3.400 of the agent.",
    "Call scheduled for Q3 2025, budget 1.5M.",
    "Room 101 on floor 3.",
    "We closed 12 deals in 30 days with 4 reps.",
    "The ratio was 3:2:1 across regions.",
    "Our SKU is AB-1234-CD and the PO is 4500012345.",
    "Revenue grew 25% year over year to 4,500,000.",
    "Ticket INC0012345 was resolved.",
    "The score went from 45 to 72 after the call.",
    "Timestamps 2024-01-01T10:00:00Z and 2024-01-02T11:30:00Z.",
    "Use the Main Street entrance.",
    "Five users at acme dot com asked about pricing.",
    "Zip code 94105 and 10001 are both covered.",
    "Model 5500 has 16 GB and 512 GB options.",
    "See page 212 of the contract, clause 555.",
]


def build(rng):
    rows = []
    kinds = list(VALUES)
    # Every value in one template, then mixed texts with two or three kinds.
    for kind in kinds:
        for i, value in enumerate(VALUES[kind]):
            t = TEMPLATES[kind][i % len(TEMPLATES[kind])]
            pre, post = t.split("{}")
            rows.append((pre + value + post, [(kind, len(pre), len(pre) + len(value))]))
    for _ in range(80):
        chosen = rng.sample(kinds, rng.choice([2, 3]))
        text, spans = "", []
        for kind in chosen:
            value = rng.choice(VALUES[kind])
            pre, post = rng.choice(TEMPLATES[kind]).split("{}")
            if text:
                text += " "
            start = len(text) + len(pre)
            text += pre + value + post
            spans.append((kind, start, start + len(value)))
        rows.append((text, spans))
    rows += [(t, []) for t in NEGATIVES]
    rng.shuffle(rows)
    return rows


def main():
    rng = random.Random(20261125)
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/DealSyncHooksTests/Fixtures/pii-eval.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        for i, (text, spans) in enumerate(build(rng)):
            f.write(json.dumps({"id": i, "split": "tune" if i % 2 == 0 else "report", "text": text,
                                "spans": [{"kind": k, "start": s, "end": e} for k, s, e in spans]},
                               ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
