"""Where and how the benchmarks write their results (one place for the JSON layout)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"  # git-ignored


def write_json(result: dict[str, Any], path: Path) -> None:
    """``result`` with a ``generated`` timestamp, as indented UTF-8 JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    report = {"generated": datetime.now().astimezone().isoformat(timespec="seconds"), **result}
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
