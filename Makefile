# gust — Locust, rebuilt in Go.
#   make demo   build gust, start the demo shop, run the seed WebUser headless, print the report
#   make test   vet, gofmt check, the web UI unit tests and the whole test suite with the race detector
#   make build  build the web UI bundle and bin/gust
#   make bench  measure gust against wrk and Locust on this machine (see docs/performance.md)

GO        ?= go
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X github.com/gust-load/gust/cmd/gust/cli.Version=$(VERSION)
UI_DIR    := web/ui
UI_STAMP  := web/assets/dist/index.html

.PHONY: all build ui ui-test gust test vet fmt-check demo bench clean

all: build

build: ui gust

# The UI bundle is embedded into the binary; it needs Node.js 20.19+ and npm.
ui: $(UI_STAMP)

$(UI_STAMP): $(UI_DIR)/package.json $(UI_DIR)/package-lock.json $(shell find $(UI_DIR)/src $(UI_DIR)/index.html $(UI_DIR)/vite.config.* -type f 2>/dev/null)
	cd $(UI_DIR) && npm ci --no-audit --no-fund && npm run build

gust:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/gust ./cmd/gust

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

test: build vet fmt-check ui-test
	$(GO) test -race -timeout 20m ./...

# The front end's unit tests (vitest, happy-dom).
ui-test: ui
	cd $(UI_DIR) && npm test

demo: build
	scripts/demo.sh

bench: build
	scripts/bench.sh

clean:
	rm -rf bin results
