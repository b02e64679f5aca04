"""The calibration report pairs items as the evaluation does and says how far each rule and each
confidence level can be trusted; checked on a tiny invented gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.calibrate import main

TEXT = 'Ruiz said the port would close. "We will fight," Berg said.'


def span(text: str) -> dict[str, object]:
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def write(path: Path, attributions: list[dict[str, object]]) -> None:
    path.write_text(json.dumps({"id": "d1", "text": TEXT, "attributions": attributions}) + "\n")


def test_report_counts_rules_and_confidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    write(
        gold,
        [
            {
                "content": span("the port would close"),
                "speaker": span("Ruiz"),
                "speaker_name": "Ana Ruiz",
            },
            {"content": span("We will fight,"), "speaker": span("Berg"), "speaker_name": None},
        ],
    )
    write(
        pred,
        [
            {
                "content": span("the port would close"),
                "speaker": span("Ruiz"),
                "speaker_name": "Ruiz",  # the right speaker under a short name
                "pattern": "reported",
                "resolved_from": "surname",
                "confidence": 0.9,
            },
            {  # right words, wrong speaker
                "content": span("We will fight,"),
                "speaker": span("Ruiz"),
                "pattern": "direct",
                "resolved_from": "pronoun",
                "confidence": 0.85,
            },
        ],
    )
    assert main([str(gold), str(pred)]) == 0
    out = capsys.readouterr().out
    assert "| reported | 1 | 1.00 | 1.00 |" in out
    assert "| direct | 1 | 1.00 | 0.00 |" in out
    assert "| 0.9–1.0 | 1 | 1.00 | 0.00 (1) |" in out
    assert "| 0.8–0.9 | 1 | 0.00 | – |" in out
    assert "speaker right 0.500, full name right 0.000 of 1 named" in out
