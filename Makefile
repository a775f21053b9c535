# multipay build. `make check` and `make breaking` are what CI runs (.ci/run, .github/workflows/ci.yml).
GO        ?= go
PKGS      := ./...
GEN_PATHS := gen go.mod go.sum 'pkg/internal/validate/*.gen.go' pkg/internal/phone/meta.gen.go
GOLANGCI  ?= golangci-lint
# The ecosystem's OpenAPI linters, pinned; npx -y fetches them on first use (needs node).
SPECTRAL  ?= npx -y @stoplight/spectral-cli@6.16.3
REDOCLY   ?= npx -y @redocly/cli@2.77.0

.PHONY: all git-tree generate check-generated lint-specs lint-specs-ecosystem breaking-module phonemeta-module breaking tidy-check vet fmt-check lint test test-scripts-race bench cover check run fuzz

all: check

git-tree: # check-generated and fmt-check compare against git: without a checkout they would pass vacuously
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { echo "make: this target needs a git checkout (it compares against git)"; exit 1; }

generate: ## regenerate gen/<provider>/client.gen.go and pkg/internal/validate/<provider>.gen.go from specs/*.yaml
	rm -f gen/*/client.gen.go pkg/internal/validate/*.gen.go
	$(GO) generate ./...

check-generated: git-tree generate ## committed gen/ must equal a fresh generation (hand edits and new files fail)
	@if [ -n "$$(git status --porcelain -- $(GEN_PATHS))" ]; then \
		echo "generated code is out of date or edited by hand; run 'make generate' and commit:"; \
		git status --porcelain -- $(GEN_PATHS); git --no-pager diff --stat -- $(GEN_PATHS); exit 1; fi

lint-specs: ## strict kin-openapi validation of every spec plus the house rules
	$(GO) test -count=1 -run 'TestSpecsValid|TestProvidersHaveSpecs|TestDocsExamples' ./internal/specs/

lint-specs-ecosystem: ## Spectral (spectral:oas, .spectral.yaml) and Redocly (recommended, redocly.yaml): 0 errors and 0 warnings; needs node, so not part of check
	$(SPECTRAL) lint --ruleset .spectral.yaml --fail-severity=warn specs/*.yaml
	@# Redocly exits 0 on warnings; the stylish format puts each problem on a line:col line.
	@out="$$($(REDOCLY) lint --config redocly.yaml --format=stylish --max-problems=1000 specs/*.yaml 2>&1)" || { echo "$$out"; exit 1; }; \
	if echo "$$out" | grep -Eq '^ +[0-9]+:[0-9]+ +(error|warning) '; then echo "$$out"; echo "redocly: problems above"; exit 1; fi; \
	echo "redocly: 0 errors, 0 warnings"

# What `make breaking` compares with: where this branch left the main branch (the
# merge base, so changes landed on main since are not mistaken for ours), else (a
# clone without main) the previous commit.
BREAKING_REF ?= $(firstword $(foreach r,origin/main main HEAD~1,$(if $(shell git rev-parse --verify -q '$(r)^{commit}' 2>/dev/null),$(r))))

breaking-module: ## the gate's own module (specs/breaking pins oasdiff, kept out of the library's go.mod): tidy, vet, tests
	cd specs/breaking && $(GO) mod tidy -diff && $(GO) vet ./... && $(GO) test -count=1 ./...

phonemeta-module: ## the phone metadata generator's own module (requires libphonenumber, kept out of the library's go.mod): tidy, vet, tests against libphonenumber
	cd pkg/internal/phone/phonemeta && $(GO) mod tidy -diff && $(GO) vet ./... && $(GO) test -count=1 ./...

breaking: git-tree breaking-module ## oasdiff: every breaking change to specs/*.yaml since main must be recorded in CHANGELOG.md (convention in specs/breaking)
	@if [ -z "$(BREAKING_REF)" ]; then echo "breaking: no main branch and no parent commit to compare with; skipped"; exit 0; fi; \
	rev=$$(git merge-base HEAD '$(BREAKING_REF)' 2>/dev/null) || { echo "breaking: no merge base with $(BREAKING_REF) (a shallow clone?); comparing with its tip"; rev=$$(git rev-parse '$(BREAKING_REF)'); }; \
	base=$$(mktemp -d); trap 'rm -rf "$$base"' EXIT; \
	for f in specs/*.yaml; do git show "$$rev:$$f" > "$$base/$$(basename $$f)" 2>/dev/null || rm -f "$$base/$$(basename $$f)"; done; \
	echo "breaking: specs/*.yaml against $(BREAKING_REF) (merge base $$(git rev-parse --short $$rev))"; \
	cd specs/breaking && $(GO) run ./gate -base "$$base" -changelog "$(CURDIR)/CHANGELOG.md" ../*.yaml

tidy-check: ## go.mod and go.sum are tidy
	$(GO) mod tidy -diff

vet:
	$(GO) vet $(PKGS)

fmt-check: git-tree ## gofmt-clean outside gen/
	@out="$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'))"; \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

lint: ## golangci-lint on both modules (gen/ excluded by .golangci.yml); not part of check: CI installs it
	$(GOLANGCI) run ./...
	cd specs/breaking && $(GOLANGCI) run ./...
	cd pkg/internal/phone/phonemeta && $(GOLANGCI) run ./...

# -race without the race runtime's 1 s sleep at exit; -ldflags=-w: test
# binaries without DWARF link in 2/3 of the CPU (debuggers read DWARF; race
# reports and panics use the symbol table, kept).
TEST_FLAGS := -race -count=1 -ldflags=-w

# The CLI's scripts run the binary once per command (~230 runs); race-built,
# each run costs 4x the CPU, most of cmd/multipay's test time. make test
# gives them a plain build of cmd/multipay (what users run) in a temporary
# directory (other checkouts may run make at the same time); every test
# binary, cmd/multipay's in-process tests included, keeps -race.
# test-scripts-race runs the scripts on the race-built test binary (CI).
test: ## all tests, race detector on; the CLI scripts' runs of the binary are a plain build (test-scripts-race: race-built)
	@bin="$$(mktemp -d)"; trap 'rm -rf "$$bin"' EXIT; \
	echo "$(GO) build -o $$bin/multipay ./cmd/multipay"; $(GO) build -o "$$bin/multipay" ./cmd/multipay && \
	echo "MULTIPAY_SCRIPT_BIN=$$bin/multipay GORACE=atexit_sleep_ms=0 $(GO) test $(TEST_FLAGS) $(PKGS)" && \
	MULTIPAY_SCRIPT_BIN="$$bin/multipay" GORACE=atexit_sleep_ms=0 $(GO) test $(TEST_FLAGS) $(PKGS)

test-scripts-race: ## the CLI scripts with every run of the binary race-built (CI runs it after check)
	GORACE=atexit_sleep_ms=0 $(GO) test $(TEST_FLAGS) -run '^TestScripts$$' ./cmd/multipay

BENCH_COUNT ?= 8
BENCH_TIME  ?= 1000x
bench: ## facade vs hand-written net/http per provider and operation (one table: CPU, B/op, allocs, ratios), then the paging, concurrency and fake figures, then cold start (exec → one Get → exit ÷ a net/http twin, binary size, package init) (docs/performance.md)
	$(GO) test -run '^$$' -bench 'Ops|GeneratedFloor' -benchmem -count $(BENCH_COUNT) -benchtime $(BENCH_TIME) ./pkg/internal/perf/
	$(GO) test -run '^$$' -bench 'Paging|Concurrent|Fake' -benchmem -count 1 -benchtime 1x ./pkg/internal/perf/
	$(GO) test -run '^$$' -bench 'ColdStart' -count 1 -benchtime 20x ./pkg/internal/perf/

# Fuzz targets as package:function. `make test` runs their seed corpora
# (the specs' examples and every input a fuzzer once failed on, kept under
# testdata/fuzz); `make fuzz` searches for new failures. Minimising a new
# input of the larger spec examples can take the default 60 s, during which
# no executions count: FUZZFLAGS=-fuzzminimizetime=5s keeps short runs busy.
FUZZ_TARGETS := \
	./pkg/flex:FuzzFlex \
	./pkg/internal/validate:FuzzFormatsMatchKinOpenAPI ./pkg/internal/validate:FuzzParse \
	./pkg/internal/adapter:FuzzRawMatchesDecoding ./pkg/internal/adapter:FuzzWithoutKeysMatchesDecoding \
	./pkg/internal/adapter:FuzzMetadataMatchesDecoding \
	./pkg/customers/hitpay:FuzzResponse ./pkg/customers/hitpay:FuzzErrorBody \
	./pkg/customers/notchpay:FuzzResponse ./pkg/customers/notchpay:FuzzErrorBody \
	./pkg/customers/soap:FuzzResponse ./pkg/customers/soap:FuzzErrorBody \
	./pkg/customers/useepay:FuzzResponse ./pkg/customers/useepay:FuzzErrorBody
FUZZTIME  ?= 1m
FUZZFLAGS ?=

fuzz: ## run every fuzz target for FUZZTIME each (make fuzz FUZZTIME=1m FUZZFLAGS=-parallel=2); fails if any target failed
	@failed=""; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "== $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $(FUZZFLAGS) $$pkg || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed (inputs saved under testdata/fuzz)"; exit 1; fi

cover: ## statement coverage of our code (gen/ excluded), counted across packages: the adapters' tests exercise the internal plumbing
	$(GO) test -count=1 -coverpkg=./pkg/...,./cmd/...,./internal/... -coverprofile=coverage.out $(PKGS)
	$(GO) tool cover -func=coverage.out | tail -n 1

# No lint-specs: make test runs its tests (./internal/specs) with the rest.
check: tidy-check check-generated phonemeta-module fmt-check vet test ## everything CI runs

run: ## the CLI against the built-in fake providers (no credentials needed)
	$(GO) run ./cmd/multipay demo
