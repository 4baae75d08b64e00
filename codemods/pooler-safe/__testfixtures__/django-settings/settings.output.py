"""Django settings: a primary with server-side binding and prepared statements, a replica without."""
import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("DB_NAME", "app"),
        "HOST": os.environ.get("DB_HOST", "pgbouncer"),
        "PORT": 6432,
        "OPTIONS": {
            "server_side_binding": True,
            "prepare_threshold": None,  # prepare hot queries
        },
    },
    "replica": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        # client-side binding (Django's default): psycopg never prepares
        "OPTIONS": {"prepare_threshold": 3},
    },
    "legacy": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "db.sqlite3",
        "OPTIONS": {"server_side_binding": True, "prepare_threshold": 5},
    },
}
