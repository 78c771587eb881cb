# Gongjian: `make run` sets up and serves the demo; `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := static_vendor

.PHONY: run setup venv assets messages db demo test test-fast lint format bench clean

run: setup
	@echo
	@echo "  共建 Gongjian: http://127.0.0.1:8000"
	@$(BIN)/gongjian demo_logins
	@echo
	$(BIN)/gongjian runserver 127.0.0.1:8000

setup: venv assets db demo

$(BIN)/activate:
	$(PY) -m venv $(VENV)

venv: $(BIN)/activate
	@$(BIN)/python -c "import gongjian, django, playwright" 2>/dev/null && [ $(BIN)/gongjian -nt pyproject.toml ] \
	  || ( $(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -e '.[dev]' && touch $(BIN)/gongjian )

# Front-end packages from the npm registry (package-lock.json), copied for WhiteNoise;
# and the compiled Simplified Chinese catalogue.
assets: node_modules/.package-lock.json
	@cd gongjian && ../$(BIN)/gongjian compilemessages -l zh_Hans -v 0
	@mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/echarts $(VENDOR)/swagger-ui
	@cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	@cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	@cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	@cp node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	    node_modules/swagger-ui-dist/swagger-ui-standalone-preset.js $(VENDOR)/swagger-ui/

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts
	@touch $@

# Regenerate the catalogues (one per app, gongjian/<app>/locale, plus gongjian/locale for the
# project's own strings) after changing strings, then translate what is new and compile.
messages: venv
	$(BIN)/gongjian messages
	cd gongjian && ../$(BIN)/gongjian compilemessages -l zh_Hans -v 0

db: venv
	@mkdir -p var
	$(BIN)/gongjian migrate --noinput -v 0

demo: db
	$(BIN)/gongjian demo

test: venv assets
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=gongjian.settings.test $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

bench: venv assets
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
