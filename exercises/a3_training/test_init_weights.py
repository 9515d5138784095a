"""Checks for init_weights.py. Run them:  pytest exercises/a3_training/test_init_weights.py"""

from graders.checks.a3_training import init_weights
from graders.frontends.pytest_plugin import checks_as_tests

test_init_weights = checks_as_tests(init_weights)
