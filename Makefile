# Everything starts from a fresh machine with Python 3.11+ and make: the first target that
# needs the environment creates it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup report test lab data benchmark clean

# The project is installed editable (setuptools' default mode): the kernels papermill starts
# import the package from this folder. setuptools boxes a notice about editable installs into
# the output; it asks nothing of a newcomer, so Python's warnings are off for that command.
# The environment's own kernel (plain papermill, JupyterLab) logs only what a user can act on:
# not ipykernel's notice that localhost TCP is unencrypted on every start, nor the
# KeyboardInterrupt that jupyter_client sends to every kernel it shuts down. Errors in a
# notebook's cells still reach the notebook. (dept-report passes the same to its kernels.)
$(STAMP): pyproject.toml Makefile
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e ".[test]"
	mkdir -p $(VENV)/etc/ipython
	printf '%s\n' 'c.IPKernelApp.log_level = "CRITICAL"' > $(VENV)/etc/ipython/ipython_kernel_config.py
	touch $(STAMP)

setup: $(STAMP)

## make report: check the sample data, then build the report for the latest month in data/
report: setup
	$(BIN)/dept-report check data
	$(BIN)/dept-report run latest

## make test: the whole test suite, then the tests whose work depends on the number of cores
## again on one core (taskset, or DEPT_REPORT_CPUS=1 where taskset is missing)
ONE_CORE := $(if $(shell command -v taskset 2>/dev/null),taskset -c 0,env DEPT_REPORT_CPUS=1)
test: setup
	$(BIN)/python -m pytest
	$(ONE_CORE) $(BIN)/python -m pytest -m cores -q

## make lab: JupyterLab on notebooks/ with this environment as the kernel
# (root is refused by Jupyter unless told otherwise; containers and CI machines run as root)
lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

## make data: rewrite the sample workbooks (fixed seed, same files every time)
data: setup
	$(BIN)/python scripts/generate_sample_data.py

## make benchmark: measure speed against baselines in the same run
benchmark: setup
	$(BIN)/python benchmarks/run_benchmarks.py

clean:
	rm -rf $(VENV) outputs/20* .pytest_cache
