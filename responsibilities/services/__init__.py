"""Every write of the responsibilities app beyond single records (those go through
registry.services):

- `cells`: setting matrix cells, the one way letters are written (pages, API, imports).
"""
