from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    """Reading and writing the matrix as xlsx and CSV: import plan, apply, export."""

    name = "spreadsheets"
    verbose_name = "Spreadsheets"

    def ready(self):
        from responsibilities.exports import MatrixExport, export_register
        from spreadsheets.panels import register_panels
        from spreadsheets.writing import matrix_csv_chunks, matrix_xlsx

        register_panels()
        export_register(
            "csv", MatrixExport(matrix_csv_chunks, "text/csv; charset=utf-8", "csv"))
        export_register("xlsx", MatrixExport(
            matrix_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ))
