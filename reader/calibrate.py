"""Per-pattern counts and precision, and the calibration of speaker confidence, on a gold file.

    python -m reader analyze --format jsonl --from-jsonl GOLD.jsonl > PRED.jsonl
    python -m reader.calibrate GOLD.jsonl PRED.jsonl

Items are paired as the evaluation's scorer pairs them (content spans overlapping by at least
half of the shorter one, greedily by overlap); a speaker is right when the spans overlap or the
full names agree, and its full name is right when it is the gold one (counted only where the
gold names a source). The tables say how far each rule, and each confidence level, can be
trusted.
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


def name_right(gold: JsonObject, pred: JsonObject) -> bool | None:
    """Whether the full name is the gold one; None when the gold names no source."""
    if not gold.get("speaker_name"):
        return None
    return _name(pred.get("speaker_name")) == _name(gold.get("speaker_name"))


def judged(gold_path: str, pred_path: str) -> Iterator[tuple[JsonObject, bool, bool]]:
    """Each predicted attribution with whether its content matched and its speaker was right."""
    for item, content_ok, speaker_ok, _ in judged_names(gold_path, pred_path):
        yield item, content_ok, speaker_ok


def judged_names(
    gold_path: str, pred_path: str
) -> Iterator[tuple[JsonObject, bool, bool, bool | None]]:
    """As ``judged``, with whether the full name was right (None: unmatched or no gold name)."""
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
                if gi is None:
                    yield item, False, False, None
                else:
                    right = speaker_right(gold[gi], item)
                    yield item, True, right, name_right(gold[gi], item)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.calibrate", description=__doc__)
    parser.add_argument("gold")
    parser.add_argument("pred")
    args = parser.parse_args(argv)
    items = list(judged_names(args.gold, args.pred))

    by_pattern: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_resolution: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item, content_ok, speaker_ok, _ in items:
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

    print("| confidence | matched items | speaker right | full name right (named) |")
    print("|---|---:|---:|---:|")
    matched = [(item["confidence"], right, name) for item, ok, right, name in items if ok]
    for low, high in zip(CONFIDENCE_BANDS, (*CONFIDENCE_BANDS[1:], 1.01), strict=True):
        band = [(right, name) for conf, right, name in matched if low <= conf < high]
        if band:
            print(f"| {low:.1f}–{min(high, 1.0):.1f} | {len(band)} | {_share(band)} |")
    high_band = [(right, name) for conf, right, name in matched if conf >= 0.8]
    if high_band:
        share = sum(right for right, _ in high_band) / len(high_band)
        named = [name for _, name in high_band if name is not None]
        names = f"{sum(named) / len(named):.3f} of {len(named)} named" if named else "–"
        print(
            f"\nconfidence >= 0.8: {len(high_band)} matched items, speaker right {share:.3f}, "
            f"full name right {names}"
        )
    return 0


def _share(band: list[tuple[bool, bool | None]]) -> str:
    """ "0.95 | 0.90 (40)": speaker right, and full name right among the items the gold names."""
    speaker = sum(right for right, _ in band) / len(band)
    named = [name for _, name in band if name is not None]
    names = f"{sum(named) / len(named):.2f} ({len(named)})" if named else "–"
    return f"{speaker:.2f} | {names}"


if __name__ == "__main__":
    sys.exit(main())
