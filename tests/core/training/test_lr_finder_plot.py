"""The range test's plot (lr_finder.png, shown in the training form beside "Suggested: 1.4e-4") writes the
suggested rate as the form does: its legend said "suggested 0.00014"."""
import numpy as np
from matplotlib.figure import Figure

from core.training.lr_finder import plot_png


def test_the_legend_writes_the_suggested_rate_as_the_form_does(monkeypatch):
    drawn = []
    save = Figure.savefig
    monkeypatch.setattr(Figure, "savefig", lambda figure, *a, **k: drawn.append(figure) or save(figure, *a, **k))
    lrs = np.geomspace(1e-7, 10, 60)
    losses = 2.3 - np.tanh(np.log10(lrs) + 4)  # falls fastest around 1e-4

    png = plot_png(list(lrs), list(losses), 0.000142)

    assert png.startswith(b"\x89PNG")
    assert [text.get_text() for text in drawn[0].axes[0].get_legend().get_texts()] == ["suggested 1.4e-4"]
