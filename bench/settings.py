"""The production settings plus the benchmark's bare view (bench/urls.py).

Used only when bench/load.py starts gunicorn (DJANGO_SETTINGS_MODULE=bench.settings); the
application's own URLs never have the bare view."""

from idesluss.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
