"""The Celery application: settings come from Django's, under the CELERY_ prefix."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("oversee")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def make_filesystem_broker_folders(sender, **kwargs) -> None:
    """The filesystem broker (the development default) needs its folders to exist."""
    if not str(sender.conf.broker_url).startswith("filesystem"):
        return
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


@setup_logging.connect
def log_as_the_web_does(**kwargs) -> None:
    """The worker and beat log through the service's own LOGGING (core.logs: JSON lines with the
    task id), not Celery's formats: every line, the pool's included, reads the same."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
