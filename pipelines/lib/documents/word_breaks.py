"""Words a narrow PDF cell broke across lines, joined again by the document's own words.

A word wider than its column is cut where the line ends ("Persentas" / "e Keterse" /
"diaan"), with no hyphen; a line that simply wraps ends with a whole word. Nothing in
the two lines alone tells which, so the document decides: two pieces are joined when
together they make a word the document prints whole elsewhere (in its text, or in a
cell where no line ends inside it) and are not both such words themselves.
"""

from __future__ import annotations

import re

from pipelines.lib.documents.blocks import Block, Paragraph, Table

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def document_words(blocks: list[Block]) -> set[str]:
    """The words printed whole: every word of the text, and of each cell line the words
    not at its ends (a line's first or last word may be a piece)."""
    words: set[str] = set()
    for block in blocks:
        if isinstance(block, Paragraph):
            words |= _words(block.text)
            continue
        for row in block.rows:
            for cell in row:
                lines = cell.split("\n")
                if len(lines) == 1:
                    words |= _words(cell)
                    continue
                for line in lines:
                    words |= {w.lower() for w in line.split()[1:-1] if _WORD.fullmatch(w)}
    return words


def rejoin_cell(cell: str, words: set[str]) -> str:
    """``cell`` with each word cut at a line end joined again (see the module)."""
    lines = cell.split("\n")
    if len(lines) == 1:
        return cell
    out = lines[0]
    for line in lines[1:]:
        before, after = out.split()[-1] if out.split() else "", line.split(" ", 1)[0]
        whole = before + after
        if (
            after[:1].islower()
            and whole.lower() in words
            and not (before.lower() in words and after.lower() in words)
        ):
            out += line
        else:
            out += "\n" + line
    return out


def rejoin_broken_words(blocks: list[Block]) -> list[Block]:
    """Every table cell of ``blocks`` with its cut words joined (changed in place)."""
    words = document_words(blocks)
    for block in blocks:
        if isinstance(block, Table):
            block.rows = [[rejoin_cell(cell, words) for cell in row] for row in block.rows]
    return blocks
