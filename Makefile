# endpointgen: run `make` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

GO      ?= go
BIN     := bin/endpointgen
EXAMPLE ?= payments-private-endpoint
OUT     ?= out/$(EXAMPLE)

# A count of executions, not a duration: with a duration, Go before 1.27 can
# fail a clean run with "context deadline exceeded" at the deadline, a race
# in its fuzzing coordinator (https://github.com/golang/go/issues/75804).
FUZZTIME ?= 5000x

# staticcheck is installed once, at a pinned version, into the tool cache
# make verify uses (ENDPOINTGEN_CACHE, or ~/.cache/endpointgen).
STATICCHECK_VERSION := v0.8.2
TOOL_CACHE  ?= $(or $(ENDPOINTGEN_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/endpointgen)
STATICCHECK := $(TOOL_CACHE)/staticcheck-$(STATICCHECK_VERSION)/staticcheck

# The packages whose tests compare with goldens (they import internal/golden).
GOLDEN_PKGS := ./generator ./generator/manifest ./generator/migrate ./generator/scaffold

.PHONY: help build run test fuzz golden lint fmt verify posture clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

# CGO_ENABLED=0: endpointgen uses no C, and a binary linked against libc
# (the default, since net is imported) spends about 1.4 ms of every run in
# the dynamic loader, a tenth of a one-workload generate.
build: ## build bin/endpointgen (statically linked)
	CGO_ENABLED=0 $(GO) build -o $(BIN) ./cmd/endpointgen

run: build ## generate examples/$(EXAMPLE) into $(OUT) (EXAMPLE=… OUT=… to change; a landing zone's workloads/ folder into one stack per manifest)
	@src=examples/$(EXAMPLE)/manifest.yaml; \
	if [ -d examples/$(EXAMPLE)/workloads ]; then src=examples/$(EXAMPLE)/workloads; fi; \
	./$(BIN) generate "$$src" -o $(OUT) && echo "Generated the Terraform of $$src into $(OUT)/"

test: lint ## lint, then run every test (goldens, schema check, CLI)
	$(GO) test -count=1 ./...

fuzz: ## fuzz the manifest decoder and generator, migrate --dir, the replacement checks, the string-literal fast path, the formatter and the module index's reader, for FUZZTIME each (default 5000x executions)
	$(GO) test ./generator -run '^$$' -fuzz '^FuzzGenerate$$' -fuzztime $(FUZZTIME)
	$(GO) test ./generator/migrate -run '^$$' -fuzz '^FuzzRun$$' -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/azurerm -run '^$$' -fuzz '^FuzzCompare$$' -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/hclgen -run '^$$' -fuzz '^FuzzLiteral$$' -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/hclgen -run '^$$' -fuzz '^FuzzFormat$$' -fuzztime $(FUZZTIME)
	$(GO) test ./cmd/endpointgen -run '^$$' -fuzz '^FuzzIndex$$' -fuzztime $(FUZZTIME)
	$(GO) test ./cmd/endpointgen -run '^$$' -fuzz '^FuzzIndexEntries$$' -fuzztime $(FUZZTIME)

verify: ## check every example module with terraform fmt/validate, tflint, trivy and terraform test, and init's workflow with actionlint (installs them once; azurerm from the registry, else built)
	./.ci/verify

posture: ## run every example's posture test (terraform test; the provider from the registry, else the one make verify builds)
	./.ci/posture

bench: ## time generate, --check and validate on 1,000 workloads beside cp -r of their output, medians of 3 rounds (BENCH_WORKLOADS=N, BENCH_ROUNDS=N, BENCH_DIR=place), one workload, and terramate generate if installed (TERRAMATE=path), then the Go benchmarks; about 40 s, a minute with terramate
	GO=$(GO) ./.ci/bench
	$(GO) test ./generator ./cmd/endpointgen -run '^$$' -bench . -benchmem

golden: ## rewrite every golden (examples, migration fixtures, the schema); read the diff before committing
	$(GO) test $(GOLDEN_PKGS) -count=1 -update
	git status --short -- examples generator

lint: $(STATICCHECK) ## go vet, gofmt, go mod tidy and staticcheck
	$(GO) vet ./...
	@out=$$(gofmt -l cmd generator templates); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }
	$(STATICCHECK) ./...

$(STATICCHECK):
	GOBIN=$(dir $@) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

fmt: ## gofmt the Go code
	gofmt -w cmd generator templates

clean: ## remove build and run output
	rm -rf bin out
