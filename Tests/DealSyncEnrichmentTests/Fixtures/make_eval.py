#!/usr/bin/env python3
"""Builds eval.jsonl from messages.txt: wraps each hand-labelled message in a realistic raw
email (headers with display names, encoded words, groups, free-mail senders, signatures with
titles and phones, quoted history of the opposite tone) and records the ground truth that the
wrapper itself fixes: participants, company domains, sender seniority. Deterministic."""
import base64, json, random

rng = random.Random(20261125)
people = [("Anna", "Müller"), ("Bob", "Lee"), ("Carla", "Gómez"), ("Dev", "Patel"), ("Erin", "O'Brien"),
          ("Farid", "Haddad"), ("Grace", "Kim"), ("Hugo", "Lambert"), ("Ines", "Costa"), ("Jonas", "Berg"),
          ("Keiko", "Sato"), ("Liam", "Walsh"), ("Mona", "Fischer"), ("Nikhil", "Rao"), ("Olga", "Ivanova")]
companies = ["northwind.example", "fabrikam.example", "adatum.example", "litware.example", "tailspin.example",
             "wingtip.example", "proseware.example", "fourthcoffee.example"]
free = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "hotmail.com"]
reps = [("Sam", "Ortiz"), ("Tara", "Nguyen"), ("Uma", "Singh")]
internal = "contoso.example"
titles = {
    "c_level": ["CEO", "Chief Financial Officer", "Co-Founder & CTO", "COO", "Founder", "Chief Revenue Officer", "President"],
    "vp_plus": ["VP of Sales", "Vice President, Procurement", "Director of IT", "Head of Operations", "SVP Finance",
                "Senior Director, Revenue Operations"],
    "manager": ["Procurement Manager", "IT Manager", "Sales Operations Manager", "Team Lead, Finance", "Engineering Manager"],
    "ic": ["Account Executive", "Financial Analyst", "Buyer", "Software Engineer", "Operations Specialist",
           "Procurement Coordinator"],
}
opposite = {"pos": "This is frustrating, the last release broke everything.",
            "neg": "We love the product and the team is thrilled.",
            "neu": "Thanks, that sounds great!"}


def encoded(name):
    if all(ord(c) < 128 for c in name) and rng.random() < 0.7:
        return f'"{name}"' if "'" in name or "," in name else name
    return "=?UTF-8?B?" + base64.b64encode(name.encode()).decode() + "?="


def build(index, label, actions, text):
    first, last = rng.choice(people)
    name = f"{first} {last}"
    domain = rng.choice(free) if rng.random() < 0.2 else rng.choice(companies)
    sender = f"{first.lower()}.{last.lower().replace(chr(39), '')}@{domain}".encode("ascii", "ignore").decode()
    rep_first, rep_last = rng.choice(reps)
    rep = f"{rep_first.lower()}@{internal}"
    cc = []
    if rng.random() < 0.4:
        cf, cl = rng.choice(people)
        cc_domain = domain if domain not in free else rng.choice(companies)
        cc.append((f"{cl}, {cf}", f"{cf.lower()}@{cc_domain}".encode("ascii", "ignore").decode()))
    seniority = rng.choice(list(titles)) if rng.random() < 0.85 else "unknown"
    title = rng.choice(titles[seniority]) if seniority != "unknown" else None
    phone = rng.choice([None, "+1 (415) 555-01%02d" % rng.randrange(100), "+44 20 7946 0%03d" % rng.randrange(1000)])
    company_name = domain.split(".")[0].capitalize()

    to_header = f"{rep_first} {rep_last} <{rep}>"
    if rng.random() < 0.15:
        to_header = f"Sales Team: {to_header};"
    headers = [f"From: {encoded(name)} <{sender}>", f"To: {to_header}"]
    if cc:
        headers.append("Cc: " + ", ".join(f'"{n}" <{a}>' for n, a in cc))
    headers += [f"Subject: {'Re: ' if rng.random() < 0.5 else ''}Deal {1000 + index}",
                f"Message-ID: <eval-{index}@{domain}>", "Date: Tue, 4 Nov 2025 10:00:00 +0000",
                "Content-Type: text/plain; charset=utf-8"]
    body = [f"Hi {rep_first},", "", text, ""]
    sig = [name] + ([f"{title} | {company_name}" if rng.random() < 0.5 else f"{title}, {company_name}"] if title else [])
    sig += [f"Tel: {phone}"] if phone else []
    if rng.random() < 0.5:
        body += ["-- "] + sig
    else:
        body += [rng.choice(["Best regards,", "Thanks,", "Cheers,", "Kind regards,", "Best,"])] + sig
    if rng.random() < 0.35:
        body += ["", f"On Mon, Nov 3, 2025 at 9:12 AM {rep_first} {rep_last} <{rep}> wrote:", "> " + opposite[label]]
    raw = "\r\n".join(headers) + "\r\n\r\n" + "\r\n".join(body) + "\r\n"
    participants = [sender, rep] + [a for _, a in cc]
    return {
        "id": f"eval-{index:03d}",
        "sentiment": {"pos": "positive", "neu": "neutral", "neg": "negative"}[label],
        "request": "R" in actions,
        "commitment": "C" in actions,
        "participants": participants,
        "companies": sorted({p.split("@")[1] for p in participants} - set(free) - {internal}),
        "sender_title": title,
        "sender_phone": phone,
        "seniority": seniority,
        "raw": raw,
    }


rows = []
for line in open("messages.txt", encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    label, actions, text = line.rstrip("\n").split("|", 2)
    rows.append(build(len(rows), label, actions, text))

# Tune and report halves: alternate within each sentiment label after a seeded shuffle, so both
# halves have the same label mix and no message is in both.
rng.shuffle(rows)
seen = {}
for row in rows:
    count = seen.get(row["sentiment"], 0)
    row["split"] = "tune" if count % 2 == 0 else "report"
    seen[row["sentiment"]] = count + 1
rows.sort(key=lambda r: r["id"])
with open("eval.jsonl", "w", encoding="utf-8") as out:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
print(len(rows), "messages", sum(r["split"] == "report" for r in rows), "in report half")
