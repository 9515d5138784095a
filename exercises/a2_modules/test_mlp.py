"""Checks for mlp.py. Run them:  pytest exercises/a2_modules/test_mlp.py"""

from graders.a2_modules import mlp
from graders.pytest_plugin import checks_as_tests

test_mlp = checks_as_tests(mlp)
