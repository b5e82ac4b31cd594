"""Pictures for the findings page, drawn server-side as inline SVG from plain data.

Each function takes plain values (names and numbers) and returns safe SVG markup with a
<title> and <desc>, so screen readers get the point; the page also prints the same numbers
as a table. Numbers are written on the picture: colour is never the only carrier.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

ACCOUNTABLE_FILL, ACCOUNTABLE_LINE = "#f4a19a", "#8f1d14"
RESPONSIBLE_FILL, RESPONSIBLE_LINE = "#93c5fd", "#1e3a8a"
FONT = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif"


def svg_picture(width, height, title, desc, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="{FONT}" font-size="13">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def svg_text(x, y, text, **attributes):
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x}" y="{y}"{extra}>{escape(text)}</text>'


def clip(name, limit=18):
    """Cut long names so the labels never run into the bars."""
    name = str(name)
    return name if len(name) <= limit else name[: limit - 1] + "…"


def load_chart(rows, *, title, desc, accountable_label, responsible_label):
    """Horizontal bars: for each department (name, A count, R count), an A bar and an R bar."""
    label_width, bar_area, row_height, top = 200, 360, 40, 34
    width = label_width + bar_area + 50
    height = top + max(len(rows), 1) * row_height + 8
    largest = max([max(a, r) for _, a, r in rows] + [1])
    body = [
        f'<rect x="{label_width}" y="6" width="14" height="14" fill="{ACCOUNTABLE_FILL}" '
        f'stroke="{ACCOUNTABLE_LINE}"/>',
        svg_text(label_width + 3, 17, "A", font_weight="700", font_size="11",
                 fill=ACCOUNTABLE_LINE),
        svg_text(label_width + 20, 18, accountable_label, fill="#364152"),
        f'<rect x="{label_width + 150}" y="6" width="14" height="14" fill="{RESPONSIBLE_FILL}" '
        f'stroke="{RESPONSIBLE_LINE}"/>',
        svg_text(label_width + 153, 17, "R", font_weight="700", font_size="11",
                 fill=RESPONSIBLE_LINE),
        svg_text(label_width + 170, 18, responsible_label, fill="#364152"),
    ]
    for index, (name, accountable, responsible) in enumerate(rows):
        y = top + index * row_height
        body.append(svg_text(label_width - 10, y + 22, clip(name, 24), text_anchor="end",
                          fill="#1f2933"))
        for offset, count, fill, line, letter in (
            (4, accountable, ACCOUNTABLE_FILL, ACCOUNTABLE_LINE, "A"),
            (20, responsible, RESPONSIBLE_FILL, RESPONSIBLE_LINE, "R"),
        ):
            length = round(bar_area * count / largest) if count else 0
            body.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{max(length, 1)}" height="14" '
                f'fill="{fill}" stroke="{line}" stroke-width="{1 if length else 0}" rx="2"/>'
            )
            body.append(svg_text(label_width + length + 6, y + offset + 12, f"{letter} {count}",
                              font_size="11", fill=line))
    return svg_picture(width, height, title, desc, body)


def _shade(count, largest):
    """From pale to strong red as the count grows; empty cells stay white."""
    if not count:
        return "#ffffff"
    strength = 0.2 + 0.8 * count / largest
    red, green, blue = (round(255 - (255 - c) * strength) for c in (180, 35, 24))
    return f"#{red:02x}{green:02x}{blue:02x}"


def overlap_heatmap(departments, pairs, *, title, desc):
    """A departments × departments grid: the number of duties each pair is Responsible for
    together, written in the cell and shaded by size. `departments` is [(code, name)],
    `pairs` is {(code, code): count} in either order."""
    counts = {}
    for (first, second), count in pairs.items():
        counts[(first, second)] = counts[(second, first)] = count
    size, label_width, top = 44, 180, 130
    n = max(len(departments), 1)
    width, height = label_width + n * size + 100, top + n * size + 10
    largest = max(list(counts.values()) + [1])
    body = []
    for column, (_, name) in enumerate(departments):
        x = label_width + column * size + size / 2
        body.append(svg_text(x, top - 8, clip(name, 16), transform=f"rotate(-45 {x} {top - 8})",
                          fill="#1f2933"))
    for row, (row_code, row_name) in enumerate(departments):
        y = top + row * size
        body.append(svg_text(label_width - 8, y + size / 2 + 4, clip(row_name, 22),
                             text_anchor="end", fill="#1f2933"))
        for column, (column_code, _) in enumerate(departments):
            x = label_width + column * size
            if row_code == column_code:
                body.append(f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="#f0f4f8" '
                            f'stroke="#d9e2ec"/>')
                continue
            count = counts.get((row_code, column_code), 0)
            body.append(f'<rect x="{x}" y="{y}" width="{size}" height="{size}" '
                        f'fill="{_shade(count, largest)}" stroke="#d9e2ec"/>')
            ink = "#ffffff" if count and count / largest > 0.5 else "#52606d"
            body.append(svg_text(x + size / 2, y + size / 2 + 5, str(count) if count else "·",
                              text_anchor="middle", font_weight="700" if count else "400",
                              fill=ink))
    return svg_picture(width, height, title, desc, body)


def trend_chart(points, *, title, desc):
    """Vertical bars, one per day (date, count), oldest first: the open findings at the end of
    each day. The first, highest and last counts are written above their bars."""
    bar, gap, left, top, plot = 14, 4, 10, 24, 140
    width = left * 2 + max(len(points), 1) * (bar + gap)
    height = top + plot + 24
    largest = max([count for _day, count in points] + [1])
    labelled = {0, len(points) - 1}
    if points:
        labelled.add(max(range(len(points)), key=lambda index: points[index][1]))
    body = [f'<line x1="{left}" y1="{top + plot}" x2="{width - left}" y2="{top + plot}" '
            f'stroke="#9aa5b1"/>']
    for index, (day, count) in enumerate(points):
        x = left + index * (bar + gap)
        length = round(plot * count / largest)
        body.append(f'<rect x="{x}" y="{top + plot - length}" width="{bar}" height="{length}" '
                    f'fill="{RESPONSIBLE_FILL}" stroke="{RESPONSIBLE_LINE}" '
                    f'stroke-width="{1 if length else 0}"><title>{day.isoformat()}: {count}'
                    f'</title></rect>')
        if index in labelled:
            body.append(svg_text(x + bar / 2, top + plot - length - 6, str(count),
                              text_anchor="middle", font_size="11", fill="#1f2933"))
    if points:
        body.append(svg_text(left, height - 6, points[0][0].isoformat(), font_size="11",
                          fill="#52606d"))
        body.append(svg_text(width - left, height - 6, points[-1][0].isoformat(), font_size="11",
                          text_anchor="end", fill="#52606d"))
    return svg_picture(width, height, title, desc, body)
