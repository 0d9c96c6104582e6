/*
 * cli.h: the command line.  Parsing turns argv into a struct cli_options
 * (GNU getopt_long style: long options, `--` ends options, options may
 * follow the file).  Usage errors are returned as a message, never printed
 * here, so main decides the exit status (2).
 */
#ifndef MEMVIZ_APP_CLI_H
#define MEMVIZ_APP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cli_mode {
	CLI_INTERACTIVE,
	CLI_CHECK,
	CLI_BATCH,
	CLI_DUMP,
	CLI_LIST,
	CLI_EXPORT,  /* --export OUT.cast: a recording, no terminal */
	CLI_HANDOUT, /* --handout OUT.html: every step, printable */
	CLI_TABLE,   /* --table: the exercise's answer key */
	CLI_GENERATE, /* --generate KIND: write an exercise */
	CLI_HTML,    /* --html OUT.html: the interactive page */
	CLI_HELP,
	CLI_VERSION,
};

enum cli_format {
	CLI_FORMAT_TEXT,
	CLI_FORMAT_SVG,
	CLI_FORMAT_CSV, /* with --table */
};

enum cli_color {
	CLI_COLOR_AUTO,
	CLI_COLOR_ALWAYS,
	CLI_COLOR_NEVER,
};

/* At most this many policies (and frame counts) in compare mode. */
#define CLI_MAX_COMPARE 8

struct cli_options {
	enum cli_mode mode;
	bool json;           /* --json with --batch */
	bool json_full;      /* --json=full: the whole machine every step */
	long step;           /* --step N (-1: not given) */
	int width, height;   /* --size WxH (0: not given) */
	enum cli_color color;
	bool ascii;
	uint32_t panes;      /* --panes: PANES_* bits (0: the scenario's) */
	bool present;        /* --present: presentation mode */
	bool brief;          /* --brief: one short line a step */
	bool no_mouse;       /* --no-mouse: no mouse reporting */
	enum cli_format format;  /* --format with --dump */
	bool format_given;
	const char *out_path;    /* --export, --handout or --html FILE */
	const char *record_path; /* --record FILE */
	double step_delay;       /* --step-delay seconds (0: not given) */
	long from, to;           /* --from N, --to M (-1: not given) */
	/* --from/--to given as a chapter name (NULL: a number or not given);
	 * main resolves them against the scenario's marks */
	const char *from_chapter, *to_chapter;
	bool marked_only;        /* --marked-only: marked steps, first, last */
	int theme;               /* --theme: enum html_theme (0: auto) */
	bool theme_given;
	double idle_limit;       /* --idle-limit seconds (0: not given) */
	bool marker_every_step;  /* --marker-every-step */
	const char *keys_in;     /* --keys FILE */
	const char *keys_out;    /* --keys-out FILE */
	double keys_speed;       /* --keys-speed factor (-1: not given) */
	bool quiz;               /* --quiz[=KINDS] */
	uint32_t quiz_kinds;     /* QUIZ_* bits (core/quiz.h) */
	bool questions_only;     /* --questions-only with --handout */
	const char *file;    /* the scenario argument (NULL: the tour) */
	/* compare mode: --compare policies (enum replace_policy) and
	 * --frames counts; both 0 when not comparing */
	int policies[CLI_MAX_COMPARE];
	size_t npolicies;
	uint64_t frames[CLI_MAX_COMPARE];
	size_t nframes;
	/* --generate KIND [--seed N] KEY=VALUE...: the kind, the seed and
	 * the KEY=VALUE arguments (in argv) */
	const char *gen_kind;
	uint64_t gen_seed;
	bool gen_seed_given;
	char **gen_args;
	size_t ngen_args;
	/* --compare with heap policies (enum heap_policy); 0 when not */
	int heap_policies[CLI_MAX_COMPARE];
	size_t nheap_policies;
	/* --vary KEY=V1,V2,...: the key and its values (NULL: not given) */
	const char *vary;
	/* --trace-program OUT -- PROG [ARGS...] (NULL: not recording) */
	const char *trace_out;
	unsigned trace_what;     /* --what: TRACEPROG_* bits (0: heap) */
	long trace_limit;        /* --limit N (-1: none) */
	int heap_policy;         /* --heap-policy (-1: not given) */
	uint64_t heap_size;      /* --heap-size bytes (0: not given) */
	char **prog_argv;        /* PROG and its arguments (NULL-terminated) */
};

/*
 * Parse argv.  On a usage error returns false and writes a one-line
 * message (without the program name) into err.
 */
bool cli_parse(int argc, char **argv, struct cli_options *opt, char *err,
	       size_t errsz);

/* The --help text. */
const char *cli_usage(void);

#endif
