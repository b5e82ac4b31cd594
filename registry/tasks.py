"""The task queue: Celery, with Redis as its broker when REDIS_URL is set (`make worker` runs
a worker with the beat schedule; docs/operations.md). Without REDIS_URL every task runs in the
process that sends it, when it is sent, so `make run` needs nothing else.

Each app's tasks live in its `tasks.py`, found by `autodiscover_tasks`.
"""

from celery import Celery

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
