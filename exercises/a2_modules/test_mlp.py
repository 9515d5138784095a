"""Checks for mlp.py. Run them:  pytest exercises/a2_modules/test_mlp.py"""

from graders.checks.a2_modules import mlp
from graders.frontends.pytest_plugin import checks_as_tests

test_mlp = checks_as_tests(mlp)
