# Loads the kit's pytest plugin (options --impl, --grading, --device, and the score table)
# for every pytest run inside this repository.
pytest_plugins = ["graders.frontends.pytest_plugin"]
