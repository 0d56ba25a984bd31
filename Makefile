# metalfleet.datacenter: two commands do everything on a fresh machine
#   make demo   the lifecycle on the embedded SQLite store and local simulators
#   make test   every test: pytest (unit, conformance, integration), ansible-test sanity, ansible-lint, molecule
SHELL := /bin/bash
PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
BUILD := $(CURDIR)/.build
COLLECTIONS := $(BUILD)/collections
LINK := $(COLLECTIONS)/ansible_collections/metalfleet/datacenter
SANITY_ROOT := $(BUILD)/sanity/ansible_collections/metalfleet/datacenter
DEMO_DIR := $(CURDIR)/demo-output
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export PATH := $(BIN):$(PATH)

.PHONY: demo test bench setup system-deps venv link pytest unit conformance integration sanity lint molecule clean

# the lab step's processes and namespace are stopped whatever happened: before a new demo (a demo that was killed) and
# after this one, also when the playbook failed (labctl stop does nothing when no lab runs)
DEMO_LAB_STOP = $(BIN)/python tests/lab/labctl.py stop --state-dir $(DEMO_DIR)/lab >/dev/null

demo: setup
	$(DEMO_LAB_STOP)
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > $(DEMO_DIR)/secret.key
	chmod 600 $(DEMO_DIR)/secret.key
	METALFLEET_STORE=sqlite://$(DEMO_DIR)/fleet.db METALFLEET_SECRET_KEY_FILE=$(DEMO_DIR)/secret.key \
		$(BIN)/ansible-playbook -i playbooks/inventory/localhost.yml playbooks/demo.yml -e demo_output=$(DEMO_DIR); \
		status=$$?; $(DEMO_LAB_STOP); exit $$status

test: setup pytest sanity lint molecule
	@echo "make test: all suites passed"

bench: setup
	$(BIN)/python benchmarks/run_all.py

setup: system-deps venv link

system-deps:
	@scripts/install-system-deps

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

link:
	@mkdir -p $(dir $(LINK))
	@test -L $(LINK) || ln -s $(CURDIR) $(LINK)

# two workers for everything that tolerates sharing the two cores, then alone what asserts time bounds (BMC
# timeouts) or starts many processes itself (the concurrency tests)
pytest: setup
	$(BIN)/python -m pytest -p no:cacheprovider -n 2 --dist worksteal -m "not serial" --durations=25 tests
	$(BIN)/python -m pytest -p no:cacheprovider -m serial --durations=25 tests

unit: setup
	$(BIN)/python -m pytest tests/unit

conformance: setup
	$(BIN)/python -m pytest tests/conformance

integration: setup
	$(BIN)/python -m pytest tests/integration

sanity: setup
	scripts/run-sanity $(SANITY_ROOT)

lint: setup
	$(BIN)/ansible-lint --profile production

molecule: setup
	scripts/run-molecule

clean:
	rm -rf $(BUILD) $(DEMO_DIR) .pytest_cache
