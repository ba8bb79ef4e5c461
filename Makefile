# sockopt4j: the one entry point. `make` builds; `make test` runs every test (JDK 17, then JDK 25
# when one is installed); `make repro` runs the reproduction tool; `make bench` the benchmarks.

MVN        ?= mvn -B -ntp
JAVA       ?= java
JDK25_HOME ?= $(shell tools/find-jdk 25)
VERSION    := 0.1.0-SNAPSHOT
CLI_JAR    := java/target/sockopt4j-$(VERSION)-cli.jar
BENCH_JAR  := benchmarks/target/benchmarks.jar
JVM_FLAGS  := --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
              --add-opens java.base/java.io=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
CC         ?= cc
CFLAGS     ?= -O2 -Wall -Wextra
NATIVE_SRC := $(wildcard native/*.c)
NATIVE_BIN := $(patsubst native/%.c,native/build/%,$(NATIVE_SRC))

.PHONY: all build test test-jdk25 repro bench bench-full bench-smoke native deps clean

all: build

build: native
	$(MVN) -q package -DskipTests

# Debian packages the tests use (cc for the native probe, ss for the TCP_INFO cross-check).
# Installed only when missing, so a fresh machine needs nothing done by hand.
deps:
	@missing=""; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing gcc libc6-dev"; \
	command -v ss >/dev/null 2>&1 || missing="$$missing iproute2"; \
	command -v mvn >/dev/null 2>&1 || missing="$$missing maven"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi

test: deps native
	$(MVN) verify
	@$(MAKE) --no-print-directory test-jdk25

# The same compiled tests again on JDK 25, when one is installed.
test-jdk25:
	@if [ -n "$(JDK25_HOME)" ]; then \
	  echo "== tests again on $(JDK25_HOME)"; \
	  $(MVN) -pl java surefire:test -Djvm=$(JDK25_HOME)/bin/java; \
	else \
	  echo "== no JDK 25 installed: tests ran on $$($(JAVA) -version 2>&1 | head -n1) only"; \
	fi

# As root, each scenario runs in its own network namespace (unshare from util-linux, ip from
# iproute2, which deps installs) with a packet capture; otherwise unisolated and uncaptured.
repro: deps
	$(MVN) -q -pl java package -DskipTests
	$(JAVA) -jar $(CLI_JAR) repro

# Benchmarks (JMH). Forks inherit the JVM flags of the host JVM. Each profile writes the JMH JSON,
# the C floor, and BenchReport's Markdown table and chart (PNG) into its results folder.
BENCH_RUN = $(JAVA) $(JVM_FLAGS) -jar $(BENCH_JAR)
BENCH_REPORT = $(JAVA) -cp $(BENCH_JAR) io.github.sockopt4j.bench.BenchReport

bench: BENCH_OPTS = -f 2 -wi 2 -w 500ms -i 3 -r 500ms -prof gc
bench: BENCH_OUT = benchmarks/results
bench: FLOOR_CALLS = 1000000
bench-full: BENCH_OPTS = -f 3 -wi 3 -w 1s -i 5 -r 1s -prof gc
bench-full: BENCH_OUT = benchmarks/results/full
bench-full: FLOOR_CALLS = 1000000
# CI: every benchmark once, to keep them from rotting; it judges no speed.
bench-smoke: BENCH_OPTS = -f 1 -wi 0 -i 1 -r 100ms
bench-smoke: BENCH_OUT = benchmarks/target/smoke
bench-smoke: FLOOR_CALLS = 1000

bench bench-full bench-smoke: deps native
	$(MVN) -q package -DskipTests
	mkdir -p $(BENCH_OUT)
	native/build/syscall_floor $(FLOOR_CALLS) > $(BENCH_OUT)/floor.txt
	$(BENCH_RUN) $(BENCH_OPTS) -foe true -rf json -rff $(BENCH_OUT)/jmh.json
	$(BENCH_REPORT) $(BENCH_OUT)/jmh.json $(BENCH_OUT)/floor.txt $(BENCH_OUT)

native: $(NATIVE_BIN)

native/build/%: native/%.c
	@mkdir -p native/build
	$(CC) $(CFLAGS) -pthread -o $@ $<

clean:
	$(MVN) -q clean
	rm -rf native/build
