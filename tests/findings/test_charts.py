"""The SVG pictures are plain functions over plain data: no database needed."""

from findings.charts import load_chart, overlap_heatmap, trend_chart


def test_load_chart_writes_each_count_next_to_its_bar():
    svg = load_chart([("Support", 3, 5), ("Tech", 0, 2)], title="Load", desc="A and R",
                     accountable_label="Accountable", responsible_label="Responsible")
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Load</title>" in svg
    assert ">A 3<" in svg and ">R 5<" in svg and ">A 0<" in svg


def test_heatmap_writes_the_shared_count_in_both_cells():
    svg = overlap_heatmap([("cs", "Support"), ("tech", "Tech"), ("ops", "Ops")],
                          {("cs", "tech"): 2}, title="Overlap", desc="shared R")
    assert svg.count(">2<") == 2 and "<desc>shared R</desc>" in svg


def test_names_are_escaped():
    svg = overlap_heatmap([("x", "<script>"), ("y", "B&B")], {}, title="t", desc="d")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "B&amp;B" in svg


def test_charts_draw_an_empty_organisation():
    assert "<svg" in load_chart([], title="t", desc="d", accountable_label="A",
                                responsible_label="R")
    assert "<svg" in overlap_heatmap([], {}, title="t", desc="d")


def test_trend_chart_labels_the_first_highest_and_last_day():
    from datetime import date

    points = [(date(2026, 11, day), count) for day, count in ((1, 4), (2, 9), (3, 7), (4, 5))]
    svg = trend_chart(points, title="Open findings", desc="per day")
    assert ">4<" in svg and ">9<" in svg and ">5<" in svg and ">7<" not in svg
    assert "2026-11-02: 9" in svg and "2026-11-01" in svg and "2026-11-04" in svg
    assert "<svg" in trend_chart([], title="t", desc="d")
