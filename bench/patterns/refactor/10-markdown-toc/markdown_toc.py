"""Table-of-contents generation for the documentation site."""

import re

_STRIP = re.compile(r"[^\w\- ]")


def heading_anchor(title: str) -> str:
    """GitHub-style anchor: lower-case, punctuation dropped, spaces to hyphens."""
    return _STRIP.sub("", title.strip().lower()).replace(" ", "-")


def build_toc(markdown: str, max_level: int = 3) -> str:
    """Return a nested Markdown bullet list linking to the document's headings."""
    if max_level < 1 or max_level > 6:
        raise ValueError("max_level must be between 1 and 6")
    toc = ""
    seen = {}
    in_code = False
    lines = markdown.split("\n")
    for idx in range(len(lines)):
        line = lines[idx]
        if line.startswith("```"):
            if in_code == True:
                in_code = False
            else:
                in_code = True
            continue
        if in_code:
            continue
        level = 0
        while level < len(line) and line[level] == "#":
            level = level + 1
        if level == 0 or level > 6:
            continue
        if len(line) == level or line[level] != " ":
            continue
        if level > max_level:
            continue
        title = line[level:].strip()
        anchor = heading_anchor(title)
        if anchor in seen:
            seen[anchor] = seen[anchor] + 1
            anchor = anchor + "-" + str(seen[anchor])
        else:
            seen[anchor] = 0
        indent = ""
        for _ in range(level - 1):
            indent = indent + "  "
        if toc != "":
            toc = toc + "\n"
        toc = toc + indent + "- [" + title + "](#" + anchor + ")"
    return toc
