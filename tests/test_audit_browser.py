"""The audit page in real headless Chromium with networking disabled (issue 21).

Opens ``annotate.html`` from disk, judges rows with real key presses, reloads the page (the
judgements must survive in localStorage), exports the CSV through the page's own download, and
scores the exported file with the same code as ``python -m analysis audit --annotations``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest
from test_browser import CHROMIUM, Browser

from analysis.audit import make_sheet, score_annotations
from analysis.paths import SEEDS_DIR
from analysis.tables import build_tables

KEYS = {"Enter": ("Enter", 13, "\r"), "ArrowLeft": ("ArrowLeft", 37, ""), "ArrowRight": ("ArrowRight", 39, "")}


@pytest.fixture()
def browser():
    if CHROMIUM is None:
        assert not os.environ.get("REQUIRE_BROWSER"), "REQUIRE_BROWSER is set but chromium is not installed"
        pytest.skip("chromium is not installed (apt-get install chromium)")
    b = Browser()
    yield b
    b.close()


def press(browser: Browser, key: str) -> None:
    """One real key press (keyDown with text, then keyUp) through the DevTools input domain."""
    if key in KEYS:
        code, vk, text = KEYS[key]
    else:
        code, vk, text = (f"Digit{key}" if key.isdigit() else f"Key{key.upper()}"), ord(key.upper()), key
    down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
    if text:
        down["text"] = text
    browser.call("Input.dispatchKeyEvent", **down)
    browser.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=vk)


@pytest.mark.slow
def test_page_judges_by_keyboard_keeps_progress_and_exports(tmp_path, browser):
    out = tmp_path / "out"
    build_tables(SEEDS_DIR, out / "tables", progress=False)
    folder = make_sheet(SEEDS_DIR, out, tables_dir=out / "tables", n=14, seed=0)
    sheet = pd.read_csv(folder / "sheet.csv", dtype=str, keep_default_na=False)
    page = (folder / "annotate.html").as_uri()

    browser.open(page)
    time.sleep(0.3)
    assert browser.js("document.getElementById('progress').textContent") == f"0 of {len(sheet)} judged"
    press(browser, "Enter")       # row 1: the tool is right
    press(browser, "2")           # row 2: the second answer
    press(browser, "u")           # row 3: unsure
    press(browser, "ArrowLeft")   # back to row 3 ...
    press(browser, "o")           # ... and change it to "other" (source type and side rows have it)
    assert browser.js("document.getElementById('position').textContent").startswith("row ")

    assert browser.problems() == []
    browser.events.clear()
    browser.open(page)            # a reload keeps the judgements (localStorage)
    time.sleep(0.3)
    judged_text = browser.js("document.getElementById('progress').textContent")
    assert judged_text.startswith("3 of") or judged_text.startswith("2 of"), judged_text
    for _ in range(len(sheet)):
        press(browser, "y")

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
    press(browser, "e")
    deadline = time.time() + 20
    while time.time() < deadline and not list(downloads.glob("*.csv")):
        time.sleep(0.2)
    exported = list(downloads.glob("*.csv"))
    assert exported, "the page exported no CSV"
    assert browser.problems() == [], "the page made a request or logged an error"

    filled = pd.read_csv(exported[0], dtype=str, keep_default_na=False)
    assert list(filled.columns) == list(sheet.columns) and len(filled) == len(sheet)
    assert (filled.drop(columns=["truth"]) == sheet.drop(columns=["truth"])).all().all()
    options = sheet["options"].str.split("|")
    assert filled.loc[0, "truth"] == sheet.loc[0, "predicted"]
    assert filled.loc[1, "truth"] == options[1][1]
    assert filled.loc[2, "truth"] == ("other" if "other" in options[2] else "unsure")
    assert (filled.loc[3:, "truth"] == sheet.loc[3:, "predicted"]).all()
    results = score_annotations(SEEDS_DIR, out, exported[0], tables_dir=out / "tables", n_boot=100)
    assert int(results["accuracy"].query("outlet == 'all outlets'")["judged"].sum()) >= len(sheet) - 1
    assert Path(out / "audit" / "annotations.csv").is_file()
