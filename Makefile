# sockopt4j: the one entry point. `make` builds; `make test` runs every test (JDK 17, then JDK 25
# when one is installed); `make repro` runs the reproduction tool; `make bench` the benchmarks.

MVN        ?= mvn -B -ntp
JAVA       ?= java
JDK25_HOME ?= $(shell tools/find-jdk 25)
# A JDK 22+ compiles the FFM backend into META-INF/versions/22; without one the jar is JNA-only.
FFM_JDK    ?= $(shell tools/find-jdk 22)
FFM        := $(if $(FFM_JDK),-Dsockopt4j.ffmJdk=$(FFM_JDK))
VERSION    := 0.1.0-SNAPSHOT
LIB_JAR    := $(CURDIR)/java/core/target/sockopt4j-$(VERSION).jar
CLI_JAR    := java/repro/target/sockopt4j-repro-$(VERSION)-cli.jar
BENCH_JAR  := benchmarks/target/benchmarks.jar
# The flags sockopt4j needs, kept once in the parent pom (sockopt4j.jvmFlags).
JVM_FLAGS  := $(shell sed -n 's:.*<sockopt4j.jvmFlags>\(.*\)</sockopt4j.jvmFlags>.*:\1:p' pom.xml)
CC         ?= cc
CFLAGS     ?= -O2 -Wall -Wextra
NATIVE_SRC := $(wildcard native/*.c)
NATIVE_BIN := $(patsubst native/%.c,native/build/%,$(NATIVE_SRC))
# The JNI library, one per OS/arch, where java/core/pom.xml packages it from: this machine's, and
# linux-aarch64 cross-compiled on x86-64 (Debian's gcc-aarch64-linux-gnu, which deps installs).
# jni.h comes from the JDK that compiles (JAVA_HOME, else the javac on the PATH); its Linux
# headers are the same for every CPU.
JNI_JDK     = $(or $(JAVA_HOME),$(patsubst %/bin/javac,%,$(realpath $(shell command -v javac))))
JNI_CFLAGS  = -O2 -Wall -Wextra -Werror -fPIC -shared -s -I$(JNI_JDK)/include -I$(JNI_JDK)/include/linux
JNI_OUT    := native/build/jni/META-INF/native/sockopt4j
HOST_ARCH  := $(shell uname -m)
CROSS_CC_aarch64 := aarch64-linux-gnu-gcc
JNI_LIBS   := $(JNI_OUT)/linux-$(HOST_ARCH)/libsockopt4j_jni.so \
              $(if $(filter x86_64,$(HOST_ARCH)),$(JNI_OUT)/linux-aarch64/libsockopt4j_jni.so)

.PHONY: all build test test-slow test-jdk25 test-consumer check-links check-cli-jar repro bench bench-agent bench-full bench-smoke native deps clean

ifeq ($(FFM_JDK),)
$(info == no JDK 22+ found by tools/find-jdk 22: building a JNA-only jar (no FFM backend))
endif

all: build

build: native
	$(MVN) -q package -DskipTests $(FFM)

# Debian packages the tests and reproductions use: cc for the native code (the JDK's jni.h and
# the aarch64 cross compiler for the JNI library), ss for the TCP_INFO
# cross-check, unshare and ip for the namespaces, tshark to read the captures, and the real
# clients (curl, wget, openssl, python3 with requests), and wrk, the load generator of the server benchmark.
# Installed only when missing, so a fresh machine needs nothing done by hand.
deps:
	@missing=""; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing gcc libc6-dev"; \
	[ -f "$(JNI_JDK)/include/jni.h" ] || missing="$$missing openjdk-17-jdk-headless"; \
	[ "$(HOST_ARCH)" != x86_64 ] || command -v $(CROSS_CC_aarch64) >/dev/null 2>&1 \
	  || missing="$$missing gcc-aarch64-linux-gnu"; \
	command -v ss >/dev/null 2>&1 || missing="$$missing iproute2"; \
	command -v unshare >/dev/null 2>&1 || missing="$$missing util-linux"; \
	command -v mvn >/dev/null 2>&1 || missing="$$missing maven"; \
	command -v tshark >/dev/null 2>&1 || missing="$$missing tshark"; \
	command -v curl >/dev/null 2>&1 || missing="$$missing curl"; \
	command -v wget >/dev/null 2>&1 || missing="$$missing wget"; \
	command -v openssl >/dev/null 2>&1 || missing="$$missing openssl"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	python3 -c 'import requests' >/dev/null 2>&1 || missing="$$missing python3-requests"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Every test on JDK 17 (default backend: JNI), the library's tests again on 17 with JNA forced,
# the artifacts installed into the local Maven repository, a separate consumer project built
# against them, the docs' links, then the tests again on JDK 25.
test: deps native check-links
	$(MVN) install $(FFM) $(if $(JDK25_HOME),-Dsockopt4j.jdk25=$(JDK25_HOME))
	@$(MAKE) --no-print-directory check-cli-jar
	@echo "== java/core tests again on $$($(JAVA) -version 2>&1 | head -n1) with -Dsockopt4j.backend=jna"
	$(MVN) -pl java/core surefire:test -Dsockopt4j.backend=jna
	@$(MAKE) --no-print-directory test-consumer
	@$(MAKE) --no-print-directory test-jdk25

# The real-client trials of the server modules again, with 50 trials per cell instead of make
# test's 10 (about 25 minutes): the numbers behind docs/tomcat.md, docs/jetty.md and docs/spring-boot.md.
SERVER_TESTS := java/netty,java/tomcat,java/jetty,java/boot-apps/boot4-tomcat,java/boot-apps/boot35-tomcat,java/boot-apps/boot4-webflux,\
                java/boot-apps/boot4-jetty,java/boot-apps/boot35-jetty
test-slow: deps native
	$(MVN) install -DskipTests $(FFM)
	$(MVN) -pl $(SERVER_TESTS) surefire:test -Dsockopt4j.trials=50 -Dtest='*RealClientTest' \
	  -Dsurefire.failIfNoSpecifiedTests=false

# A project that is not part of this build compiles and runs against the installed library, on
# the class path and on the module path (tools/consumer).
test-consumer:
	tools/consumer/run $(VERSION) $(JAVA)
	$(if $(JDK25_HOME),tools/consumer/run $(VERSION) $(JDK25_HOME)/bin/java)

check-links:
	tools/check-links

# The CLI jar must carry this machine's JNI library (java/core/pom.xml packages native/build/jni):
# without it the CLI runs on the JNA fallback and says so only in a line of its output.
CLI_JNI := META-INF/native/sockopt4j/linux-$(HOST_ARCH)/libsockopt4j_jni.so
check-cli-jar:
	@[ -f $(CLI_JAR) ] || { echo "check-cli-jar: no $(CLI_JAR): build it first (make build)" >&2; exit 1; }
	@$(JNI_JDK)/bin/jar tf $(CLI_JAR) | grep -qx '$(CLI_JNI)' || { \
	  echo "check-cli-jar: $(CLI_JAR) lacks $(CLI_JNI), so it would run on JNA:" \
	    "it was packaged before the JNI library was built; run \`make native\`, then package again (make build)" >&2; \
	  exit 1; }

# The same compiled tests again on JDK 25, when one is installed: once per backend, against the
# packaged multi-release jar (the FFM classes in META-INF/versions/22 are read only from a jar;
# the modules after the library get it from the local repository, where `test` installed it).
test-jdk25:
	@if [ -n "$(JDK25_HOME)" ]; then \
	  for backend in jni ffm jna; do \
	    echo "== tests again on $(JDK25_HOME) with -Dsockopt4j.backend=$$backend"; \
	    $(MVN) -pl java/core surefire:test -Djvm=$(JDK25_HOME)/bin/java -Dsockopt4j.backend=$$backend \
	      -Dsockopt4j.testedClasses=$(LIB_JAR) || exit 1; \
	    $(MVN) -pl java/repro surefire:test -Djvm=$(JDK25_HOME)/bin/java -Dsockopt4j.backend=$$backend || exit 1; \
	  done; \
	  echo "== sockopt4j-netty tests again on $(JDK25_HOME) (default backend; its real-client trials are long)"; \
	  $(MVN) -pl java/netty surefire:test -Djvm=$(JDK25_HOME)/bin/java || exit 1; \
	else \
	  echo "== no JDK 25 installed: tests ran on $$($(JAVA) -version 2>&1 | head -n1) only"; \
	fi

# As root, each scenario runs in its own network namespace (unshare from util-linux, ip from
# iproute2, which deps installs) with a packet capture; otherwise unisolated and uncaptured.
# Then the real clients (curl, wget, openssl, python3 from deps, and Java's HttpClient) against a
# JDK server, and against an embedded Tomcat and an embedded Jetty with and without sockopt4j-tomcat /
# sockopt4j-jetty, a few trials per
# cell (CLIENT_TRIALS); a missing client shows in the table and fails.
CLIENT_TRIALS ?= 5
repro: deps native
	$(MVN) -q -pl java/repro -am package -DskipTests $(FFM)
	@$(MAKE) --no-print-directory check-cli-jar
	$(JAVA) -jar $(CLI_JAR) repro
	$(JAVA) -jar $(CLI_JAR) clients --trials $(CLIENT_TRIALS)
	$(JAVA) -jar $(CLI_JAR) servers --trials $(CLIENT_TRIALS)

# Benchmarks (JMH), on the default JDK and again on JDK 25 when one is installed; forks inherit
# the host JVM's flags. Per JDK, each profile writes the JMH JSON, the C floors (per call and per
# close), and BenchReport's Markdown table (machine, JDK, ratios to the peer routes of the same
# run; also printed) and chart (PNG) into <results folder>/jdk<N>/. ForcedFfmBenchmark and
# FfmBaselineBenchmark run on JDK 22+ only.
# CloseLatencyBenchmark runs on its own with more forks and longer iterations (CLOSE_OPTS): a close
# costs microseconds that vary from fork to fork by more than the report adds, so short runs
# cannot tell the ratios apart.
bench: BENCH_OPTS = -f 2 -wi 1 -w 400ms -i 2 -r 400ms -prof gc
bench: CLOSE_OPTS = -f 4 -wi 3 -w 1s -i 5 -r 1s -prof gc
bench: BENCH_OUT = benchmarks/results
bench: FLOOR_CALLS = 1000000
bench: CLOSE_FLOOR_CONNS = 4000
bench-full: BENCH_OPTS = -f 2 -wi 3 -w 1s -i 5 -r 1s -prof gc
bench-full: CLOSE_OPTS = -f 6 -wi 5 -w 1s -i 10 -r 1s -prof gc
bench-full: BENCH_OUT = benchmarks/results/full
bench-full: FLOOR_CALLS = 1000000
bench-full: CLOSE_FLOOR_CONNS = 10000
# CI: every benchmark once, to keep them from rotting; it judges no speed.
bench-smoke: BENCH_OPTS = -f 1 -wi 0 -i 1 -r 100ms
bench-smoke: CLOSE_OPTS = $(BENCH_OPTS)
bench-smoke: BENCH_OUT = benchmarks/target/smoke
bench-smoke: FLOOR_CALLS = 1000
bench-smoke: CLOSE_FLOOR_CONNS = 50

# Then the server under load (ServerLoadBenchmark, its own program, not JMH): the Boot 4 test app
# on Tomcat 11 and on Jetty 12.1, each in two child JVMs, with and without the starter, driven in
# alternating rounds by wrk (from deps), and the heap per lingering connection (Tomcat app); into
# <results folder>/jdk<N>/server-load.md. It finds each app through its built module: its classes
# and the runtime class path its build writes (target/app.classpath, made by `package` too).
# Smoke: one round of 1 s, no warm-up.
BOOT_APP  := java/boot-apps/boot4-tomcat
JETTY_APP := java/boot-apps/boot4-jetty
LOAD_APP  := -Dsockopt4j.appClasses=$(BOOT_APP)/target/classes -Dsockopt4j.appClasspath=$(BOOT_APP)/target/app.classpath \
             -Dsockopt4j.jettyAppClasses=$(JETTY_APP)/target/classes \
             -Dsockopt4j.jettyAppClasspath=$(JETTY_APP)/target/app.classpath \
             '-Dsockopt4j.jvmFlags=$(JVM_FLAGS)'
bench: LOAD_OPTS = --warmup 20 --rounds 7 --seconds 5 --lingering 2000
bench-full: LOAD_OPTS = --warmup 30 --rounds 11 --seconds 10 --lingering 2000
bench-smoke: LOAD_OPTS = --warmup 0 --rounds 1 --seconds 1 --lingering 50

bench bench-full bench-smoke: deps native
	$(MVN) -q package -DskipTests $(FFM)
	@set -e; done_versions=""; \
	for java in $(JAVA) $(if $(JDK25_HOME),$(JDK25_HOME)/bin/java); do \
	  v=$$($$java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'); \
	  case " $$done_versions " in *" $$v "*) continue ;; esac; done_versions="$$done_versions $$v"; \
	  out=$(BENCH_OUT)/jdk$$v; mkdir -p $$out; \
	  only22=""; [ "$$v" -ge 22 ] || only22="-e FfmBaselineBenchmark -e ForcedFfmBenchmark"; \
	  echo "== benchmarks on JDK $$v ($$java) -> $$out"; \
	  native/build/syscall_floor $(FLOOR_CALLS) > $$out/floor.txt; \
	  native/build/close_floor $(CLOSE_FLOOR_CONNS) > $$out/close-floor.txt; \
	  $$java $(JVM_FLAGS) -jar $(BENCH_JAR) $(BENCH_OPTS) $$only22 -e CloseLatencyBenchmark -e CloseEventBenchmark \
	    -e AgentCloseBenchmark -foe true -rf json -rff $$out/jmh.json; \
	  $$java $(JVM_FLAGS) -jar $(BENCH_JAR) 'CloseLatencyBenchmark|CloseEventBenchmark' $(CLOSE_OPTS) -foe true -rf json \
	    -rff $$out/jmh-close.json; \
	  $$java -cp $(BENCH_JAR) io.github.sockopt4j.bench.BenchReport $$out/jmh.json,$$out/jmh-close.json $$out/floor.txt \
	    $$out $$out/close-floor.txt; \
	  echo "== server under load on JDK $$v -> $$out/server-load.md"; \
	  $$java $(LOAD_APP) -cp $(BENCH_JAR) io.github.sockopt4j.bench.ServerLoadBenchmark $(LOAD_OPTS) \
	    --out $$out/server-load.md; \
	done

# What sockopt4j-agent costs the closing thread: SocketChannel.close() with nothing to drain, in a
# fork with -javaagent and one without, same run (AgentCloseBenchmark; docs/agent.md).
bench-agent: deps native
	$(MVN) -q -pl java/agent,benchmarks -am package -DskipTests $(FFM)
	@mkdir -p benchmarks/results/agent
	$(JAVA) -jar $(BENCH_JAR) AgentCloseBenchmark -f 4 -wi 3 -w 1s -i 5 -r 1s -foe true -rf json \
	  -rff benchmarks/results/agent/jmh-agent-close.json

native: $(NATIVE_BIN) $(JNI_LIBS)

$(JNI_OUT)/linux-$(HOST_ARCH)/libsockopt4j_jni.so: native/jni/sockopt4j_jni.c
	@mkdir -p $(dir $@)
	$(CC) $(JNI_CFLAGS) -o $@ $<

ifeq ($(HOST_ARCH),x86_64)
$(JNI_OUT)/linux-aarch64/libsockopt4j_jni.so: native/jni/sockopt4j_jni.c
	@mkdir -p $(dir $@)
	$(CROSS_CC_aarch64) $(JNI_CFLAGS) -o $@ $<
endif

native/build/%: native/%.c native/floor.h
	@mkdir -p native/build
	$(CC) $(CFLAGS) -pthread -o $@ $<

clean:
	$(MVN) -q clean
	rm -rf native/build
