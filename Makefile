# memviz: watch memory management happen, step by step.
#
# make            build build/memviz
# make run        open memviz on the built-in tour
# make check      all tests, then all again under ASan + UBSan
# make bench      benchmarks (slow; never part of check)
# make fuzz       fuzz every input for a bounded time each (clang, libFuzzer)
# make check-valgrind   valgrind memcheck over every shipped scenario
# make install / uninstall   (PREFIX, DESTDIR honoured)

PREFIX ?= /usr/local
prefix ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
datarootdir ?= $(prefix)/share
datadir ?= $(datarootdir)
mandir ?= $(datarootdir)/man
man1dir ?= $(mandir)/man1
man5dir ?= $(mandir)/man5
scenariodir ?= $(datadir)/memviz/scenarios

INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL)
INSTALL_DATA ?= $(INSTALL) -m 644
PKG_CONFIG ?= pkg-config

CFLAGS ?= -g -O2
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
       -Wmissing-prototypes
ifeq ($(WERROR),1)
WARN += -Werror
endif

VERSION = 0.1.0
B ?= build

CURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null || echo -lcheck)

ALL_CPPFLAGS = -Iinclude -DMEMVIZ_VERSION='"$(VERSION)"' \
	-DMEMVIZ_SCENARIO_DIR='"$(scenariodir)"' -D_POSIX_C_SOURCE=200809L \
	$(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARN) -MMD -MP $(CFLAGS)

CORE_SRC = $(sort $(wildcard src/core/*.c))
VIEW_SRC = $(sort $(wildcard src/view/*.c))
APP_SRC = $(sort $(wildcard src/app/*.c))
TEST_SRC = $(sort $(wildcard test/check_*.c))

CORE_OBJ = $(CORE_SRC:%.c=$(B)/%.o)
VIEW_OBJ = $(VIEW_SRC:%.c=$(B)/%.o)
APP_OBJ = $(APP_SRC:%.c=$(B)/%.o) $(B)/gen/tour.o
# The --html page's player (src/app/html/), built in like the tour.
APP_OBJ += $(B)/gen/html_js.o $(B)/gen/html_css.o
TEST_OBJ = $(TEST_SRC:%.c=$(B)/%.o)

# The fuzz harnesses (see `fuzz` below).
FUZZ_NAMES = scenario trace render keys writers generate quiz
FUZZ_REPLAY = $(FUZZ_NAMES:%=$(B)/fuzz/replay_%)
FUZZ_APP_OBJ = $(filter-out $(B)/src/app/main.o,$(APP_OBJ))

CORE_LIB = $(B)/libmemviz-core.a
VIEW_LIB = $(B)/libmemviz-view.a
BIN = $(B)/memviz
TEST_BIN = $(B)/check_memviz

SCENARIOS = $(sort $(wildcard scenarios/*.mvs))
TRACES = $(sort $(wildcard scenarios/traces/*))
MANPAGES = man/memviz.1 man/memviz-scenario.5
PROGRAMS = $(sort $(wildcard scenarios/programs/*))
pkglibdir ?= $(exec_prefix)/lib/memviz

# The heap recorder that --trace-program preloads (src/preload/heaprec.c):
# a shared library built on its own flags, never with the sanitizers, so
# that it loads into any program.
HEAPREC_LIB = $(B)/libmemviz-heap.so
HEAPREC_CFLAGS = -std=c11 $(WARN) -O2 -g -fPIC -shared -pthread
ALL_CPPFLAGS += -DMEMVIZ_LIB_DIR='"$(pkglibdir)"'

.PHONY: all run check check-unit check-golden check-e2e check-asan bench fuzz \
	check-valgrind \
	install uninstall clean deps golden-update lint lint-man

all: $(BIN) $(HEAPREC_LIB)

$(HEAPREC_LIB): src/preload/heaprec.c src/preload/heaprec.h
	@mkdir -p $(dir $@)
	$(CC) $(HEAPREC_CFLAGS) -o $@ src/preload/heaprec.c

$(B)/src/core/%.o: src/core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/src/view/%.o: src/view/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(B)/src/app/%.o: src/app/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(CURSES_CFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The tour is built in, so `memviz` with no argument works uninstalled.
$(B)/gen/tour.c: scenarios/tour.mvs tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh scenarios/tour.mvs memviz_tour > $@

$(B)/gen/tour.o: $(B)/gen/tour.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/gen/html_js.c: src/app/html/player.js tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh src/app/html/player.js memviz_html_js > $@

$(B)/gen/html_css.c: src/app/html/player.css tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh src/app/html/player.css memviz_html_css > $@

$(B)/gen/html_%.o: $(B)/gen/html_%.c
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(B)/test/%.o: test/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -I$(B)/test $(CHECK_CFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The suite list: one SUITE(module) per test/check_<module>.c.
$(B)/test/suites.h: $(TEST_SRC) Makefile
	@mkdir -p $(dir $@)
	@for f in $(filter-out test/check_main.c,$(TEST_SRC)); do \
		n=$${f#test/check_}; echo "SUITE($${n%.c})"; done > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

$(TEST_OBJ): $(B)/test/suites.h

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(VIEW_LIB): $(VIEW_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(APP_OBJ) $(VIEW_LIB) $(CORE_LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(VIEW_LIB) $(CORE_LIB) \
		$(CURSES_LIBS) $(LDLIBS)

# The unit tests link the core and view libraries only: no curses.
$(TEST_BIN): $(TEST_OBJ) $(VIEW_LIB) $(CORE_LIB)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(VIEW_LIB) $(CORE_LIB) \
		$(CHECK_LIBS) $(LDLIBS)

run: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) scenarios/tour.mvs

deps:
	@sh tools/install-deps.sh

SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
      -fno-sanitize-recover=undefined
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=24

check: deps
	@$(MAKE) --no-print-directory check-all B=build
	@sh test/valgrind.sh build/memviz --if-quick
	@echo "== again under AddressSanitizer + UndefinedBehaviorSanitizer =="
	@$(MAKE) --no-print-directory check-all B=build/asan \
		CFLAGS='-g -O1 $(SAN)' LDFLAGS='$(SAN)' \
		TEST_ENV='$(SAN_ENV)'

check-all: $(BIN) $(HEAPREC_LIB) $(TEST_BIN) lint $(FUZZ_REPLAY)
	@rc=0; \
	$(TEST_ENV) sh test/fuzz/replay.sh $(B) $(FUZZ_NAMES) || rc=1; \
	$(TEST_ENV) sh test/golden.sh $(BIN) || rc=1; \
	$(TEST_ENV) sh test/bad.sh $(BIN) || rc=1; \
	$(TEST_ENV) sh test/e2e/run.sh $(BIN) || rc=1; \
	$(TEST_ENV) sh test/record.sh $(BIN) || rc=1; \
	$(TEST_ENV) sh test/html.sh $(BIN) || rc=1; \
	$(TEST_ENV) python3 test/browser/run.py $(BIN) || rc=1; \
	$(TEST_ENV) sh test/quiz.sh $(BIN) || rc=1; \
	$(TEST_ENV) sh test/install.sh $(B) || rc=1; \
	$(TEST_ENV) sh test/traceprog.sh $(B) || rc=1; \
	$(TEST_ENV) ./$(TEST_BIN) || rc=1; \
	exit $$rc

# valgrind memcheck over every shipped scenario (--batch --json, --dump,
# --export); `make check` runs it when it would take under three minutes.
check-valgrind: deps
	@$(MAKE) --no-print-directory $(BIN) B=build
	@sh test/valgrind.sh build/memviz

check-unit: $(TEST_BIN)
	./$(TEST_BIN)

golden-update: $(BIN)
	sh test/golden.sh $(BIN) --update

# Benchmarks: test/bench/bench.c is the engine's (build/bench/bench_memviz);
# every test/bench/bench_NAME.c becomes build/bench/bench_NAME.
BENCH_SRC = $(sort $(wildcard test/bench/bench_*.c))
BENCH_BIN = build/bench/bench_memviz build/bench/memviz \
	$(BENCH_SRC:test/bench/%.c=build/bench/%)
BENCH_BIN += build/bench/libmemviz-heap.so

bench:
	@$(MAKE) --no-print-directory B=build/bench CFLAGS='-O2 -g -DNDEBUG' \
		$(BENCH_BIN)
	@sh test/bench/run.sh build/bench

$(B)/bench_memviz: test/bench/bench.c $(VIEW_LIB) $(CORE_LIB)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(VIEW_LIB) \
		$(CORE_LIB) $(LDLIBS)

$(B)/bench_%: test/bench/bench_%.c $(VIEW_LIB) $(CORE_LIB)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(VIEW_LIB) \
		$(CORE_LIB) $(LDLIBS)

# Fuzzing: one libFuzzer harness per way input enters, test/fuzz/fuzz_NAME.c
# with its checked-in corpus test/fuzz/corpus_NAME/ (the scenario
# parser's is test/fuzz/corpus/).  `make fuzz` fuzzes each for
# FUZZ_SECONDS (clang's libFuzzer; new inputs go to build/fuzz/); `make
# check` only replays the corpora, through test/fuzz/driver.c's plain
# main, built by $(CC) like the rest (and again under the sanitizers).
# A new input kind: add its name here (with test/fuzz/fuzz_NAME.c and corpus).
FUZZ_SECONDS ?= 60

$(B)/fuzz/replay_%: test/fuzz/fuzz_%.c test/fuzz/driver.c $(FUZZ_APP_OBJ) \
		$(VIEW_LIB) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(CURSES_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ \
		$< test/fuzz/driver.c $(FUZZ_APP_OBJ) $(VIEW_LIB) $(CORE_LIB) \
		$(CURSES_LIBS) $(LDLIBS)

fuzz: build/gen/tour.c build/gen/html_js.c build/gen/html_css.c
	@sh tools/install-deps.sh --fuzz
	@mkdir -p build/fuzz
	@for n in $(FUZZ_NAMES); do \
		echo "== fuzz $$n for $(FUZZ_SECONDS) s =="; \
		clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
			-Iinclude -D_POSIX_C_SOURCE=200809L \
			-DMEMVIZ_VERSION='"$(VERSION)"' \
			-DMEMVIZ_SCENARIO_DIR='"$(scenariodir)"' $(CURSES_CFLAGS) \
			-o build/fuzz/fuzz_$$n test/fuzz/fuzz_$$n.c $(CORE_SRC) \
			$(VIEW_SRC) $(filter-out src/app/main.c,$(APP_SRC)) \
			build/gen/tour.c build/gen/html_js.c build/gen/html_css.c \
			-DMEMVIZ_LIB_DIR='"$(pkglibdir)"' $(CURSES_LIBS) || exit 1; \
		c=test/fuzz/corpus_$$n; [ "$$n" = scenario ] && c=test/fuzz/corpus; \
		mkdir -p build/fuzz/corpus_$$n; \
		build/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) \
			-max_len=8192 -timeout=10 -rss_limit_mb=2048 \
			build/fuzz/corpus_$$n $$c || exit 1; \
	done

install: $(BIN) $(HEAPREC_LIB)
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(man1dir) \
		$(DESTDIR)$(man5dir) $(DESTDIR)$(scenariodir)
	$(INSTALL) -d $(DESTDIR)$(pkglibdir) $(DESTDIR)$(scenariodir)/programs
	$(INSTALL_DATA) $(HEAPREC_LIB) $(DESTDIR)$(pkglibdir)/libmemviz-heap.so
	$(INSTALL_DATA) $(PROGRAMS) $(DESTDIR)$(scenariodir)/programs/
	$(INSTALL_PROGRAM) $(BIN) $(DESTDIR)$(bindir)/memviz
	$(INSTALL_DATA) man/memviz.1 $(DESTDIR)$(man1dir)/memviz.1
	$(INSTALL_DATA) man/memviz-scenario.5 $(DESTDIR)$(man5dir)/memviz-scenario.5
	$(INSTALL_DATA) $(SCENARIOS) $(DESTDIR)$(scenariodir)/
	$(INSTALL) -d $(DESTDIR)$(scenariodir)/traces
	$(INSTALL_DATA) $(TRACES) $(DESTDIR)$(scenariodir)/traces/

uninstall:
	rm -f $(DESTDIR)$(bindir)/memviz $(DESTDIR)$(man1dir)/memviz.1 \
		$(DESTDIR)$(man5dir)/memviz-scenario.5
	rm -f $(addprefix $(DESTDIR)$(scenariodir)/,$(notdir $(SCENARIOS)))
	rm -f $(addprefix $(DESTDIR)$(scenariodir)/traces/,$(notdir $(TRACES)))
	rm -f $(DESTDIR)$(pkglibdir)/libmemviz-heap.so
	rm -f $(addprefix $(DESTDIR)$(scenariodir)/programs/,$(notdir $(PROGRAMS)))
	-rmdir $(DESTDIR)$(pkglibdir) $(DESTDIR)$(scenariodir)/programs 2>/dev/null
	-rmdir $(DESTDIR)$(scenariodir)/traces $(DESTDIR)$(scenariodir) \
		$(DESTDIR)$(datadir)/memviz 2>/dev/null

# The layering rules (tools/lint.sh says which) and the man pages.
lint: lint-man
	@sh tools/lint.sh

lint-man:
	@for m in $(MANPAGES); do \
		out=$$(groff -man -ww -z $$m 2>&1); \
		if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	done

clean:
	rm -rf build

-include $(CORE_OBJ:.o=.d) $(VIEW_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
