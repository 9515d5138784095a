"""The curriculum: every assignment and its exercises, in teaching order."""

import importlib
from types import ModuleType

ASSIGNMENTS = {
    "a1_backprop": ["manual_backprop", "autograd_step", "dynamic_graph"],
    "a2_modules": ["two_layer_net", "lenet", "rmse_loss", "mlp", "my_relu"],
    "a3_training": ["sgd", "param_groups", "init_weights", "schedule", "checkpoint"],
}

EXERCISES = [f"{a}/{m}" for a, modules in ASSIGNMENTS.items() for m in modules]


def grader(exercise: str) -> ModuleType:
    """The grader module of 'a1_backprop/manual_backprop'."""
    return importlib.import_module("graders." + exercise.replace("/", "."))
