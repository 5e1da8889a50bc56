"""`python -m unkg` is the `unkg` command."""

from unkg.cli import main

if __name__ == "__main__":
    main()
