"""Per-pattern counts and precision, and the calibration of speaker confidence, on a gold file.

    python -m reader analyze --format jsonl --from-jsonl GOLD.jsonl > PRED.jsonl
    python -m reader.calibrate GOLD.jsonl PRED.jsonl

Items are paired as the evaluation's scorer pairs them (content spans overlapping by at least
half of the shorter one, greedily by overlap); a speaker is right when the spans overlap or the
full names agree. The tables say how far each rule, and each confidence level, can be trusted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

JsonObject = dict[str, Any]
CONFIDENCE_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def _overlap(a: JsonObject, b: JsonObject) -> int:
    return max(0, int(min(a["end"], b["end"])) - int(max(a["start"], b["start"])))


def _name(value: str | None) -> str:
    return " ".join((value or "").casefold().replace("’", "'").split())


def pair_items(gold: list[JsonObject], pred: list[JsonObject]) -> list[tuple[int, int]]:
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = _overlap(g["content"], p["content"])
            shorter = min(
                g["content"]["end"] - g["content"]["start"],
                p["content"]["end"] - p["content"]["start"],
            )
            if shared > 0 and shared * 2 >= shorter:
                candidates.append((shared, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(candidates, reverse=True):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def speaker_right(gold: JsonObject, pred: JsonObject) -> bool:
    same_span = bool(
        gold.get("speaker") and pred.get("speaker") and _overlap(gold["speaker"], pred["speaker"])
    )
    same_name = bool(gold.get("speaker_name")) and _name(pred.get("speaker_name")) == _name(
        gold.get("speaker_name")
    )
    return same_span or same_name


def judged(gold_path: str, pred_path: str) -> Iterator[tuple[JsonObject, bool, bool]]:
    """Each predicted attribution with whether its content matched and its speaker was right."""
    with open(pred_path, encoding="utf-8") as handle:
        predictions = {doc["id"]: doc for doc in map(json.loads, handle)}
    with open(gold_path, encoding="utf-8") as handle:
        for line in handle:
            gold_doc = json.loads(line)
            if "attributions" not in gold_doc:
                continue
            gold = gold_doc["attributions"]
            pred = [a for a in predictions[gold_doc["id"]]["attributions"] if a.get("content")]
            matched = dict((pi, gi) for gi, pi in pair_items(gold, pred))
            for pi, item in enumerate(pred):
                gi = matched.get(pi)
                yield item, gi is not None, gi is not None and speaker_right(gold[gi], item)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.calibrate", description=__doc__)
    parser.add_argument("gold")
    parser.add_argument("pred")
    args = parser.parse_args(argv)
    items = list(judged(args.gold, args.pred))

    by_pattern: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_resolution: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item, content_ok, speaker_ok in items:
        for table, key in (
            (by_pattern, item.get("pattern") or "?"),
            (by_resolution, item.get("resolved_from") or "?"),
        ):
            table[key][0] += 1
            table[key][1] += content_ok
            table[key][2] += speaker_ok
    for title, table in (("pattern", by_pattern), ("resolved_from", by_resolution)):
        print(f"| {title} | found | content precision | speaker right when content matched |")
        print("|---|---:|---:|---:|")
        for key, (n, n_content, n_speaker) in sorted(table.items(), key=lambda kv: -kv[1][0]):
            speaker_share = f"{n_speaker / n_content:.2f}" if n_content else "–"
            print(f"| {key} | {n} | {n_content / n:.2f} | {speaker_share} |")
        print()

    print("| confidence | matched items | speaker right |")
    print("|---|---:|---:|")
    matched = [(item["confidence"], speaker_ok) for item, ok, speaker_ok in items if ok]
    for low, high in zip(CONFIDENCE_BANDS, (*CONFIDENCE_BANDS[1:], 1.01), strict=True):
        band = [right for conf, right in matched if low <= conf < high]
        if band:
            print(f"| {low:.1f}–{min(high, 1.0):.1f} | {len(band)} | {sum(band) / len(band):.2f} |")
    high_band = [right for conf, right in matched if conf >= 0.8]
    if high_band:
        share = sum(high_band) / len(high_band)
        print(f"\nconfidence >= 0.8: {len(high_band)} matched items, speaker right {share:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
