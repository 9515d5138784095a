"""Checks for param_groups.py. Run them:  pytest exercises/a3_training/test_param_groups.py"""

from graders.checks.a3_training import param_groups
from graders.frontends.pytest_plugin import checks_as_tests

test_param_groups = checks_as_tests(param_groups)
