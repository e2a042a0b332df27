"""Chart text is laid out for the glyphs it has: a long agency name is shortened at its
end to the space it has, never cut by the chart's edge."""

from __future__ import annotations

import re

import pytest

from pipelines.lib.office import charts

LONG = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten"


def test_a_long_name_is_shortened_at_its_end_to_fit():
    shortened = charts.fit(LONG, 270)
    assert shortened.startswith("Badan Kepegawaian")
    assert shortened.endswith("…")
    assert charts.text_width(shortened) <= 270
    assert charts.fit("Dinas Sosial", 270) == "Dinas Sosial"


def test_wide_letters_take_more_room_than_narrow_ones():
    assert charts.text_width("mmmm") > charts.text_width("aaaa") > charts.text_width("iiii")
    assert charts.text_width("ABCD") > charts.text_width("abcd")
    assert charts.text_width("ABC", size=22) == pytest.approx(2 * charts.text_width("ABC"))


def test_ranking_labels_fit_their_column():
    bars = [charts.Bar(LONG * 2, 0.9, "#1f4e78", "90,00 %"), charts.Bar("Dinas", 0.5, "#000", "")]
    svg = charts.bar_ranking(bars, 1.0, reference=1.0)
    labels = re.findall(r'class="lbl">([^<]*)</text>', svg)
    assert labels[1] == "Dinas"
    assert labels[0].endswith("…")
    # the label column is 280 px, labels end 6 px before the bars
    assert all(charts.text_width(label) <= 274 for label in labels)
