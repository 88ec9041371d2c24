"""`annotator import-annotations` with files from other tools and hostile files: what is not
added is listed with exit status 1, and a file that cannot be read is one line on stderr."""

from __future__ import annotations

import json

from .test_cli import assert_one_line_error

TEXT = "The minister said 3,000 homes were evacuated, officials said.\n"


def test_w3c_annotations_without_text_selectors_are_listed_with_exit_status_1(cli):
    items = [
        {"id": f"https://example.org/anno/{n}", "type": "Annotation", "motivation": "tagging",
         "body": {"type": "TextualBody", "purpose": "tagging", "value": "claim"},
         "target": {"source": "https://example.com/article", "selector": selector}}
        for n, selector in enumerate([{"type": "XPathSelector", "value": "/html/body/p[2]"},
                                      {"type": "RangeSelector"}], 1)
    ]
    path = cli.cwd / "other.jsonld"
    path.write_text(json.dumps({"type": "AnnotationPage", "items": items}), encoding="utf-8")
    result = cli.run("import-annotations", cli.cwd / "s.sqlite", path)
    assert result.returncode == 1, str(result)
    assert "2 could not be placed" in result.stderr, str(result)
    assert result.stderr.count("no text quote or text position selector") == 2, str(result)


def test_a_device_is_refused_at_once(cli):
    result = cli.run("import-annotations", cli.cwd / "s.sqlite", "/dev/zero", "--format", "csv")
    assert_one_line_error(result, "/dev/zero", "not a regular file")
    assert not (cli.cwd / "s.sqlite").exists()


def test_a_brat_offset_of_thousands_of_digits_is_one_sentence(cli):
    folder = cli.cwd / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "a.ann").write_text("T1\tclaim 0 " + "9" * 5000 + "\tThe\n", encoding="utf-8")
    result = cli.run("import-annotations", cli.cwd / "s.sqlite", folder)
    assert_one_line_error(result, "a.ann, line 1")
    assert "unexpected" not in result.stderr
