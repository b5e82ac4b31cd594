"""The matrix as a spreadsheet table: duty, title, process, step, then one column per party."""

import csv
import io

FIXED_COLUMNS = ("duty", "title", "process", "step")


def matrix_table(matrix):
    """The header and the rows of the matrix as plain strings."""
    header = [*FIXED_COLUMNS, *(party.key for party in matrix.parties)]
    rows = [
        [duty.code, duty.title, duty.process or "", "" if duty.step is None else str(duty.step),
         *(matrix.letters(duty.code, party.key) for party in matrix.parties)]
        for duty in matrix.duties
    ]
    return header, rows


def matrix_csv(matrix):
    """The matrix as UTF-8 CSV text (with a BOM, so Excel reads Chinese correctly)."""
    header, rows = matrix_table(matrix)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
