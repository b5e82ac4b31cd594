"""The campaign page's picture: the whole campaign and each department as a bar split by how
its items stand, drawn server-side as inline SVG (as findings.charts draws the findings page's)."""

from findings.charts import clip, svg_picture, svg_text

# Each state's fill and outline; the numbers are written beside the bar, so colour is never
# the only carrier.
COLOURS = {
    "confirmed": ("#86efac", "#14532d"),
    "others": ("#bbf7d0", "#166534"),
    "proposed": ("#93c5fd", "#1e3a8a"),
    "disowned": ("#fcd34d", "#78350f"),
    "waiting": ("#e5e7eb", "#374151"),
}


def _text_width(text):
    """About how wide `text` is drawn at 13px: Chinese characters twice as wide as Latin."""
    return sum(13 if ord(character) > 0x2E80 else 7 for character in text)


def _legend(labels, width):
    """The states' swatches and names, wrapped onto as many lines as `width` needs; and the
    height they take."""
    body, x, y = [], 10, 6
    for state, label in labels.items():
        step = 30 + _text_width(label)
        if x > 10 and x + step > width:
            x, y = 10, y + 22
        fill, line = COLOURS[state]
        body.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{fill}" '
                    f'stroke="{line}"/>')
        body.append(svg_text(x + 20, y + 12, label, fill="#364152"))
        x += step
    return body, y + 26


def progress_chart(whole, departments, *, title, desc, labels, whole_label):
    """One stacked bar for `whole` (a Progress, named `whole_label`), then one per department:
    each item state (`labels`: state → its name, in the bar's order) a segment, the share
    answered written after the bar."""
    label_width, bar_area, row_height = 200, 360, 34
    rows = [whole, *departments]
    width = label_width + bar_area + 90
    body, top = _legend(labels, width)
    height = top + len(rows) * row_height + 12
    for index, progress in enumerate(rows):
        y = top + index * row_height + (8 if index else 0)
        weight = "700" if index == 0 else "400"
        name = whole_label if index == 0 else progress.name
        body.append(svg_text(label_width - 10, y + 17, clip(name, 24),
                             text_anchor="end", fill="#1f2933", font_weight=weight))
        start = label_width
        for state in labels:
            length = round(bar_area * progress.counts[state] / progress.total) \
                if progress.total else 0
            if length:
                fill, line = COLOURS[state]
                body.append(f'<rect x="{start}" y="{y + 4}" width="{length}" height="18" '
                            f'fill="{fill}" stroke="{line}" stroke-width="1"/>')
            start += length
        body.append(svg_text(label_width + bar_area + 8, y + 17,
                             f"{progress.percent}% ({progress.done}/{progress.total})",
                             font_size="11", fill="#1f2933"))
    return svg_picture(width, height, title, desc, body)
