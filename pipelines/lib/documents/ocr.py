"""Pages without a text layer (a scanned report), read by OCR: Tesseract (Debian
``tesseract-ocr`` and ``tesseract-ocr-ind``) gives each word with its box, and the
words are set out as a text laid out by spaces, which the layout-text reader of
:mod:`pipelines.lib.documents.layout` reads like ``pdftotext -layout`` output. Every
value read from such a page is flagged for a person to compare with the paper.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from statistics import median

RESOLUTION = 300  # dpi: Tesseract reads printed text best at 300
OCR_TIMEOUT_SECONDS = 120  # one page
LANGUAGE = "ind"
# Indonesian words, and English data for the symbols: with Indonesian alone, Tesseract
# reads the % of common fonts as "Yo" or "46"
LANGUAGES = "ind+eng"


@functools.cache  # one question per process: Tesseract does not come and go during a run
def ocr_problem() -> str | None:
    """Why pages cannot be read by OCR on this machine, in one line; None when they can."""
    tesseract = shutil.which("tesseract")
    install = "install the Debian packages tesseract-ocr and tesseract-ocr-ind"
    if tesseract is None:
        return f"Tesseract is not installed ({install})"
    listed = subprocess.run(
        [tesseract, "--list-langs"], capture_output=True, text=True, check=False, timeout=30
    )
    if not {LANGUAGE, "eng"} <= set(listed.stdout.split()):
        return f"Tesseract has no Indonesian or English language data ({install})"
    return None


# Tesseract's usual misreading of a percent sign after a figure or alone ("90Y6",
# "Yo"); the value stays flagged like every value of a scanned page
_PERCENT_MISREAD = re.compile(r"(?:(?<=\d)|^)Y[o0O6]$")


def _words(tsv: str) -> list[dict]:
    """The words of Tesseract's TSV with their boxes."""
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        # a table's ruling is read as "|" (or "[", "]"): no word, and it would bridge
        # the gap between two columns
        text = (row.get("text") or "").strip().strip("|[]").strip()
        text = _PERCENT_MISREAD.sub("%", text)
        if row.get("level") == "5" and text:
            left, top = int(row["left"]), int(row["top"])
            right, height = left + int(row["width"]), int(row["height"])
            words.append({"text": text, "left": left, "top": top, "right": right, "height": height})
    return words


def layout_lines(words: list[dict], exact: bool = False) -> list[str]:
    """Words set out as lines of text: a line per printed line (words whose middles lie
    within half a word's height), each word at the column its left edge falls in, so
    a gap between table columns stays two spaces or more. A blank line parts printed
    lines far apart, and a sentence from a table beside it.

    ``exact``: a PDF's word boxes, not a scan's: a cell's padding (a character and a
    half) parts two columns, and a change of type size parts a table from its text."""
    if not words:
        return []
    # a grid of half a character: a phrase set with single spaces then takes less room
    # than it has on paper, so it never runs into the next column's position
    char_width = median((w["right"] - w["left"]) / len(w["text"]) for w in words) / 2 or 1
    line_height = median(w["height"] for w in words) or 1
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: w["top"] + w["height"] / 2):
        middle = word["top"] + word["height"] / 2
        if rows and abs(middle - rows[-1][0]["middle"]) <= line_height / 2:
            rows[-1].append(word)
        else:
            rows.append([word | {"middle": middle}])
    steps = [b[0]["middle"] - a[0]["middle"] for a, b in itertools.pairwise(rows)]
    pitch = median(steps) if steps else line_height  # from one printed line to the next
    gap = (3 if exact else 5) * char_width
    prose = _prose_rows(rows, gap)
    lines, last_middle, last_height, last_bottom = [], None, None, None
    for n, row in enumerate(rows):
        if exact and last_bottom is not None:
            # a PDF's lines of one table row touch; rows are parted by the cells'
            # padding (and a figure centred in its row stands between the name's lines,
            # so the steps between lines say nothing)
            apart = min(w["top"] for w in row) - last_bottom > 0.5 * line_height
        else:
            apart = last_middle is not None and row[0]["middle"] - last_middle > 1.5 * pitch
        last_bottom = max(w["top"] + w["height"] for w in row)
        height = median(w["height"] for w in row)
        # type of another size: a table's cells and the text around it part
        resized = exact and last_height and abs(height - last_height) > 0.2 * last_height
        if apart or resized or (n in prose and n - 1 not in prose and lines):
            lines.append("")  # a gap between paragraphs or table rows, or a sentence
        last_middle, last_height = row[0]["middle"], height
        text, previous_right = "", 0
        for word in sorted(row, key=lambda w: w["left"]):
            column = round(word["left"] / char_width)
            if not text:
                text = " " * column + word["text"]
            elif word["left"] - previous_right > gap:  # another column
                text += " " * max(2, column - len(text)) + word["text"]
            else:  # the next word of the same phrase
                text += " " + word["text"]
            previous_right = word["right"]
        lines.append(text)
    return lines


def _phrases(row: list[dict], gap: float) -> list[tuple[float, float]]:
    """(left, right) of each phrase of a printed line: words closer than ``gap``."""
    phrases: list[list[float]] = []
    for word in sorted(row, key=lambda w: w["left"]):
        if phrases and word["left"] - phrases[-1][1] <= gap:
            phrases[-1][1] = word["right"]
        else:
            phrases.append([word["left"], word["right"]])
    return [(left, right) for left, right in phrases]


def _prose_rows(rows: list[list[dict]], gap: float) -> set[int]:
    """The printed lines that are sentences beside a table: one phrase running over where
    two table rows or more start a column (a cell's wrapped line stays in its column).
    A blank line before such a sentence ends the table above it."""
    starts: dict[int, int] = {}
    for row in rows:
        phrases = _phrases(row, gap)
        if len(phrases) >= 3 and any(any(c.isdigit() for c in w["text"]) for w in row):
            for left, _ in phrases[1:]:
                starts[round(left / gap)] = starts.get(round(left / gap), 0) + 1
    columns = [key * gap for key, count in starts.items() if count >= 2]
    return {
        n
        for n, row in enumerate(rows)
        if (phrases := _phrases(row, gap))
        and len(phrases) == 1
        and any(phrases[0][0] < x - gap < phrases[0][1] - gap for x in columns)
    }


def ocr_page(image: Path) -> list[str]:
    """The lines of one page image, by Tesseract, laid out by spaces."""
    tesseract = shutil.which("tesseract") or "tesseract"
    result = subprocess.run(
        [tesseract, str(image), "stdout", "-l", LANGUAGES, "tsv"],
        capture_output=True,
        text=True,
        check=False,
        timeout=OCR_TIMEOUT_SECONDS,
        # one thread a page: pages go to worker processes instead (threads thrash)
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    if result.returncode != 0:
        return []
    return layout_lines(_words(result.stdout))


def ocr_pdf_page(page) -> list[str]:
    """A pdfplumber page rendered at :data:`RESOLUTION` dpi and read by OCR."""
    with tempfile.TemporaryDirectory(prefix="kinerja-ocr-") as folder:
        image = Path(folder) / "page.png"
        page.to_image(resolution=RESOLUTION).original.save(image)
        return ocr_page(image)
