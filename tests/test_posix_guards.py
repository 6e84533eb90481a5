"""GradLens runs on Windows too: a POSIX-only call must sit behind a check that it exists.

The rule is simple on purpose: each use of a POSIX-only name (signal.SIGKILL, os.fork, import
fcntl, the nccl backend, ...) in app/, core/, ui/ and the entry points must be inside an `if`,
a conditional expression or an `and`/`or` whose condition asks about the platform (os.name,
sys.platform, platform.system()) or about the name itself (hasattr(signal, "SIGHUP"),
dist.is_nccl_available()), or, for an import, inside a try that catches ImportError.
`getattr(signal, "SIGKILL", default)` is fine: it is not an attribute access that can fail.
"""
import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

POSIX_ATTRIBUTES = {
    "signal": {"SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE", "SIGSTOP",
               "SIGCONT", "SIGTSTP", "alarm", "pause", "setitimer", "getitimer", "siginterrupt", "pthread_kill",
               "pthread_sigmask", "sigwait"},
    "os": {"fork", "forkpty", "getuid", "geteuid", "getgid", "getegid", "setsid", "setpgrp", "getpgid", "killpg",
           "getpgrp", "chown", "lchown", "mkfifo", "sched_getaffinity", "getloadavg", "nice", "WNOHANG", "wait3",
           "wait4", "sync", "O_NOFOLLOW", "O_CLOEXEC"},
}
POSIX_MODULES = {"fcntl", "resource", "pwd", "grp", "termios", "tty", "pty", "posix", "syslog"}
POSIX_STRINGS = {"nccl"}  # torch.distributed's NCCL backend does not exist on Windows
GUARD = re.compile(r"\bos\.name\b|\bsys\.platform\b|platform\.system\(|\bhasattr\(|\bis_\w+_available\(|"
                   r"\bfcntl is (not )?None\b|\bIS_WINDOWS\b|\bPOSIX\b")


def _sources() -> list[Path]:
    files = [p for d in ("app", "core", "ui") for p in sorted((REPO / d).rglob("*.py"))]
    return files + sorted(REPO.glob("*.py"))


def _flagged(tree: ast.AST):
    """(node, what) for every POSIX-only use in `tree`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.attr in POSIX_ATTRIBUTES.get(node.value.id, ()):
            yield node, f"{node.value.id}.{node.attr}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in POSIX_MODULES:
                    yield node, f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in POSIX_MODULES:
            yield node, f"from {node.module} import ..."
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in POSIX_STRINGS:
            yield node, repr(node.value)


def _guarded(node: ast.AST, parents: dict, source: str) -> bool:
    child = node
    while child in parents:
        parent = parents[child]
        if isinstance(parent, (ast.If, ast.IfExp, ast.While)) and GUARD.search(ast.get_source_segment(source, parent.test)):
            return True
        if isinstance(parent, ast.BoolOp) and any(GUARD.search(ast.get_source_segment(source, value))
                                                  for value in parent.values if value is not child):
            return True
        if isinstance(parent, ast.Try) and isinstance(node, (ast.Import, ast.ImportFrom)) and child in parent.body:
            caught = {ast.unparse(h.type) for h in parent.handlers if h.type is not None}
            if any(name in text for text in caught for name in ("ImportError", "ModuleNotFoundError")):
                return True
        child = parent
    return False


def unguarded_posix_uses(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    return [f"{path.relative_to(REPO)}:{node.lineno}: {what}" for node, what in _flagged(tree)
            if not _guarded(node, parents, source)]


def test_posix_only_calls_are_guarded():
    problems = [problem for path in _sources() for problem in unguarded_posix_uses(path)]
    assert problems == [], "POSIX-only names used without a platform check (Windows has none of them):\n" + \
        "\n".join(problems)


@pytest.mark.parametrize("code, bad", [
    ("import signal\nos.kill(pid, signal.SIGKILL)\n", True),
    ("import signal\nif hasattr(signal, 'SIGKILL'):\n    os.kill(pid, signal.SIGKILL)\n", False),
    ("import signal\nsig = signal.SIGKILL if os.name != 'nt' else signal.SIGTERM\n", False),
    ("import signal\nsig = getattr(signal, 'SIGKILL', signal.SIGTERM)\n", False),
    ("import signal\nok = hasattr(signal, 'SIGHUP') and signal.SIGHUP\n", False),
    ("import fcntl\n", True),
    ("if sys.platform != 'win32':\n    import fcntl\n", False),
    ("try:\n    import resource\nexcept ImportError:\n    resource = None\n", False),
    ("backend = 'nccl'\n", True),
    ("backend = 'nccl' if dist.is_nccl_available() else 'gloo'\n", False),
    ("def f():\n    if os.name == 'posix':\n        for p in ps:\n            os.killpg(p, 9)\n", False),
    ("def f():\n    if ready:\n        os.fork()\n", True),
])
def test_the_rule_itself(tmp_path, monkeypatch, code, bad):
    path = REPO / "core" / "_posix_guard_probe.py"  # only read through unguarded_posix_uses, never written
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: code)
    assert bool(unguarded_posix_uses(path)) is bad
