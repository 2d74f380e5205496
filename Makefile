# TicketWar: `make run` serves the app on http://127.0.0.1:8080; `make test` runs every test.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
TEST_DIR := build/test
ARGS ?=
export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime

FUZZ_DIR := build/fuzz
FUZZ_TARGETS := http_request_fuzz json_bodies_fuzz layout_json_fuzz ticket_code_fuzz

.PHONY: run test bench fuzz deps release test-build clean cluster cluster-status cluster-down

deps:
	@scripts/install-deps

$(RELEASE_DIR)/build.ninja:
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DTW_TESTS=OFF -DTW_BENCH=ON -DCMAKE_UNITY_BUILD=ON > /dev/null

release: deps $(RELEASE_DIR)/build.ninja
	@ninja -C $(RELEASE_DIR) -j $(JOBS) ticketwar

run: release
	@mkdir -p var
	exec $(RELEASE_DIR)/ticketwar serve --data-dir var $(ARGS)

$(TEST_DIR)/build.ninja:
	@cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1 -O1" \
	  -DTW_SANITIZE=ON -DTW_WERROR=ON -DTW_TESTS=ON -DTW_CHEAP_PASSWORD_HASH=ON -DCMAKE_UNITY_BUILD=ON > /dev/null

test-build: deps $(TEST_DIR)/build.ninja
	@ninja -C $(TEST_DIR) -j $(JOBS)

test: test-build
	@cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 300

bench: release
	@ninja -C $(RELEASE_DIR) -j $(JOBS) flash_crowd metrics_cost
	@$(RELEASE_DIR)/bench/metrics_cost --benchmark_min_time=0.5
	@bench/run
	@bench/crowd
	@bench/cluster
	@bench/events
	@bench/queue
	@bench/puzzle

# The scale-out shape on this machine: PostgreSQL, Redis, INSTANCES servers and nginx on
# http://127.0.0.1:8090 (deploy/local-cluster; docs/deployment.md). ARGS go to every server.
INSTANCES ?= 3
cluster: release
	@deploy/local-cluster up --instances $(INSTANCES) -- $(ARGS)

cluster-status:
	@deploy/local-cluster status

cluster-down:
	@deploy/local-cluster down

# libFuzzer targets built with clang; FUZZ_RUNS=N inputs per target, else FUZZ_SECONDS each (60).
$(FUZZ_DIR)/build.ninja:
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTW_FUZZ=ON \
	  -DTW_TESTS=OFF > /dev/null

fuzz: deps $(FUZZ_DIR)/build.ninja
	@ninja -C $(FUZZ_DIR) -j $(JOBS) $(FUZZ_TARGETS)
	@scripts/fuzz $(FUZZ_DIR)

clean:
	rm -rf build
