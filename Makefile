# multipay build. `make check` is exactly what CI runs (.ci/run, .github/workflows/ci.yml).
GO        ?= go
PKGS      := ./...
GEN_PATHS := gen go.mod go.sum
GOLANGCI  ?= golangci-lint

.PHONY: all git-tree generate check-generated lint-specs tidy-check vet fmt-check lint test bench cover check run fuzz

all: check

git-tree: # check-generated and fmt-check compare against git: without a checkout they would pass vacuously
	@git rev-parse --is-inside-work-tree >/dev/null 2>&1 || { echo "make: this target needs a git checkout (it compares against git)"; exit 1; }

generate: ## regenerate gen/<provider>/client.gen.go from specs/*.yaml
	rm -f gen/*/client.gen.go
	$(GO) generate ./...

check-generated: git-tree generate ## committed gen/ must equal a fresh generation (hand edits and new files fail)
	@if [ -n "$$(git status --porcelain -- $(GEN_PATHS))" ]; then \
		echo "generated code is out of date or edited by hand; run 'make generate' and commit:"; \
		git status --porcelain -- $(GEN_PATHS); git --no-pager diff --stat -- $(GEN_PATHS); exit 1; fi

lint-specs: ## strict kin-openapi validation of every spec plus the house rules
	$(GO) test -count=1 -run 'TestSpecsValid|TestProvidersHaveSpecs|TestDocsExamples' ./specs/

tidy-check: ## go.mod and go.sum are tidy
	$(GO) mod tidy -diff

vet:
	$(GO) vet $(PKGS)

fmt-check: git-tree ## gofmt-clean outside gen/
	@out="$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'))"; \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

lint: ## golangci-lint (gen/ excluded by .golangci.yml); not part of check: CI installs it
	$(GOLANGCI) run ./...

test: ## all tests, race detector on
	$(GO) test -race -count=1 $(PKGS)

# Fuzz targets as package:function. `make test` runs their seed corpora
# (the specs' examples and every input a fuzzer once failed on, kept under
# testdata/fuzz); `make fuzz` searches for new failures. Minimising a new
# input of the larger spec examples can take the default 60 s, during which
# no executions count: FUZZFLAGS=-fuzzminimizetime=5s keeps short runs busy.
FUZZ_TARGETS := \
	./pkg/flex:FuzzFlex \
	./pkg/internal/phone:FuzzPhone \
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

bench: ## benchmarks with allocations, against a raw net/http baseline
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

cover: ## statement coverage of our code (gen/ excluded), counted across packages: the adapters' tests exercise the internal plumbing
	$(GO) test -count=1 -coverpkg=./pkg/...,./cmd/...,./specs/... -coverprofile=coverage.out $(PKGS)
	$(GO) tool cover -func=coverage.out | tail -n 1

check: lint-specs tidy-check check-generated fmt-check vet test ## everything CI runs

run: ## the CLI against the built-in fake providers (no credentials needed)
	$(GO) run ./cmd/multipay demo
