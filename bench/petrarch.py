#!/usr/bin/env python3
"""PETRARCH2's unit-test records, coded from their raw <Text> with their own dictionaries.

    bench/petrarch.py [DATASET_DIR]   (default: ../shared/datasets/petrarch2-unit)

Writes the batch input, runs `newsgraph analyse --input jsonl --petrarch DIR`, and prints:
the share of gold (source, target, code) triples recovered exactly, recovered with the
right code and source only, with the right code only, and the events produced on the
records whose gold says there is no event. PETRARCH2 itself reads a hand-made parse
tree for each record; newsgraph reads the raw sentence.
"""
import json, pathlib, subprocess, sys, xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
data = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/datasets/petrarch2-unit"
out = ROOT / "target/petrarch"
out.mkdir(parents=True, exist_ok=True)
subprocess.run(["cargo", "build", "--release", "-q", "-p", "newsgraph"], cwd=ROOT, check=True)

tree = ET.parse(data / "PETR.UnitTest.records.xml")
records = []
for s in tree.iter("Sentence"):
    text = " ".join((s.findtext("Text") or "").split())
    gold, noevent, error = [], False, False
    for c in s.findall("EventCoding"):
        if c.get("noevents", "").lower() == "true":
            noevent = True
        elif c.get("error"):
            error = True
        elif c.get("eventcode"):
            gold.append((c.get("sourcecode", ""), c.get("targetcode", ""), c.get("eventcode", "")))
    d = s.get("date", "")
    records.append({"id": s.get("id"), "text": text, "date": f"{d[:4]}-{d[4:6]}-{d[6:8]}" if len(d) == 8 else None,
                    "gold": gold, "noevent": noevent, "error": error})
inp = out / "input.jsonl"
with inp.open("w") as f:
    for r in records:
        if r["text"]:
            f.write(json.dumps({"id": r["id"], "text": r["text"], "date": r["date"]}) + "\n")
res = subprocess.run([str(ROOT / "target/release/newsgraph"), "analyse", "--input", "jsonl", "--petrarch", str(data), str(inp)],
                     capture_output=True, text=True)
pred = {}
for line in res.stdout.splitlines():
    o = json.loads(line)
    pred[o.get("id")] = [((e.get("source") or {}).get("actor", ""), (e.get("target") or {}).get("actor", ""), e["cameo"])
                         for e in o.get("events", []) if not e.get("negated")]
triples = exact = src_code = code_only = 0
for r in records:
    p = pred.get(r["id"], [])
    for g in r["gold"]:
        triples += 1
        exact += g in p
        src_code += any(x[0] == g[0] and x[2] == g[2] for x in p)
        code_only += any(x[2] == g[2] for x in p)
noev = [r for r in records if r["noevent"] and not r["gold"]]
noev_events = sum(len(pred.get(r["id"], [])) for r in noev)
noev_records = sum(bool(pred.get(r["id"])) for r in noev)
print(f"records                      {len(records)} ({sum(bool(r['gold']) for r in records)} with {triples} gold triples, {len(noev)} with no event)")
print(f"triples recovered exactly    {exact}/{triples} = {exact / triples:.3f}")
print(f"  right source and code      {src_code}/{triples} = {src_code / triples:.3f}")
print(f"  right code                 {code_only}/{triples} = {code_only / triples:.3f}")
print(f"no-event records with events {noev_records}/{len(noev)} ({noev_events} events)")
