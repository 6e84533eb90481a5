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


def test_a_folder_of_one_image_is_one_image_to_the_checks_and_the_export(qtbot, gui, tmp_path):
    """The sanity check, the layer finder and the export said "1 images" and "1 results" of a one-image folder."""
    from app.layer_finder_flow import LayerFinderFlow
    from app.main import DEMO_FOLDER, DEMO_MODEL
    from app.sanity_flow import SanityFlow
    from tests.user import open_model_and_folder
    from ui.viewer.layer_finder_dialog import LayerFinderDialog
    from ui.viewer.sanity_dialog import SanityDialog
    window, controller = gui
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(sorted(DEMO_FOLDER.rglob("*.png"))[0], one / "a.png")
    open_model_and_folder(qtbot, window, controller, DEMO_MODEL, one, WAIT)
    said, bar = [], window.statusBar()
    bar.messageChanged.connect(lambda shown: said.append(bar.currentMessage()))  # whole: the tooltip of what shows
    flows = {type(flow): flow for flow in controller.heatmap_tools.flows}

    closed = []
    when_dialog_opens(lambda dialog: (closed.append(dialog.windowTitle()), dialog.reject()), SanityDialog, WAIT)
    qtbot.waitUntil(flows[SanityFlow].action.isEnabled, timeout=WAIT)
    choose_menu_item(qtbot, window, "Heatmap", flows[SanityFlow].action)
    qtbot.waitUntil(lambda: bool(closed), timeout=WAIT)
    assert "Sanity check: randomising the model's weights and comparing the heatmaps of 1 image…" in said
    assert "sanity check on 1 image: Grad-CAM at " in window.log.toPlainText()

    intro = []
    when_dialog_opens(lambda dialog: (intro.append(dialog.findChild(QLabel, "intro").text()), dialog.reject()),
                      LayerFinderDialog, WAIT)
    qtbot.waitUntil(flows[LayerFinderFlow].action.isEnabled, timeout=WAIT)
    choose_menu_item(qtbot, window, "Heatmap", flows[LayerFinderFlow].action)
    qtbot.waitUntil(lambda: bool(intro), timeout=WAIT)
    assert "Scoring the layers' heatmaps on 1 image…" in said
    assert intro[0].startswith("Grad-CAM heatmaps of 1 image from the open folder, scored per layer")

    run_all(qtbot, window, controller)
    exported = tmp_path / "one.csv"
    answer_file_dialog(qtbot, str(exported))
    choose_menu_item(qtbot, window, "File", window.export)
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=WAIT)
    assert window.statusBar().currentMessage() == f"Exported 1 result to {exported}"


def test_one_earlier_file_and_a_model_of_one_class_are_said_in_the_singular(qtbot, gui, tmp_path):
    """Run asked about an earlier run's "(1 files, e.g. results.csv)", and the status line said "1 classes"."""
    import torch

    from core.data.preprocess import Preprocess
    from core.models.modelfile import LoadedModel, save_model_file
    from core.models.registry import build_model, get_architecture
    torch.manual_seed(0)
    one_class = tmp_path / "one_class.pt"
    save_model_file(one_class, LoadedModel(build_model("resnet18", 1).eval(), "resnet18", ["cat"],
                                           Preprocess((64, 64), "stretch"), get_architecture("resnet18").cam_layer))
    window, controller = gui
    flat = noise_images(tmp_path / "flat", ["a.png"], seed=7)
    load(qtbot, window, controller, one_class, flat)
    assert window.model_status.text() == "Model: one_class.pt (resnet18, 1 class)"
    saved = tmp_path / "saved"
    answer_file_dialog(qtbot, str(saved))
    choose_menu_item(qtbot, window, "File", window.save_folder)
    run_all(qtbot, window, controller)
    (saved / "results.txt").unlink()  # the user kept only the table of the earlier run
    for overlay in (saved / "overlays").rglob("*.jpg"):
        overlay.unlink()
    asked = when_dialog_opens(lambda box: box.button(QMessageBox.Cancel).click(), QMessageBox)
    choose_menu_item(qtbot, window, "Run", window.run)
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert asked == [f"The save folder {saved} already holds results of an earlier run (1 file, results.csv)."]
