# The task queue is set up with the project, so `@shared_task`s bind to it (registry.tasks).
from registry.tasks import app as celery_app

__all__ = ["celery_app"]
