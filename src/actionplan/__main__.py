"""``python -m actionplan`` runs the command line."""

from actionplan.cli.main import main

if __name__ == "__main__":
    main()
