"""REST API v1 resources of the departments app: departments, roles, people, memberships."""
