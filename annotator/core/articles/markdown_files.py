"""Markdown read as a reader sees it (CommonMark with tables, by markdown-it-py, which is
imported only when a Markdown file is read)."""

from __future__ import annotations

from dataclasses import dataclass

# How deep markdown-it-py follows nested blocks (a list item takes two levels, a quote one);
# its parser recurses, so this stays well under Python's recursion limit.
MARKDOWN_MAX_NESTING = 50


@dataclass(frozen=True)
class MarkdownText:
    """What a Markdown file says, as a reader sees it."""

    heading: str | None  # the first heading's words, None without one
    first_line: str | None  # the words of the first line written, None for an empty file
    text: str


def markdown_text(source: str) -> MarkdownText | None:
    """The text of a Markdown document as a reader sees it: no ``#``, ``*`` or ``>`` marks,
    links and images as their words, each heading, paragraph, list item (with its bullet or
    number), quote and table row a line, a blank line between blocks; code keeps its lines.
    Parsed as CommonMark (with tables) by markdown-it-py. Its first heading and first line are
    kept for the title.

    None when the blocks nest :data:`MARKDOWN_MAX_NESTING` levels deep: markdown-it-py skips
    whatever lies deeper, and the rest of the file with it, without a word."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"maxNesting": MARKDOWN_MAX_NESTING}).enable("table")
    tokens = parser.parse(source)
    if any(token.level >= MARKDOWN_MAX_NESTING - 1 for token in tokens):
        return None
    first_line: str | None = None
    blocks: list[tuple[str, bool]] = []  # (text, whether a list item or table row: those
    # follow one another on the next line, other blocks after a blank line)
    heading: str | None = None
    lists: list[str] = []  # the kinds of the lists being read (bullet, ordered), innermost last
    pending_item = ""
    row: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        before = tokens[index - 1].type if index else ""
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            marker = f"{token.info}{token.markup}" if lists[-1] == "ordered_list_open" else "•"
            pending_item = "  " * (len(lists) - 1) + marker + " "
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            blocks.append((" | ".join(row), True))
        elif kind == "inline":
            words = _inline_words(token)
            if first_line is None and words:
                line = token.content.split("\n", 1)[0]
                first_line = "".join(_inline_words(t) for t in parser.parseInline(line))
            if before in ("th_open", "td_open"):
                row.append(words)
            elif pending_item:
                blocks.append((pending_item + words, True))
                pending_item = ""
            else:
                blocks.append((words, bool(lists)))
                if heading is None and before == "heading_open":
                    heading = words
        elif kind in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), False))
        elif kind == "html_block":
            from bs4 import BeautifulSoup

            words = BeautifulSoup(token.content, "html.parser").get_text(" ", strip=True)
            if words:
                blocks.append((words, False))
    return MarkdownText(heading=heading, first_line=first_line, text=_joined(blocks))


def _joined(blocks: list[tuple[str, bool]]) -> str:
    """The blocks' text: list items and table rows one after another on the next line, other
    blocks after a blank line."""
    parts = []
    for n, (words, item) in enumerate(blocks):
        if n:
            parts.append("\n" if item and blocks[n - 1][1] else "\n\n")
        parts.append(words)
    return "".join(parts) + "\n" if parts else ""


def _inline_words(token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")  # a paragraph wrapped in the source is one line
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # its words (the alt text)
    return "".join(parts).strip()
