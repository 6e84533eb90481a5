"""The results search: a "/" in it asks for a folder, matched from the start of the folder's name."""
from PyQt5.QtWidgets import QLineEdit

from ui.viewer.result_row import ResultRow
from ui.viewer.results_panel import ResultsPanel


def test_a_search_for_shirt_slash_finds_the_shirt_folder_and_not_t_shirt(qtbot):
    """Searching "Shirt/" also listed every "T-shirt/" image."""
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.set_class_names(["T-shirt", "Shirt"])
    panel.show()
    rows = [ResultRow(i, f"{folder}/{i:05d}.png", f"/d/{folder}/{i:05d}.png", folder, 0.9, folder, None,
                      [(folder, 0.9)]) for i, folder in enumerate(["T-shirt", "Shirt", "test/Shirt", "Shirts"])]
    panel.append_rows(rows)
    search = panel.findChild(QLineEdit, "search")
    with qtbot.waitSignal(panel.filtersChanged):  # the search waits for a typing pause
        qtbot.keyClicks(search, "shirt/")
    assert panel.visible_indices() == [1, 2]
    with qtbot.waitSignal(panel.filtersChanged):
        search.clear()
        qtbot.keyClicks(search, "shirt")  # without a "/", any part of the path, as before
    assert panel.visible_indices() == [0, 1, 2, 3]
