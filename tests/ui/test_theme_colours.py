"""ui/theme_colours.py: every colour GradLens picks reads well in both themes (WCAG 2 contrast)."""
import pytest
from PyQt5.QtGui import QColor, QPalette
from PyQt5.QtWidgets import QStyleFactory

from ui.theme_colours import GRAPHIC_ROLES, ROLES, TEXT_ROLES, colour, contrast, dark_palette, is_dark, retheme_html


def palettes():
    return {"light": QStyleFactory.create("Fusion").standardPalette(), "dark": dark_palette()}


def test_contrast_is_the_wcag_ratio():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("role", TEXT_ROLES)
def test_text_roles_are_readable_on_tables_and_windows(qapp, theme, role):
    palette = palettes()[theme]
    for background in (QPalette.Base, QPalette.AlternateBase, QPalette.Window):
        ratio = contrast(colour(role, palette), palette.color(background))
        assert ratio >= 4.5, f"{role} on {theme} {background}: {ratio:.2f}"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("role", GRAPHIC_ROLES)
def test_lines_and_frames_stand_out_from_their_background(qapp, theme, role):
    palette = palettes()[theme]
    assert contrast(colour(role, palette), palette.color(QPalette.Base)) >= 3


def test_the_dark_palette_is_dark_and_its_texts_readable(qapp):
    palette = dark_palette()
    assert is_dark(palette) and not is_dark(palettes()["light"])
    for text, background, least in ((QPalette.WindowText, QPalette.Window, 7), (QPalette.Text, QPalette.Base, 7),
                                    (QPalette.ButtonText, QPalette.Button, 7),
                                    (QPalette.PlaceholderText, QPalette.Base, 4.5),
                                    (QPalette.HighlightedText, QPalette.Highlight, 4.5),
                                    (QPalette.Link, QPalette.Base, 4.5), (QPalette.ToolTipText, QPalette.ToolTipBase, 7)):
        assert contrast(palette.color(text), palette.color(background)) >= least, (text, background)
    disabled = palette.color(QPalette.Disabled, QPalette.WindowText)
    assert 2 <= contrast(disabled, palette.color(QPalette.Window)) < contrast(
        palette.color(QPalette.WindowText), palette.color(QPalette.Window))   # dimmed, still legible


def test_labels_written_in_one_theme_are_rewritten_for_the_other():
    changing = [pair for pair in ROLES.values() if pair[0] != pair[1]]
    values = [value for pair in changing for value in pair]
    assert len(values) == len(set(values)), "a colour serving two roles could not be swapped back"

    def label(theme: int) -> str:
        bad, good = ROLES["bad"][theme], ROLES["good"][theme]
        return f"<span style='color:{bad}'>not faithful</span> <span style='color:{good}'>✓</span>"

    light = label(0)
    dark = retheme_html(light, dark=True)
    assert dark == label(1)
    assert retheme_html(dark, dark=False) == light
    assert retheme_html(dark, dark=True) == dark


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_top_k_runners_up_stand_out_from_their_track(qapp, theme):
    """They were drawn at 150/255 of the highlight colour: 1.7:1 against the track in both themes."""
    from ui.viewer.topk_bars import runner_up_colour, track_colour
    palette = palettes()[theme]
    assert contrast(runner_up_colour(palette), track_colour(palette)) >= 3
    assert contrast(colour("topk_bar", palette), track_colour(palette)) >= 3
