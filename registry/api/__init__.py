"""Shared pieces of the REST API v1: routing, pagination, permissions, error handling."""
