"""Every colour GradLens chooses itself, by role, for the light and the dark theme.

Widgets ask for a role (`colour("bad")`), never for a hex value, and get the one that suits the
palette in use: dark when the application's window colour is dark, whichever theme put it there
(View → Theme, or a dark desktop). The dark palette itself is here too, so one table holds every
colour the app paints. tests/ui/test_theme_colours.py checks each text role against the
backgrounds it is drawn on (WCAG contrast ≥ 4.5, graphics ≥ 3) in both themes.

Rich-text labels keep the colours they were made with; `retheme_html` swaps each role's colour for
the other theme's, so app/theme.py can update labels already on screen when the theme changes.
Each role's colour is different in the two themes, and no colour serves two roles, for that swap.
"""
from __future__ import annotations

from PyQt5.QtGui import QColor, QPalette
from PyQt5.QtWidgets import QApplication

# role: (light, dark). Text roles sit on the palette's Base (tables) or Window (captions).
ROLES: dict[str, tuple[str, str]] = {
    "good": ("#2a6f2e", "#81c784"),          # correct, faithful, ✓, insertion curve
    "bad": ("#c62828", "#ef9a9a"),           # wrong, not faithful, ✗, deletion curve
    "invalid": ("#d32f2f", "#f48686"),       # outline and frame of a form field to fix
    "warning": ("#9a5b00", "#ffb74d"),       # weakly faithful, a heatmap that shows nothing
    "muted": ("#616161", "#bdbdbd"),         # cannot be tested
    "chart_train": ("#1f77b4", "#5fa8e8"),   # live training charts: train lines
    "chart_val": ("#d9700a", "#ffa94d"),     # ... validation lines
    "chart_lr": ("#2ca02c", "#6fd46f"),      # ... learning rate
    "chart_epoch": ("#9467bd", "#c7a4e8"),   # ... train loss, epoch mean
    "icon": ("#3b5b8c", "#8fb0e0"),          # toolbar icons' strokes (resources/icons), drawn on the window
    "topk_bar": ("#2f6db5", "#5b9be6"),      # top-k bars but the true class's
    "matrix_correct": ("#2171b5", "#2b7bc4"),   # confusion matrix: the diagonal at full share
    "matrix_confused": ("#cb181d", "#d8343a"),  # ... a confusion at full share
    # Dataset summary bars by split (Okabe-Ito, safe for colour-blind eyes; sky blue on dark).
    "split_train": ("#0072b2", "#56b4e9"), "split_val": ("#e69f00", "#e69f00"),
    "split_test": ("#009e73", "#009e73"), "split_other": ("#777777", "#8c8c8c"),
}
TEXT_ROLES = ("good", "bad", "warning", "muted")          # read as text: contrast ≥ 4.5
CHART_ROLES = ("chart_train", "chart_val", "chart_lr", "chart_epoch")
GRAPHIC_ROLES = ("invalid", "icon", "topk_bar", *CHART_ROLES)              # lines and frames: ≥ 3 on Base

# Fusion's dark palette (Fusion draws from the palette alone, so this is the whole dark look).
DARK_PALETTE: dict[str, str] = {
    "Window": "#2d2d30", "WindowText": "#e8e8e8", "Base": "#1f1f22", "AlternateBase": "#2a2a2e",
    "ToolTipBase": "#3c3c40", "ToolTipText": "#f0f0f0", "PlaceholderText": "#9a9a9a", "Text": "#e8e8e8",
    "Button": "#3a3a3e", "ButtonText": "#e8e8e8", "BrightText": "#ff8a80", "Light": "#55555a",
    "Midlight": "#45454a", "Mid": "#5c5c62", "Dark": "#1c1c1e", "Shadow": "#101010",
    "Highlight": "#2f65ad", "HighlightedText": "#ffffff", "Link": "#7cb7ff", "LinkVisited": "#c49bff",
}
DARK_DISABLED: dict[str, str] = {"WindowText": "#7c7c80", "Text": "#7c7c80", "ButtonText": "#7c7c80",
                                 "Highlight": "#4a4a50", "HighlightedText": "#b0b0b0"}


def dark_palette() -> QPalette:
    palette = QPalette()
    for name, value in DARK_PALETTE.items():
        palette.setColor(getattr(QPalette, name), QColor(value))
    for name, value in DARK_DISABLED.items():
        palette.setColor(QPalette.Disabled, getattr(QPalette, name), QColor(value))
    return palette


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether `palette` (default: the application's) has a dark window colour."""
    palette = palette if palette is not None else QApplication.palette()
    return palette.color(QPalette.Window).lightness() < 128


def colour_name(role: str, dark: bool | None = None) -> str:
    """"#rrggbb" of `role` for the dark or light theme (default: the one in use), for HTML and matplotlib."""
    return ROLES[role][1 if (is_dark() if dark is None else dark) else 0]


def colour(role: str, palette: QPalette | None = None) -> QColor:
    return QColor(colour_name(role, is_dark(palette)))


def retheme_html(text: str, dark: bool) -> str:
    """`text` with every role colour of the other theme replaced by this theme's."""
    old, new = (0, 1) if dark else (1, 0)
    for pair in ROLES.values():
        if pair[0] != pair[1]:
            text = text.replace(pair[old], pair[new])
    return text


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background` (a cell shaded by its value)."""
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if contrast(black, background) >= contrast(white, background) else white
