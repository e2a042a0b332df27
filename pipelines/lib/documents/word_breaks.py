"""Words a narrow PDF cell broke across lines, joined again by the document's own words.

A word or figure wider than its column is cut where the line ends ("Persentas" /
"e Keterse" / "diaan", "1.00" / "0"), with no hyphen; a line that simply wraps ends
with a whole word. Nothing in
the two lines alone tells which, so the document decides: two pieces are joined when
together they make a word the document prints whole elsewhere (in its text, or in a
cell where no line ends inside it) and are not both such words themselves.
"""

from __future__ import annotations

import bisect

from pipelines.lib.documents.blocks import Block, Paragraph, Table

_EDGES = ".,;:!?()[]\"'"


def _bare(token: str) -> str:
    """A token as the vocabulary holds it: lower case, without the punctuation around it
    (a word, or a figure such as 1.000)."""
    return token.strip(_EDGES).lower()


def _words(tokens: list[str]) -> set[str]:
    return {_bare(t) for t in tokens} - {""}


def document_words(blocks: list[Block]) -> set[str]:
    """The words printed whole: every word of the text, and of each cell line the words
    not at its ends (a line's first or last word may be a piece)."""
    words: set[str] = set()
    for block in blocks:
        if isinstance(block, Paragraph):
            words |= _words(block.text.split())
            continue
        for row in block.rows:
            for cell in row:
                lines = cell.split("\n")
                if len(lines) == 1:
                    words |= _words(cell.split())
                    continue
                for line in lines:
                    words |= _words(line.split()[1:-1])
    return words


class Words:
    """The document's whole words, asked for a word or for a beginning of one."""

    def __init__(self, words: set[str]) -> None:
        self.words, self.sorted = words, sorted(words)

    def __contains__(self, text: str) -> bool:
        return _bare(text) in self.words

    def begins_one(self, text: str) -> bool:
        bare = _bare(text)
        at = bisect.bisect_left(self.sorted, bare)
        return at < len(self.sorted) and self.sorted[at].startswith(bare)


def _joined(tokens: list[str], starts_line: list[bool], at: int, words: Words) -> int:
    """How many tokens from ``at`` complete the token before it into a whole word (0 for
    none): each the first of its line, and a piece goes on only while alone on its line
    ("Pers" / "enta" / "se pemenuhan")."""
    piece, best, end = tokens[at - 1], 0, at
    while (
        end < len(tokens)
        and starts_line[end]
        and not tokens[end][:1].isupper()  # a capital begins a word: a wrap
        and words.begins_one(piece + tokens[end])
    ):
        piece += tokens[end]
        end += 1
        if piece in words:
            best = end - at
        if end < len(tokens) and not starts_line[end]:
            break  # the next token shares this piece's line: the word ends here
    if best == 1 and tokens[at - 1] in words and tokens[at] in words:
        return 0  # two whole words, also one together: a wrap, not a cut
    return best


def rejoin_cell(cell: str, words: Words) -> str:
    """``cell`` with each word cut at a line end joined again (see the module)."""
    lines = [line.split() for line in cell.split("\n")]
    if len(lines) == 1:
        return cell
    tokens = [token for line in lines for token in line]
    starts_line = [n == 0 for line in lines for n in range(len(line))]
    out, at = "", 0
    while at < len(tokens):
        joined = _joined(tokens, starts_line, at, words) if at else 0
        if joined:
            out += "".join(tokens[at : at + joined])
            at += joined
            continue
        out += ("\n" if starts_line[at] else " ") * bool(out) + tokens[at]
        at += 1
    return out


def rejoin_broken_words(blocks: list[Block]) -> list[Block]:
    """Every table cell of ``blocks`` with its cut words joined (changed in place)."""
    words = Words(document_words(blocks))
    for block in blocks:
        if isinstance(block, Table):
            block.rows = [[rejoin_cell(cell, words) for cell in row] for row in block.rows]
    return blocks
