# The clinic blog. `make html` and `make test` are all a new machine needs:
# both create .venv from the pinned requirements on first use.

PYTHON    ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
READY     := $(VENV)/.ready
# The live site (make publish, and what the uploads send) and the preview
# (make html, serve, devserver) are two folders: a preview never rewrites
# what a web server serves.
OUTPUTDIR ?= output
PREVIEWDIR ?= preview
PORT      ?= 8000
# 0.0.0.0 lets a phone on the same network open the preview (see docs/WRITING.md).
HOST      ?= 127.0.0.1

.PHONY: help html test serve devserver publish clean requirements

help:
	@echo "make html       build the site into $(PREVIEWDIR)/ for local preview"
	@echo "make test       run the whole test suite"
	@echo "make serve      serve the preview, $(PREVIEWDIR)/, at http://localhost:$(PORT)"
	@echo "make devserver  preview at http://localhost:$(PORT): rebuilds on save, reloads the open tab"
	@echo "                (HOST=0.0.0.0: also open it from a phone on the same network)"
	@echo "make publish    production build (publishconf.py) into $(OUTPUTDIR)/, checked, swapped in atomically"
	@echo "make scheduled-publish UPLOAD=github  the daily publish: publish, then upload (README.md)"
	@echo "make rsync_upload  publish, then rsync to SSH_HOST:SSH_TARGET_DIR (rsync_upload_dry: dry run)"
	@echo "make github     publish, then ghp-import to $(GITHUB_PAGES_BRANCH) and push (github_dry: commit only)"
	@echo "make s3_upload  publish, then sync to S3_BUCKET with aws or rclone (s3_upload_dry: dry run)"
	@echo "make clean      remove $(PREVIEWDIR)/, $(OUTPUTDIR)/ and the build caches"
	@echo "make new KIND=myth TITLE=\"...\"  start an article (KIND: myth, news, story, question)"
	@echo "make check      check every article without publishing; report in $(REPORT)"
	@echo "make drafts     list the drafts and the articles scheduled for a later day"
	@echo "make bench      build speed beside plain Pelican (N=$(N) articles, RUNS=$(RUNS)) into bench/RESULTS.md"
	@echo "make bench-growth   time per article at N=250 and N=2000 (long) into bench/RESULTS.md"
	@echo "make bench-profile  where the time goes: pyinstrument profiles of a cold and a warm build"
	@echo "make bench-ablation what each plugin costs: builds with one plugin left out at a time"
	@echo "make bench-cards    milliseconds per share card, cold and warm (CARDS=$(CARDS) cards)"
	@echo "make bench-card-text a card's title set by Pango: ms per title by script, correctness"
	@echo "make bench-images   what a phone downloads for a story with four 12 MP photos, seconds per image"
	@echo "make bench-devserver  save to reloaded page in make devserver (N=$(N), $(DEVSERVER_RUNS) edits)"

# The stamp depends on requirements.txt, so a changed pin reinstalls.
$(READY): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

html: $(READY)
	$(BIN)/pelican content -o $(PREVIEWDIR) -s pelicanconf.py

test: $(READY)
	$(BIN)/python -m pytest tests

serve: $(READY)
	$(BIN)/pelican --listen --port $(PORT) --bind 127.0.0.1 -o $(PREVIEWDIR) -s pelicanconf.py

devserver: $(READY)
	$(BIN)/python scripts/devserver.py --content "$(CONTENT)" --output "$(PREVIEWDIR)" --port $(PORT) --host "$(HOST)"

publish: $(READY)
	$(PUBLISH)

clean:
	rm -rf $(PREVIEWDIR) $(OUTPUTDIR) .cache

# Re-pin after editing requirements.in: resolves in a throw-away venv.
requirements:
	rm -rf /tmp/clinic-pin && $(PYTHON) -m venv /tmp/clinic-pin
	/tmp/clinic-pin/bin/pip install --quiet -r requirements.in
	/tmp/clinic-pin/bin/pip freeze --exclude pip > requirements.txt

# Build speed: see bench/README.md. Each target updates its own section of
# bench/RESULTS.md.
N          ?= 1000
RUNS       ?= 3
CARD_RUNS  ?= $(RUNS)
GROWTH_RUNS ?= 3
PROFILEDIR ?= /tmp/clinic-bench-profile

.PHONY: bench bench-growth bench-profile bench-ablation

bench: $(READY)
	$(BIN)/python bench/run.py -n $(N) --runs $(RUNS) --card-runs $(CARD_RUNS)

bench-growth: $(READY)
	$(BIN)/python bench/run.py --growth 250,2000 --runs $(GROWTH_RUNS)

bench-profile: $(READY)
	$(BIN)/python bench/run.py -n $(N) --profile $(PROFILEDIR)

bench-ablation: $(READY)
	$(BIN)/python bench/run.py -n $(N) --ablation --runs 1

# Share cards alone (bench/cards.py): prints a table, writes no file.
CARDS ?= 200

.PHONY: bench-cards

bench-cards: $(READY)
	$(BIN)/python bench/cards.py -n $(CARDS)

# A card's title block as the plugin sets it with Pango (bench/card_text.py):
# ms per title by script and a correctness table into bench/RESULTS.md; the
# drawn title blocks into CARD_TEXT_PNG.
CARD_TEXT_RUNS ?= 5
CARD_TEXT_PNG  ?= /tmp/clinic-card-text

.PHONY: bench-card-text

bench-card-text: $(READY)
	$(BIN)/python bench/card_text.py --runs $(CARD_TEXT_RUNS) --png $(CARD_TEXT_PNG)

# Images (bench/images.py): bytes a 375 px phone downloads, build time per image.
IMAGE_RUNS ?= 3

.PHONY: bench-images

bench-images: $(READY)
	$(BIN)/python bench/images.py --runs $(IMAGE_RUNS)

# The devserver (bench/devserver.py): from a title's save to the served page holding it.
DEVSERVER_RUNS ?= 5

.PHONY: bench-devserver

bench-devserver: $(READY)
	$(BIN)/python bench/devserver.py -n $(N) --runs $(DEVSERVER_RUNS)

# Writing: see docs/WRITING.md. CONTENT points the commands at another
# content folder (the tests use a temporary one).
CONTENT ?= content
REPORT  ?= reports/check.html

.PHONY: new check drafts

# $(value TITLE) keeps the title exactly as typed, "$" included; it reaches
# the script through the environment, so quotes in it need no escaping.
new: export NEW_TITLE := $(value TITLE)
new: export NEW_FACT := $(value FACT)
new: $(READY)
	@$(BIN)/python scripts/new_article.py --content "$(CONTENT)" --kind "$(KIND)" --title "$$NEW_TITLE" --fact "$$NEW_FACT"

check: $(READY)
	@$(BIN)/python scripts/check.py --content "$(CONTENT)" --report "$(REPORT)"

drafts: $(READY)
	@$(BIN)/python scripts/check.py --content "$(CONTENT)" --drafts

# Deploy: see "Deploy" in README.md. Every upload publishes first, so what
# goes out is a fresh, checked production build (publishconf.py). DRY_RUN=1,
# or the *_dry target, shows what would change and changes nothing remote.
SSH_HOST       ?=
SSH_PORT       ?= 22
SSH_USER       ?=
SSH_TARGET_DIR ?=
SSH            ?= ssh
GITHUB_REPO         ?= .
GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_REMOTE       ?= origin
GITHUB_CNAME        ?=
S3_BUCKET      ?=
S3_PREFIX      ?=
S3_ENDPOINT    ?=
S3_REGION      ?=
S3_TOOL        ?=
RCLONE_REMOTE  ?=
DRY_RUN        ?=
DEPLOY = $(BIN)/python scripts/deploy.py --output "$(OUTPUTDIR)" $(if $(filter-out 0 no false,$(DRY_RUN)),--dry-run)

.PHONY: rsync_upload rsync_upload_dry github github_dry s3_upload s3_upload_dry

rsync_upload: publish
	$(DEPLOY) rsync --host "$(SSH_HOST)" --port "$(SSH_PORT)" --user "$(SSH_USER)" \
	  --target-dir "$(SSH_TARGET_DIR)" --ssh "$(SSH)"

github: publish
	$(DEPLOY) github --repo "$(GITHUB_REPO)" --branch "$(GITHUB_PAGES_BRANCH)" \
	  --remote "$(GITHUB_REMOTE)" --cname "$(GITHUB_CNAME)"

s3_upload: publish
	$(DEPLOY) s3 --bucket "$(S3_BUCKET)" --prefix "$(S3_PREFIX)" --endpoint "$(S3_ENDPOINT)" \
	  --region "$(S3_REGION)" --tool "$(S3_TOOL)" --rclone-remote "$(RCLONE_REMOTE)"

# A target-specific variable reaches the prerequisite's recipe too.
rsync_upload_dry github_dry s3_upload_dry: DRY_RUN = 1
rsync_upload_dry: rsync_upload
github_dry: github
s3_upload_dry: s3_upload

# The daily publish (deploy/, .github/workflows/scheduled-publish.yml; see
# "Scheduled publish" in README.md): publish, then UPLOAD (rsync_upload,
# github or s3_upload; empty when a web server serves $(OUTPUTDIR)/ here).
# The upload runs also when the publish put a new site in place with errors
# left (status 3): that site takes a story down, and the server must get it.
# The status is the publish's, so the scheduler shows the errors as a failure.
# It runs the script itself, not `make publish`: make would turn 3 into 2.
UPLOAD  ?=
PUBLISH  = $(BIN)/python scripts/publish.py --output $(OUTPUTDIR)

.PHONY: scheduled-publish

scheduled-publish: $(READY)
	@status=0; $(PUBLISH) || status=$$?; \
	if [ -n "$(UPLOAD)" ] && { [ $$status -eq 0 ] || [ $$status -eq 3 ]; }; then \
	  $(MAKE) --no-print-directory -o publish $(UPLOAD) || exit $$?; \
	fi; exit $$status
