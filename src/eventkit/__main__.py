"""`python -m eventkit`: the `eventkit` command, for environments whose scripts folder is not
on PATH (a service's venv called by path, `pipx run`, tox, Windows)."""

from eventkit.cli import main

if __name__ == "__main__":
    main()
