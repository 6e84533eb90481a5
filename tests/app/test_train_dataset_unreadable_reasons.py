"""The Dataset tab says in full why each file is left out: at 1000×650 the reason column, 45 % of the list beside
long absolute paths, cut "not an image file (cannot identify format)" to "not an image file… identify format)"."""
from PyQt5.QtWidgets import QToolButton, QTreeWidget

from tests.app.test_train_window import WAIT, no_weights_host, trainer  # noqa: F401 (fixtures)
from tests.user import answer_file_dialog, click


def test_the_reasons_files_are_left_out_are_written_whole_at_1000_by_650(qtbot, trainer, tmp_path,  # noqa: F811
                                                                        write_square_classes):
    _, _, training = trainer
    window, summary = training.window, training.window.summary
    window.resize(1000, 650)
    qtbot.waitExposed(window)
    shop = write_square_classes(tmp_path / "a rather long folder name for the photos of the shop", ("Bag", "Sneaker"),
                                12, 24, seed=2)
    (shop / "Bag" / "00000.png").write_bytes(b"not an image")
    (shop / "Sneaker" / "broken.jpg").write_bytes(b"")
    answered = answer_file_dialog(qtbot, str(shop))
    click(qtbot, window.form.field("browseData"))
    assert answered
    qtbot.waitUntil(lambda: summary.page() == summary.SUMMARY, timeout=WAIT)
    click(qtbot, summary.findChild(QToolButton, "unreadableToggle"))
    files = summary.findChild(QTreeWidget, "unreadable")
    qtbot.waitUntil(files.isVisible, timeout=5000)
    reasons = {files.topLevelItem(i).text(1) for i in range(files.topLevelItemCount())}
    assert reasons == {"not an image file (cannot identify format)", "empty file (0 bytes)"}
    for row in range(files.topLevelItemCount()):
        cell = files.visualRect(files.model().index(row, 1))
        text = files.topLevelItem(row).text(1)
        assert cell.width() >= files.fontMetrics().horizontalAdvance(text) + 8, (text, cell.width())
        name = files.visualRect(files.model().index(row, 0))
        assert name.width() >= 0.35 * files.viewport().width() - 1  # the paths keep room for their file names
