"""REST API v1 resources of the findings app: findings/, findings/summary/, matrix/cells/."""
