"""The Textual app. The only package (with cli.py) that imports textual."""
