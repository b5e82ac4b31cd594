"""Pagination of every API list: `?limit=&offset=` with count, next, previous, results."""

from rest_framework.pagination import LimitOffsetPagination


class RegistryPagination(LimitOffsetPagination):
    """LimitOffsetPagination with PAGE_SIZE as the default and a ceiling on `limit`."""

    max_limit = 1000
