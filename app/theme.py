"""The colour theme: Light, Dark or Follow the system, for the whole application at once.

Qt's Fusion style draws every widget from the palette alone, so Dark is Fusion with
ui/theme_colours.py's dark palette: no style sheet, so the few widget style sheets the app has
(which use palette(...) colours) keep working, and no dependency. (pyqtdarktheme, the package
usually suggested, was last released in 2022, requires Python < 3.12 and installs a style sheet
over the whole application.) Light is the platform's own style and palette as GradLens found them
at start-up, so choosing it changes nothing for someone who never looked at the menu; if that
palette is itself dark (a dark KDE or qt5ct desktop), Light is Fusion's standard light palette.

Follow the system: Qt 5 has no colour-scheme API, so the rule is, in order:
  1. Windows: the registry's AppsUseLightTheme (read at once, no process);
  2. otherwise the platform palette at start-up: a dark window colour means a dark desktop
     (macOS in dark mode, KDE and qt5ct hand Qt their palette);
  3. then, where `gsettings` exists (GNOME, whose Qt palette stays light in dark mode), GNOME's
     color-scheme is asked in a QProcess, never waited for: 'prefer-dark' or 'prefer-light'
     decides once it answers (tens of ms), 'default' or an error (GNOME < 42) leaves rule 2's answer.
The choice is remembered in QSettings under KEY_THEME; runui.py --theme overrides it for one launch.
"""
from __future__ import annotations

import logging
import shutil
import sys

from PyQt5.QtCore import QObject, QProcess, Qt, pyqtSignal
from PyQt5.QtGui import QPalette
from PyQt5.QtWidgets import QApplication, QLabel, QStyleFactory

from ui.theme_colours import dark_palette, is_dark, retheme_html
from ui.widgets.indicator_style import IndicatorStyle

log = logging.getLogger(__name__)

THEMES = ("light", "dark", "auto")
KEY_THEME = "view/theme"       # with app/settings.py's keys: "light", "dark" or "auto"
GNOME_QUERY = ("get", "org.gnome.desktop.interface", "color-scheme")


def windows_prefers_dark() -> bool | None:
    """Windows 10+'s app colour setting; None elsewhere or when it cannot be read."""
    if sys.platform != "win32":
        return None
    try:
        import winreg
        key = winreg.OpenKey(winreg.HKEY_CURRENT_USER,
                             r"Software\Microsoft\Windows\CurrentVersion\Themes\Personalize")
        with key:
            return winreg.QueryValueEx(key, "AppsUseLightTheme")[0] == 0
    except OSError:
        return None


def gnome_answer(output: str) -> bool | None:
    """gsettings' color-scheme: dark, light, or None when it says nothing either way."""
    return {"'prefer-dark'": True, "'prefer-light'": False}.get(output.strip())


class Theme(QObject):
    """The application's one theme; `for_app(app)` finds it. `changed(dark)` after each switch."""

    changed = pyqtSignal(bool)
    choiceChanged = pyqtSignal(str)

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.setObjectName("gradlensTheme")
        self._app = app
        self._platform_style = app.style().objectName()
        self._platform_palette = QPalette(app.palette())
        self._system_dark = windows_prefers_dark()
        if self._system_dark is None:
            self._system_dark = is_dark(self._platform_palette)
        self.choice = "auto"
        self.settings = None
        self._query: QProcess | None = None
        self.ask_gnome()

    @staticmethod
    def for_app(app: QApplication) -> Theme:
        theme = app.findChild(Theme, "gradlensTheme", Qt.FindDirectChildrenOnly)
        return theme if theme is not None else Theme(app)

    # -- API ----------------------------------------------------------------------------------
    def start(self, settings, override: str | None = None) -> None:
        """The remembered theme, or `override` for this launch only (not saved)."""
        self.settings = settings
        saved = str(settings.value(KEY_THEME, "auto"))
        self._set(override if override in THEMES else saved if saved in THEMES else "auto")

    def choose(self, choice: str) -> None:
        """The user's pick from View → Theme: applied now and remembered."""
        if self.settings is not None:
            self.settings.setValue(KEY_THEME, choice)
        self._set(choice)

    def dark(self) -> bool:
        return self._system_dark if self.choice == "auto" else self.choice == "dark"

    # -- applying -----------------------------------------------------------------------------
    def _set(self, choice: str) -> None:
        self.choice = choice
        self._apply(self.dark())
        self.choiceChanged.emit(choice)

    def _apply(self, dark: bool) -> None:
        app = self._app
        if dark:
            style, palette = "fusion", dark_palette()
        elif is_dark(self._platform_palette):
            style, palette = "fusion", QStyleFactory.create("Fusion").standardPalette()
        else:
            style, palette = self._platform_style, self._platform_palette
        # A new style polishes every widget again: only when it changes. Dark is Fusion with visible
        # check boxes (ui/widgets/indicator_style.py).
        framed = isinstance(app.style(), IndicatorStyle)
        if dark and not framed:
            app.setStyle(IndicatorStyle())
        elif not dark and (framed or app.style().objectName().lower() != style.lower()):
            app.setStyle(style)
        palette = QPalette(palette)
        # A greyed-out field's hint greyed like its values: Qt's default, half-transparent black, drew it darker
        # than them (the training form's CAM layer hint looked typed in while a run trained), the dark
        # palette's lighter.
        palette.setColor(QPalette.Disabled, QPalette.PlaceholderText, palette.color(QPalette.Disabled, QPalette.Text))
        app.setPalette(palette)
        for widget in app.allWidgets():
            # A widget with a style sheet keeps the palette it was polished with, and so do its
            # children (Compare Methods' cells kept white text on the light theme): polish again,
            # with the role colours the sheet names (a problem in red…) in the new theme's.
            if widget.styleSheet():
                widget.setStyleSheet(retheme_html(widget.styleSheet(), dark))
            # Rich-text labels on screen carry the colours of the theme they were written in.
            if isinstance(widget, QLabel) and widget.textFormat() != Qt.PlainText and "#" in widget.text():
                text = retheme_html(widget.text(), dark)
                if text != widget.text():
                    widget.setText(text)
        log.info("theme %s (%s)", self.choice, "dark" if dark else "light")
        self.changed.emit(dark)

    # -- GNOME --------------------------------------------------------------------------------
    def ask_gnome(self) -> None:
        """Ask GNOME's color-scheme without waiting (at start-up; the tests ask again)."""
        program = shutil.which("gsettings") if sys.platform.startswith("linux") else None
        if program is None:
            return
        self._query = QProcess(self)
        self._query.finished.connect(self._on_gnome_answer)
        self._query.errorOccurred.connect(lambda error: log.info("gsettings did not run: %s", error))
        self._query.start(program, list(GNOME_QUERY))

    def _on_gnome_answer(self, code: int, status) -> None:
        output = bytes(self._query.readAllStandardOutput()).decode(errors="replace")
        answer = gnome_answer(output) if code == 0 else None
        log.info("GNOME color-scheme %r: %s", output.strip(), answer)
        if answer is not None and answer != self._system_dark:
            self._system_dark = answer
            if self.choice == "auto":
                self._apply(answer)
