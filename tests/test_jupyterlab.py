"""JupyterLab as users meet it: start a real server, run every notebook in a kernel there.

The test starts ``jupyter lab`` headless on a free local port, opens each notebook through
the server's REST API (``/api/contents``), starts a kernel (``/api/kernels``) and executes the
notebook's code cells over the kernel's websocket, with the fixture corpus injected after the
parameters cell as papermill would. Then it stops the server.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import FIXTURES

from analysis.paths import NOTEBOOKS_DIR
from analysis.report import notebook_paths


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        text = resp.read().decode()
        return json.loads(text) if text else {}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port, token = _free_port(), secrets.token_hex(16)
    runtime = tmp_path_factory.mktemp("jupyter-runtime")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_PLATFORM_DIRS": "1"}
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
            "--ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={NOTEBOOKS_DIR}",
            "--ServerApp.open_browser=False",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            _get(f"{base}/api/status", token)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"jupyter lab did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.5)
    yield base, token
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _message(code: str, session: str) -> dict:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex, "username": "test", "session": session,
            "msg_type": "execute_request", "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True,
        },
        "channel": "shell",
        "buffers": [],
    }


async def _run_cells(ws_url: str, token: str, cells: list[str]) -> list[str]:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    session = uuid.uuid4().hex
    errors: list[str] = []
    try:
        for code in cells:
            msg = _message(code, session)
            await conn.write_message(json.dumps(msg))
            while True:
                raw = await asyncio.wait_for(conn.read_message(), timeout=600)
                assert raw is not None, "kernel websocket closed"
                reply = json.loads(raw)
                if reply.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
                    continue
                if reply["msg_type"] == "error":
                    errors.append(f"{reply['content']['ename']}: {reply['content']['evalue']}")
                if reply["msg_type"] == "execute_reply":
                    break
            if errors:
                break
    finally:
        conn.close()
    return errors


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("notebook", [p.name for p in notebook_paths()])
def test_notebook_runs_in_a_jupyterlab_kernel(server, notebook, tmp_path):
    base, token = server
    model = _get(f"{base}/api/contents/{notebook}?content=1", token)
    assert model["type"] == "notebook"
    cells = []
    for cell in model["content"]["cells"]:
        if cell["cell_type"] != "code":
            continue
        cells.append(cell["source"])
        if "parameters" in cell["metadata"].get("tags", []):
            cells.append(f"corpus_dir = {str(FIXTURES / 'tiny')!r}\nfigures_dir = {str(tmp_path)!r}")
    cells.insert(0, "import matplotlib\nmatplotlib.use('Agg')")
    kernel = _get(f"{base}/api/kernels", token, method="POST", body={"name": "python3"})
    try:
        ws_url = base.replace("http", "ws") + f"/api/kernels/{kernel['id']}/channels"
        errors = asyncio.run(_run_cells(ws_url, token, cells))
    finally:
        _get(f"{base}/api/kernels/{kernel['id']}", token, method="DELETE")
    assert errors == [], errors
    assert any(Path(tmp_path).glob("*.png")), "the notebook wrote no figure"
