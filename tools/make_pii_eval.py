#!/usr/bin/env python3
"""Write DealSync's labeled PII evaluation set (Tests/DealSyncHooksTests/Fixtures/pii-eval.jsonl).

Short sales-email texts composed from hand-written sentence templates and hand-picked values,
including near misses that must NOT be flagged (order numbers failing Luhn, dates, prices,
versions, times, invalid SSN areas, IBANs with a wrong check digit). Each line:
  {"id": N, "split": "tune"|"report", "text": ..., "spans": [{"kind", "start", "end"}]}
Offsets are Python str indexes (Unicode code points), end exclusive. The tune half (look at its
errors while writing patterns) and the report half (only measured) use DISJOINT value pools,
templates and near misses, so the report half measures values the patterns were not written
against; the two halves are interleaved by id.
"""
import json
import random
import sys

TUNE_VALUES = {
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

TUNE_TEMPLATES = {
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

TUNE_NEGATIVES = [
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


REPORT_VALUES = {
    "email": ["john.o'neil@example.com", "first.last@health.example.org", "billing@acme-corp.com",
              "LISA@EXAMPLE.COM", "m_chen99@uni.example.edu", "a.b-c@d-e.fg", "nora@mail.example.museum"],
    "phone": ["+1 (212) 555-0147", "020 7946 0958", "+353 1 234 5678", "650-555-0111", "+91 98765 43210",
              "(312) 555-0198", "+44 (0)20 7946 0000", "555-0123"],
    "credit_card": ["4000 0566 5566 5556", "5200828282828210", "3714 496353 98431", "6011-1111-1111-1117",
                    "3566002020360505", "4000 0025 0000 3155"],
    "ssn": ["234-56-7890", "512-34-1298", "321 54 9876", "609-12-3344", "145-67-2020"],
    "iban": ["GB82 WEST 1234 5698 7654 32", "FR7630006000011234567890189", "DE44500105175407324931",
             "AT61 1904 3002 3457 3201", "PL61109010140000071219812874", "SE4550000000058398257466"],
    "ip_address": ["198.51.100.7", "255.255.255.0", "127.0.0.1", "2606:4700:4700::1111", "fd12:3456:789a:1::1",
                   "::ffff:192.0.2.128", "100.64.0.10"],
    "street_address": ["1234 Old Mill Road", "88 Colin P Kelly Jr Street", "3 Rue de Rivoli", "742 Evergreen Terrace",
                       "1 Hacker Way", "2300 Traverwood Dr", "15 W 26th St, Floor 4"],
}

REPORT_TEMPLATES = {
    "email": ["Forwarding from {} - see below.", "Loop in {} for legal review", "<{}> wrote:"],
    "phone": ["Best number is {}.", "tel: {}", "Ring {} if the portal is down."],
    "credit_card": ["Pls bill {} for the add-on.", "CC: {} (corporate)", "Card on file {}."],
    "ssn": ["Employee SSN: {}", "the SSN {} was entered twice", "ssn={}"],
    "iban": ["Remit to IBAN {} please.", "Bank details: {}.", "Refund goes to {}"],
    "ip_address": ["Traffic from {} spiked overnight.", "host={}", "Blocked {} after the scan."],
    "street_address": ["Deliver to {} by Tuesday.", "HQ moved to {}.", "Visit us at {}, reception on the left."],
}

REPORT_NEGATIVES = [
    "Invoice 5200 8282 8282 8211 is pending.",           # fails Luhn
    "We booked 212 meetings and 555 calls in Q2.",
    "PO 4500012346 approved on 2025-07-01.",
    "Release 10.4.1 ships with fixes 12-34 and 56-78.",
    "Discount code SAVE20 applies to 3 licenses.",
    "Ticket 900-12-3456 is a support case id, not an SSN.",
    "Bank ref FR00 3000 6000 0112 3456 7890 189 is a bad IBAN.",
    "Pipeline coverage 3.2x, win rate 27%.",
    "Agenda: 09:00-10:30, then lunch at noon.",
    "The Evergreen account renewed for 2 years.",
    "Contract section 4.2.1 covers the SLA.",
    "Meeting id 845 2210 9931, passcode 7781.",
]


def luhn(number):
    digits = [int(c) for c in number if c.isdigit()][::-1]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits)) % 10 == 0


def iban_ok(text):
    t = text.replace(" ", "")
    n = "".join(str(int(c, 36)) for c in t[4:] + t[:4])
    return int(n) % 97 == 1


def build(rng, values, templates, negatives, mixed):
    for v in values["credit_card"]:
        assert luhn(v), v
    for v in values["iban"]:
        assert iban_ok(v), v
    rows = []
    kinds = list(values)
    # Every value in one template, then mixed texts with two or three kinds.
    for kind in kinds:
        for i, value in enumerate(values[kind]):
            t = templates[kind][i % len(templates[kind])]
            pre, post = t.split("{}")
            rows.append((pre + value + post, [(kind, len(pre), len(pre) + len(value))]))
    for _ in range(mixed):
        chosen = rng.sample(kinds, rng.choice([2, 3]))
        text, spans = "", []
        for kind in chosen:
            value = rng.choice(values[kind])
            pre, post = rng.choice(templates[kind]).split("{}")
            if text:
                text += " "
            start = len(text) + len(pre)
            text += pre + value + post
            spans.append((kind, start, start + len(value)))
        rows.append((text, spans))
    rows += [(t, []) for t in negatives]
    rng.shuffle(rows)
    return rows


def main():
    rng = random.Random(20261125)
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/DealSyncHooksTests/Fixtures/pii-eval.jsonl"
    tune = build(rng, TUNE_VALUES, TUNE_TEMPLATES, TUNE_NEGATIVES, 15)
    report = build(rng, REPORT_VALUES, REPORT_TEMPLATES, REPORT_NEGATIVES, 40)
    rows = [("tune", r) for r in tune] + [("report", r) for r in report]
    rows.sort(key=lambda r: rng.random())
    with open(out, "w", encoding="utf-8") as f:
        for i, (split, (text, spans)) in enumerate(rows):
            f.write(json.dumps({"id": i, "split": split, "text": text,
                                "spans": [{"kind": k, "start": s, "end": e} for k, s, e in spans]},
                               ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
