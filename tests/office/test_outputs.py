"""Which regions get workbooks and reports each refresh."""


def test_office_regions_select_regencies_or_whole_provinces():
    from pipelines.lib.office.outputs import selects_region

    assert selects_region("*", "16.06")
    assert not selects_region("none", "16.06")
    assert not selects_region("", "16.06")
    assert selects_region("16.06, 99.06", "99.06")
    assert selects_region("16", "16.06")
    assert not selects_region("16.07,99", "16.06")
