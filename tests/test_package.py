import subprocess
import sys

CHECK = """
import matplotlib, nltk
before_rc = dict(matplotlib.rcParams)
before_path = list(nltk.data.path)
import builtins, io
opened = []
real_open = io.open
def spy(file, *a, **k):
    opened.append(str(file))
    return real_open(file, *a, **k)
builtins.open = io.open = spy  # pathlib and importlib.resources read through io.open
import analysis
builtins.open = io.open = real_open
assert dict(matplotlib.rcParams) == before_rc, "importing analysis changed matplotlib settings"
assert list(nltk.data.path) == before_path, "importing analysis changed nltk.data.path"
mine = [f for f in opened if "/analysis/" in f and not f.endswith((".py", ".pyc"))]
assert not mine, f"importing analysis read data files: {mine}"
print("ok", len(analysis.__all__))
"""


def test_import_does_no_io_and_changes_no_global_state():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("ok")


def test_public_api_is_importable():
    import analysis

    for name in analysis.__all__:
        obj = getattr(analysis, name)
        assert name.isupper() or callable(obj), name  # constants (FRAMES, QUOTE_COLUMNS) or callables
