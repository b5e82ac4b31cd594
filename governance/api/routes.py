"""The proposals' part of the REST API (built next)."""

urlpatterns = []
