"""Markdown nested deeper than the Markdown reader follows: no text is dropped without a
word; the file is read as plain text instead, and the import's warning says so."""

from __future__ import annotations

from pathlib import Path

from annotator.core.articles.reading import read_document


def _write(tmp_path: Path, source: str, name: str = "deep.md") -> Path:
    path = tmp_path / name
    path.write_text(source, "utf-8")
    return path


def test_a_list_nested_past_the_limit_keeps_every_item_and_the_closing_paragraph(tmp_path):
    items = [f"{'  ' * i}- item {i}" for i in range(60)]
    source = "\n".join(items) + "\n\nThe minister said 3,000 homes were evacuated.\n"
    document = read_document(_write(tmp_path, source))
    for i in range(60):
        assert f"item {i}\n" in document.text
    assert document.text.endswith("The minister said 3,000 homes were evacuated.\n")
    (warning,) = document.warnings
    assert "nests lists or quotes more than 50 levels deep" in warning
    assert "read as plain text" in warning


def test_quotes_nested_past_the_limit_are_read_as_plain_text_not_refused_as_empty(tmp_path):
    source = ">" * 100_000 + " The minister said 3,000.\n"
    document = read_document(_write(tmp_path, source))
    assert document.text == source
    assert "read as plain text" in document.warnings[0]


def test_markdown_nested_within_the_limit_is_read_as_markdown(tmp_path):
    source = "> > > Up to *3,000* homes.\n\n- a\n  - b\n    - c\n"
    document = read_document(_write(tmp_path, source))
    assert document.warnings == ()
    assert document.text == "Up to 3,000 homes.\n\n• a\n  • b\n    • c\n"
