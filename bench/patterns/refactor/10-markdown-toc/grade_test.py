import pytest

from markdown_toc import build_toc

DOC = """# Guide
Intro text.
## Install
### From source
#### Build flags
## Usage
"""


def test_default_levels_and_indent():
    assert build_toc(DOC) == (
        "- [Guide](#guide)\n"
        "  - [Install](#install)\n"
        "    - [From source](#from-source)\n"
        "  - [Usage](#usage)"
    )


def test_max_level_one_and_four():
    assert build_toc(DOC, max_level=1) == "- [Guide](#guide)"
    assert "      - [Build flags](#build-flags)" in build_toc(DOC, max_level=4).split("\n")


def test_no_headings_gives_empty_string():
    assert build_toc("just text\n\nmore text") == ""
    assert build_toc("") == ""


def test_hashes_without_space_are_not_headings():
    assert build_toc("#hashtag\n##\n# Real") == "- [Real](#real)"


def test_seven_hashes_are_not_a_heading():
    assert build_toc("####### Too deep\n# Top", max_level=6) == "- [Top](#top)"


def test_headings_inside_code_fences_are_ignored():
    doc = "# A\n```bash\n# not a heading\n```\n## B\n```\n## also not\n```"
    assert build_toc(doc) == "- [A](#a)\n  - [B](#b)"


def test_duplicate_anchors_get_numbered():
    doc = "## FAQ\n## FAQ\n## FAQ"
    assert build_toc(doc) == "  - [FAQ](#faq)\n  - [FAQ](#faq-1)\n  - [FAQ](#faq-2)"


def test_punctuation_dropped_from_anchor_but_kept_in_title():
    assert build_toc("# What's new in v2.0?") == "- [What's new in v2.0?](#whats-new-in-v20)"


def test_title_whitespace_trimmed():
    assert build_toc("##   Spaced out   ") == "  - [Spaced out](#spaced-out)"


def test_skipped_level_keeps_its_own_indent():
    assert build_toc("# Top\n### Deep") == "- [Top](#top)\n    - [Deep](#deep)"


@pytest.mark.parametrize("level", [0, 7, -1])
def test_invalid_max_level(level):
    with pytest.raises(ValueError):
        build_toc(DOC, max_level=level)
