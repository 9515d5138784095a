"""Checks for sgd.py. Run them:  pytest exercises/a3_training/test_sgd.py"""

from graders.checks.a3_training import sgd
from graders.frontends.pytest_plugin import checks_as_tests

test_sgd = checks_as_tests(sgd)
