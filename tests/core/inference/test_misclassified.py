"""Misclassified images copied or moved for review, never over an existing file."""
from types import SimpleNamespace

from core.inference.misclassified import transfer_misclassified


def test_copy_then_move_never_replaces(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.png").write_bytes(b"first")
    rows = [SimpleNamespace(path=str(source / "a.png"), true_class="cat", predicted="dog")]
    target = tmp_path / "review"
    assert transfer_misclassified(rows, target, move=False) == 1
    (source / "a.png").write_bytes(b"second")
    assert transfer_misclassified(rows, target, move=True) == 1
    folder = target / "cat → dog"
    assert (folder / "a.png").read_bytes() == b"first" and (folder / "a~2.png").read_bytes() == b"second"
    assert not (source / "a.png").exists()
