"""A count of one is said in the singular in the main window: the status line read "Done: 1 images in 0:00", the
metrics "— 1 image(s) not in a class's folder", and copying one mistake "1 misclassified images copied to …"."""
import shutil

from PyQt5.QtWidgets import QLabel, QMessageBox

from tests.app.test_main_window import load, noise_images, run_all
from tests.user import answer_file_dialog, choose_menu_item, when_dialog_opens

WAIT = 60_000


def test_one_image_one_outside_the_classes_and_one_mistake(qtbot, gui, tiny_model_file, tmp_path):
    window, controller = gui
    flat = noise_images(tmp_path / "flat", ["a.png"], seed=7)
    load(qtbot, window, controller, tiny_model_file, flat)
    run_all(qtbot, window, controller)
    assert window.progress_label.text().startswith("Done: 1 image in ")
    (predicted,) = [row.predicted for row in controller.rows.values()]
    # The same image in the folder of a class the model does not say, beside one in a folder named after no class.
    labelled = tmp_path / "labelled"
    wrong_class = next(name for name in ("cat", "dog", "bird") if name != predicted)
    (labelled / wrong_class).mkdir(parents=True)
    shutil.copy(flat / "a.png", labelled / wrong_class / "a.png")
    noise_images(labelled, ["猫/x.png"], seed=8)
    load(qtbot, window, controller, tiny_model_file, labelled)
    run_all(qtbot, window, controller)
    accuracy = window.metrics.findChild(QLabel, "accuracy")
    qtbot.waitUntil(lambda: accuracy.text().endswith(" — 1 image not in a class's folder, not counted"), timeout=WAIT)
    review = tmp_path / "review"
    review.mkdir()
    answer_file_dialog(qtbot, str(review))
    asked = when_dialog_opens(lambda box: next(b for b in box.buttons() if b.text() == "Copy").click(), QMessageBox)
    choose_menu_item(qtbot, window, "File", window.copy_wrong)
    assert asked == [f"1 misclassified image will go to {review}, in a sub-folder named 'true class → predicted'."]
    qtbot.waitUntil(lambda: "copied" in window.statusBar().currentMessage(), timeout=WAIT)
    assert window.statusBar().currentMessage() == f"1 misclassified image copied to {review}"
