"""Counts in command-line and log lines are proper English: "1 file", "24 files", never "24 file(s)"."""
from core.plural import counted


def test_one_is_singular_and_every_other_count_plural():
    assert [counted(n, "file") for n in (0, 1, 2, 24)] == ["0 files", "1 file", "2 files", "24 files"]
    assert counted(1, "labelled image") == "1 labelled image" and counted(3, "labelled image") == "3 labelled images"


def test_nouns_ending_in_s_take_es_and_a_given_plural_wins():
    assert (counted(1, "class"), counted(4, "class"), counted(2, "epoch")) == ("1 class", "4 classes", "2 epochs")
    assert counted(2, "batch", "batches") == "2 batches"
    assert counted(2, "child", "children") == "2 children" and counted(1, "child", "children") == "1 child"


def test_thousands_are_grouped_as_the_other_counts_in_these_lines():
    assert counted(12_345, "image") == "12,345 images"
