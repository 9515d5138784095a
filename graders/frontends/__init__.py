"""Front ends: what students, instructors and CI run: the `torchkata` command (cli), the pytest
plugin, `torchkata watch` and the checks inside a notebook.

Rules of this room: a front end only parses options and renders results; every check runs
through graders.grading, so it adds no verdict of its own. Nothing imports a front end.
"""
