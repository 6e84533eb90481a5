"""The pictures keep their size while the caption under them changes from one image to the next."""
import numpy as np

from ui.viewer.image_triptych import ImageTriptych

SHOWN = "00000.png — predicted <b>Ankle boot</b> (87.4%) — true Ankle boot ✓"
SCORED = SHOWN + ("<br>Faithfulness: removing the highlighted 20% drops Ankle boot from 87% to 14% (a random 20%: "
                  "47%) — <b>faithful</b>")


def test_the_next_images_caption_before_its_score_does_not_move_the_pictures(qtbot):
    """Its faithfulness line comes a moment after each image: the pictures moved 60 px up and down at every
    image of an autoplay."""
    triptych = ImageTriptych()
    qtbot.addWidget(triptych)
    triptych.resize(700, 420)
    triptych.show()
    qtbot.waitExposed(triptych)
    picture = np.zeros((28, 28, 3), np.uint8)
    triptych.set_images(picture, picture, picture)
    panel = triptych.panel("heatmap")
    triptych.set_caption(SHOWN)
    qtbot.wait(20)
    alone = panel.height()
    triptych.set_caption(SCORED)
    triptych.faithfulness_curve.set_curves([0, 0.5, 1], [0.9, 0.2, 0.1], [0.1, 0.8, 0.9])
    qtbot.wait(20)
    scored = panel.height()
    assert scored < alone  # the faithfulness line takes room: what the test is about
    triptych.set_caption(SHOWN)  # the next image, its score not there yet
    qtbot.wait(20)
    assert panel.height() == scored
    triptych.resize(900, 420)  # a new width: the caption's own height again
    qtbot.wait(20)
    assert panel.height() > scored
