"""Reads an .xls or .ods workbook with python-calamine in a process of its own.

calamine allocates the whole range a sheet claims at once, and aborts the process when that
fails (a sheet claiming a cell a million rows down asks for hundreds of gigabytes): so it runs
here, under a memory limit, and the app's process only sees a refusal
(`spreadsheets.reading`). The workbook comes on standard input; the sheets go to standard output
as JSON, `[[name, [[cell, …], …]], …]`, each row cut at `--columns` + 1 cells and each sheet at
`--rows` + 1 rows (the reader then refuses what is past its limits); past `--cells` cells in
all it stops with status 3.
"""

import argparse
import io
import json
import resource
import sys

TOO_MANY_CELLS = 3  # the exit status past --cells (spreadsheets.reading knows it)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--columns", type=int, required=True)
    parser.add_argument("--cells", type=int, required=True)
    parser.add_argument("--memory", type=int, required=True, help="bytes of address space")
    options = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_AS, (options.memory, options.memory))
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
    sheets, cells = [], 0
    for name in book.sheet_names:
        rows = []
        for number, row in enumerate(book.get_sheet_by_name(name).iter_rows()):
            if number > options.rows + 1:
                break
            rows.append([_text(value) for value in list(row)[:options.columns + 1]])
            cells += len(rows[-1])
            if cells > options.cells:
                sys.exit(TOO_MANY_CELLS)
        sheets.append([name, rows])
    json.dump(sheets, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
