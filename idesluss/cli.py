"""The `idesluss` command: Django's management commands with our settings."""

import os
import sys

# Friendlier names for a few commands: `idesluss bench-seed` is `idesluss bench_seed`.
ALIASES = {"bench-seed": "bench_seed"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idesluss.config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in ALIASES:
        sys.argv[1] = ALIASES[sys.argv[1]]
        if "DATABASE_URL" not in os.environ:
            # The bench data goes to a database of its own per scale, never the default one.
            scale = "region" if "region" in sys.argv else "municipality"
            os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/idesluss_{scale}"
        os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
