"""The caption under the images: names are data, never markup."""
from ui.viewer.caption import caption_html, error_html


class _Window:
    def tr(self, text):
        return text


def test_names_are_escaped_and_the_verdict_shown():
    text = caption_html(_Window(), "<img src=x>.png", "<b>cat</b>", 0.5, "dog & co", "<i>emu</i>")
    assert "&lt;img src=x&gt;.png" in text and "&lt;b&gt;cat&lt;/b&gt;" in text and "dog &amp; co" in text
    assert "&lt;i&gt;emu&lt;/i&gt;" in text and "<img" not in text
    assert "✗" in text and "50.0%" in text
    assert "✓" in caption_html(_Window(), "a.png", "cat", 0.9, "cat", None)
    assert error_html("<a>.png", "bad <file>") == "&lt;a&gt;.png: bad &lt;file&gt;"
