"""Checks for my_relu.py. Run them:  pytest exercises/a2_modules/test_my_relu.py"""

from graders.checks.a2_modules import my_relu
from graders.frontends.pytest_plugin import checks_as_tests

test_my_relu = checks_as_tests(my_relu)
