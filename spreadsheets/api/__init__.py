"""REST API v1 resource of the spreadsheets app: matrix/import/."""
