# The clinic blog. `make html` and `make test` are all a new machine needs:
# both create .venv from the pinned requirements on first use.

PYTHON    ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
READY     := $(VENV)/.ready
OUTPUTDIR ?= output
PORT      ?= 8000

.PHONY: help html test serve devserver publish clean requirements

help:
	@echo "make html       build the site into $(OUTPUTDIR)/ for local preview"
	@echo "make test       run the whole test suite"
	@echo "make serve      serve $(OUTPUTDIR)/ at http://localhost:$(PORT)"
	@echo "make devserver  rebuild on every change and serve at http://localhost:$(PORT)"
	@echo "make publish    production build (publishconf.py), checked, swapped in atomically"
	@echo "make clean      remove $(OUTPUTDIR)/ and the build caches"

# The stamp depends on requirements.txt, so a changed pin reinstalls.
$(READY): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

html: $(READY)
	$(BIN)/pelican content -o $(OUTPUTDIR) -s pelicanconf.py

test: $(READY)
	$(BIN)/python -m pytest tests

serve: $(READY)
	$(BIN)/pelican --listen --port $(PORT) --bind 127.0.0.1 -o $(OUTPUTDIR) -s pelicanconf.py

devserver: $(READY)
	$(BIN)/pelican content --autoreload --listen --port $(PORT) --bind 127.0.0.1 -o $(OUTPUTDIR) -s pelicanconf.py

publish: $(READY)
	$(BIN)/python scripts/publish.py --output $(OUTPUTDIR)

clean:
	rm -rf $(OUTPUTDIR) .cache

# Re-pin after editing requirements.in: resolves in a throw-away venv.
requirements:
	rm -rf /tmp/clinic-pin && $(PYTHON) -m venv /tmp/clinic-pin
	/tmp/clinic-pin/bin/pip install --quiet -r requirements.in
	/tmp/clinic-pin/bin/pip freeze --exclude pip > requirements.txt
