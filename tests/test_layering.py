"""The engine stays headless: `core` imports without PyQt5, and the views never import torch."""
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORE_MODULES = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in (ROOT / "core").rglob("*.py")
                      if p.stem != "__init__")


@pytest.mark.slow  # imports every core module in a fresh interpreter
def test_core_imports_without_pyqt5():
    # sys.modules[name] = None makes any import of it fail, as if PyQt5 were not installed.
    code = ("import sys\n"
            "sys.modules['PyQt5'] = None\n"
            f"for name in {CORE_MODULES!r}:\n"
            "    __import__(name)\n"
            "loaded = [m for m in sys.modules if m.split('.')[0] in ('PyQt5', 'app', 'ui') and sys.modules[m] is not None]\n"
            "assert not loaded, loaded\n"
            "print('ok', len(sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_no_qt_in_core_and_no_torch_in_ui_source():
    qt = re.compile(r"^\s*(from|import)\s+(PyQt5|PySide\d?|app|ui)\b", re.M)
    torch = re.compile(r"^\s*(from|import)\s+torch", re.M)
    assert len(CORE_MODULES) > 5
    for path in (ROOT / "core").rglob("*.py"):
        assert not qt.search(path.read_text(encoding="utf-8")), path
    for path in (ROOT / "ui").rglob("*.py"):
        assert not torch.search(path.read_text(encoding="utf-8")), path


def test_import_contracts_hold():
    """pyproject.toml's import-linter contracts: app > ui > core, core without Qt, ui without torch
    (also through any module it imports)."""
    linter = pathlib.Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.skip("import-linter is not installed (pip install -r requirements-dev.txt)")
    result = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout
