"""Measured accuracy of every method, kept in one JSON file so no figure is typed by hand.

``scripts/validate_*.py`` measure each method on labelled data and call :func:`record`, which
writes ``analysis/data/validation.json`` (one object per topic: corpus, tone, sources, framing,
coverage, scale). The report reads it through :func:`figures`; the README and ``docs/`` quote
it through placeholders ``<!-- v:topic.key -->value<!-- /v -->`` that ``scripts/render_docs.py``
fills in and ``tests/test_accuracy.py`` checks, so a number in the prose always equals the
number the script measured.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

VALIDATION_FILE = Path(__file__).resolve().parent / "data" / "validation.json"
_PLACEHOLDER = re.compile(r"<!-- v:(?P<key>[\w.\-]+)(?: (?P<fmt>[^ ]+))? -->(?P<old>.*?)<!-- /v -->", re.DOTALL)


def figures(topic: str | None = None, *, path: str | Path = VALIDATION_FILE) -> dict[str, Any]:
    """All recorded figures (or one topic's); empty when nothing was recorded yet."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return data.get(topic, {}) if topic else data


def record(topic: str, values: dict[str, Any], *, key: str | None = None,
           path: str | Path = VALIDATION_FILE) -> Path:
    """Store ``values`` as the figures of ``topic`` -- or, with ``key``, as ``topic.key`` only,
    keeping the topic's other keys (several scripts measure one topic)."""
    path = Path(path)
    data = figures(path=path)
    if key is None:
        data[topic] = values
    else:
        data.setdefault(topic, {})[key] = values
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def value(key: str, *, data: dict | None = None) -> Any:
    """The figure at a dotted key, e.g. ``"sources.nfc.recall"``; KeyError names what is missing."""
    node: Any = figures() if data is None else data
    walked = []
    for part in key.split("."):
        walked.append(part)
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no validation figure {'.'.join(walked)!r} (run the topic's scripts/validate_*.py)")
        node = node[part]
    return node


def _format(v: Any, fmt: str | None) -> str:
    if fmt:
        return format(v, fmt)
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def render(text: str, *, data: dict | None = None) -> str:
    """``text`` with every placeholder's value replaced by the recorded figure."""
    data = figures() if data is None else data

    def sub(m: re.Match) -> str:
        key, fmt = m.group("key"), m.group("fmt")
        fmt_part = f" {fmt}" if fmt else ""
        return f"<!-- v:{key}{fmt_part} -->{_format(value(key, data=data), fmt)}<!-- /v -->"

    return _PLACEHOLDER.sub(sub, text)


def stale(text: str, *, data: dict | None = None) -> list[str]:
    """Placeholders whose written value differs from the recorded figure (``key: written != recorded``)."""
    data = figures() if data is None else data
    out = []
    for m in _PLACEHOLDER.finditer(text):
        want = _format(value(m.group("key"), data=data), m.group("fmt"))
        if m.group("old") != want:
            out.append(f"{m.group('key')}: written {m.group('old')!r}, recorded {want!r}")
    return out
