# The two commands a new user needs: `make demo` and `make test`.
# Both bootstrap what is missing (see scripts/bootstrap.sh).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER := /usr/bin/chromedriver
EMULATOR_BIN := $(CURDIR)/target/release/emulator
export EMULATOR_BIN

.PHONY: help bootstrap pkg emulator-bin emulator demo test test-rust test-wasm test-js \
        test-packaging test-www lint fmt bench size fuzz clean

help:
	@echo "make demo   - build, start the emulator, run the walkthrough, serve www/"
	@echo "make test   - everything: lint, Rust, wasm (Node + Chromium), JS, packaging, www"
	@echo "make pkg | emulator | bench | size | lint | fuzz"

bootstrap:
	@scripts/bootstrap.sh

pkg: bootstrap
	node scripts/build-pkg.mjs

emulator-bin: bootstrap
	cargo build --release -p emulator

emulator: emulator-bin
	$(EMULATOR_BIN) --seed 20 $(ARGS)

demo: pkg emulator-bin
	node scripts/demo.mjs

lint: bootstrap
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p pangea-authn-wasm --all-targets --target wasm32-unknown-unknown -- -D warnings

test: bootstrap
	@scripts/test.sh

test-rust: bootstrap
	cargo test --workspace

test-wasm: emulator-bin
	scripts/wasm-tests.sh

test-js: pkg emulator-bin
	node --test tests/js/

test-packaging: pkg emulator-bin
	node --test tests/packaging/

test-www: pkg emulator-bin
	node --test tests/www/

bench: pkg emulator-bin
	node bench/run.mjs

size: pkg
	node bench/size.mjs

fuzz: bootstrap
	scripts/fuzz.sh long

fmt:
	cargo fmt --all

clean:
	rm -rf pkg target
