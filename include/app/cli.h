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

enum cli_mode {
	CLI_INTERACTIVE,
	CLI_CHECK,
	CLI_BATCH,
	CLI_DUMP,
	CLI_LIST,
	CLI_HELP,
	CLI_VERSION,
};

enum cli_color {
	CLI_COLOR_AUTO,
	CLI_COLOR_ALWAYS,
	CLI_COLOR_NEVER,
};

struct cli_options {
	enum cli_mode mode;
	bool json;           /* --json with --batch */
	long step;           /* --step N (-1: not given) */
	int width, height;   /* --size WxH (0: not given) */
	enum cli_color color;
	bool ascii;
	const char *file;    /* the scenario argument (NULL: the tour) */
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
