"""The report as a reader sees it: real headless Chromium, networking disabled.

Drives Chromium through the DevTools protocol (websocket-client): loads the report from disk
with every network request routed to a dead proxy, and checks there is no console error, no
failed request, that every table got its filter box, and that an evidence link filters its
table. Also usable by hand to take a screenshot:

    .venv/bin/python tests/test_browser.py build/report/report.html /tmp/report.png
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """A headless Chromium with the DevTools protocol on one page; no network."""

    def __init__(self) -> None:
        import websocket

        self._profile = tempfile.TemporaryDirectory(prefix="chromium-", ignore_cleanup_errors=True)
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
             f"--user-data-dir={self._profile.name}", "--proxy-server=http://127.0.0.1:9",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--no-first-run", "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.time() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.time() > deadline:
                raise RuntimeError("chromium did not start")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        targets = json.loads(opener.open(f"http://127.0.0.1:{port}/json").read())
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self._id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self._id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        deadline = time.time() + 60
        while time.time() < deadline:
            if any(e.get("method") == "Page.loadEventFired" for e in self.events):
                return
            self.events.append(json.loads(self.ws.recv()))
        raise RuntimeError(f"{url} did not load")

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and failed requests seen so far."""
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(f"exception: {p['exceptionDetails'].get('text')}")
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(f"console.{p['type']}: {p.get('args')}")
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                out.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
            elif m == "Network.loadingFailed":
                out.append(f"failed request: {p.get('errorText')}")
            elif m == "Network.requestWillBeSent" and not p["request"]["url"].startswith(("file:", "data:")):
                out.append(f"network request: {p['request']['url']}")
        return out

    def screenshot(self, path: str | Path, *, full_page: bool = True) -> None:
        import base64

        params = {"format": "png"}
        if full_page:
            metrics = self.call("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            height = min(int(size["height"]), 12000)
            self.call("Emulation.setDeviceMetricsOverride", width=1280, height=height, deviceScaleFactor=1,
                      mobile=False)
        data = self.call("Page.captureScreenshot", **params)["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            # chromium's helper processes may still write to the profile for a moment after the
            # main process exits ("Directory not empty"): try again briefly before giving up
            for _ in range(40):
                try:
                    shutil.rmtree(self._profile.name)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.25)
            self._profile.cleanup()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from conftest import FIXTURES

    from analysis.report import run_report

    out = tmp_path_factory.mktemp("browser-report")
    try:
        run_report(FIXTURES / "tiny", out, only=["01", "06"])
    except RuntimeError as exc:  # other notebooks' failures are shown in the report
        if not (out / "report.html").exists():
            raise
        print(exc)
    return out / "report.html"


@pytest.fixture()
def browser():
    if CHROMIUM is None:
        # CI (.ci/run) installs chromium and sets REQUIRE_BROWSER=1: there the test must run
        assert not os.environ.get("REQUIRE_BROWSER"), "REQUIRE_BROWSER is set but chromium is not installed"
        pytest.skip("chromium is not installed (apt-get install chromium)")
    b = Browser()
    yield b
    b.close()


@pytest.mark.slow
def test_report_loads_offline_without_errors(report, browser):
    browser.open(report.as_uri())
    time.sleep(0.5)
    assert browser.problems() == []
    n_tables = browser.js("document.querySelectorAll('table.dataframe, table.data').length")
    n_boxes = browser.js("document.querySelectorAll('.tbar input[type=search]').length")
    assert n_tables > 0 and n_boxes == n_tables, "every table has a filter box"
    assert browser.js("Array.from(document.images).every(i => i.alt && i.complete && i.naturalWidth > 0)")


@pytest.mark.slow
def test_evidence_link_filters_its_table(report, browser):
    browser.open(report.as_uri())
    link = browser.js("""(() => {
        const a = document.querySelector('a[data-filter-target][data-filter]:not([data-filter=""])');
        return a ? [a.getAttribute('data-filter-target'), a.getAttribute('data-filter')] : null; })()""")
    assert link, "an evidence link exists"
    target, outlet = link
    table = f"document.getElementById({json.dumps(target)})"
    before = browser.js(f"{table}.querySelectorAll('tbody tr:not([hidden])').length")
    browser.js("document.querySelector('a[data-filter-target][data-filter]:not([data-filter=\"\"])').click()")
    rows = browser.js(f"""Array.from(document.getElementById({json.dumps(target)}).querySelectorAll('tbody tr'))
        .filter(r => !r.hidden).map(r => r.textContent)""")
    assert rows and all(outlet.lower() in r.lower() for r in rows)
    total = browser.js(f"document.getElementById({json.dumps(target)}).querySelectorAll('tbody tr').length")
    assert len(rows) < total or before == total
    assert browser.problems() == []


@pytest.mark.slow
def test_filter_box_and_pages(report, browser):
    browser.open(report.as_uri())
    info = browser.js("document.querySelector('.tinfo').textContent")
    assert info.startswith("rows 1")
    browser.js("""(() => { const i = document.querySelector('.tbar input'); i.value = 'zzzz-no-such-text';
        i.dispatchEvent(new Event('input')); })()""")
    assert " of 0" in browser.js("document.querySelector('.tinfo').textContent")


if __name__ == "__main__":
    b = Browser()
    try:
        b.open(Path(sys.argv[1]).resolve().as_uri())
        time.sleep(0.5)
        b.screenshot(sys.argv[2])
        print("\n".join(b.problems()) or "no console errors, no failed or outgoing requests")
    finally:
        b.close()
