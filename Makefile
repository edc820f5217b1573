# endpointgen: run `make` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

GO      ?= go
BIN     := bin/endpointgen
EXAMPLE ?= payments-private-endpoint
OUT     ?= out/$(EXAMPLE)

FUZZTIME ?= 30s

.PHONY: help build run test fuzz golden lint fmt verify clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

build: ## build bin/endpointgen
	$(GO) build -o $(BIN) ./cmd/endpointgen

run: build ## generate examples/$(EXAMPLE) into $(OUT) (EXAMPLE=… OUT=… to change)
	./$(BIN) generate -f examples/$(EXAMPLE)/manifest.yaml -o $(OUT)
	@echo "Generated the Terraform of examples/$(EXAMPLE)/manifest.yaml into $(OUT)/"

test: lint ## lint, then run every test (goldens, schema check, CLI)
	$(GO) test -count=1 ./...

fuzz: ## fuzz the manifest decoder and generator, then migrate --dir, for FUZZTIME each (default 30s)
	$(GO) test ./generator -run '^$$' -fuzz '^FuzzGenerate$$' -fuzztime $(FUZZTIME)
	$(GO) test ./generator/migrate -run '^$$' -fuzz '^FuzzRun$$' -fuzztime $(FUZZTIME)

verify: ## check every example module with terraform fmt/validate, tflint and trivy (installs them once)
	./.ci/verify

golden: ## rewrite examples/*/terraform from the manifests; read the diff before committing
	$(GO) test ./generator -run 'TestExamples$$|TestSchemaFile' -update
	git diff --stat -- examples

lint: ## go vet and gofmt
	$(GO) vet ./...
	@out=$$(gofmt -l cmd generator templates); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

fmt: ## gofmt the Go code
	gofmt -w cmd generator templates

clean: ## remove build and run output
	rm -rf bin out
