#!/usr/bin/env python3
"""Builds a large JSON Lines corpus of distinct articles for store and search benchmarks.

    bench/make_corpus.py OUT.jsonl [--n 100000] [--dataset DIR]

Each article is made of 4-8 paragraphs drawn (deterministically) from the dev pages'
gold texts, so articles are distinct stories (not copies for the deduper to fold), with
a URL on one of 60 sites and a date spread over 2023-2024.
"""
import argparse, json, pathlib, random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--n", type=int, default=100_000)
ap.add_argument("--dataset", default=str(pathlib.Path(__file__).resolve().parent.parent.parent / "shared/datasets/scrapinghub-aeb"))
a = ap.parse_args()
gold = json.loads((pathlib.Path(a.dataset) / "ground-truth.json").read_text())
paras = [p.strip() for g in gold.values() for p in (g.get("articleBody") or "").split("\n") if len(p.strip()) > 80]
rng = random.Random(1)
with open(a.out, "w") as f:
    for i in range(a.n):
        body = "\n\n".join(rng.choice(paras) for _ in range(rng.randint(4, 8)))
        day = 1 + rng.randrange(730)
        y, d = (2023, day) if day <= 365 else (2024, day - 365)
        m = min(12, 1 + (d - 1) // 31)
        dd = min(28, 1 + (d - 1) % 31)
        site = f"site{rng.randrange(60):02d}.example"
        f.write(json.dumps({"url": f"https://{site}/{y}/{m:02d}/{dd:02d}/story-{i}", "date": f"{y}-{m:02d}-{dd:02d}", "text": body}) + "\n")
print(f"{a.out}: {a.n} articles")
