/*
 * cli.c: command-line parsing with getopt_long.  Every option has a long
 * form; the few that people type often have a short one too.
 */
#include "app/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/compare.h"
#include "core/program.h"

enum {
	OPT_JSON = 256,
	OPT_DUMP,
	OPT_LIST,
	OPT_COLOR,
	OPT_ASCII,
	OPT_SIZE,
	OPT_STEP,
	OPT_PANES,
	OPT_PRESENT,
	OPT_NO_MOUSE,
	OPT_COMPARE,
	OPT_FRAMES,
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "check", no_argument, NULL, 'c' },
	{ "batch", no_argument, NULL, 'b' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "panes", required_argument, NULL, OPT_PANES },
	{ "present", no_argument, NULL, OPT_PRESENT },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "frames", required_argument, NULL, OPT_FRAMES },
	{ NULL, 0, NULL, 0 },
};

const char *cli_usage(void)
{
	return "Usage: memviz [OPTION]... [SCENARIO]\n"
	       "Watch memory management happen, step by step.\n"
	       "\n"
	       "SCENARIO is a scenario file, or the name of an installed one\n"
	       "(memviz belady opens belady.mvs); without it, the built-in tour.\n"
	       "\n"
	       "Modes:\n"
	       "  (none)             open the interactive viewer\n"
	       "  -c, --check        validate the scenario only\n"
	       "  -b, --batch        print the narration of every step\n"
	       "      --json         with --batch: JSON Lines, one object per step\n"
	       "      --dump         print the screen at a step as plain text\n"
	       "      --list         list the installed scenarios with their titles\n"
	       "\n"
	       "Options:\n"
	       "      --step N       with --dump (or interactive): start at step N\n"
	       "      --size WxH     with --dump: the screen size (default 80x24)\n"
	       "      --color WHEN   auto, always or never (NO_COLOR is respected)\n"
	       "      --ascii        draw with ASCII only\n"
	       "      --panes LIST   the model panes to show, e.g. stack,heap\n"
	       "                     (stack heap pagetable frames cache gc)\n"
	       "      --present      presentation mode for projectors\n"
	       "      --no-mouse     leave the mouse to the terminal\n"
	       "      --compare LIST run under each replacement policy, side by\n"
	       "                     side (fifo lru clock eclock opt random)\n"
	       "      --frames LIST  run with each frame count, e.g. 3,4\n"
	       "  -h, --help         show this help and exit\n"
	       "  -V, --version      show the version and exit\n"
	       "\n"
	       "Exit status: 0 success, 1 runtime failure, 2 bad usage or an\n"
	       "invalid scenario.  See memviz(1) and memviz-scenario(5).\n"
	       "\n"
	       "Report bugs to the memviz issue tracker.\n";
}

static bool parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return false;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0)
		return false;
	*out = v;
	return true;
}

/* A --panes list: names separated by commas or spaces. */
static bool parse_panes(const char *list, uint32_t *out, char *err,
			size_t errsz)
{
	const char *s = list;
	uint32_t bits = 0;

	while (*s) {
		size_t len = strcspn(s, ", ");
		uint32_t bit = program_pane_bit(s, len);

		if (len > 0 && bit == 0) {
			snprintf(err, errsz,
				 "--panes: unknown pane '%.*s' (choices: stack, "
				 "heap, pagetable, frames, cache, gc)",
				 (int)(len > 32 ? 32 : len), s);
			return false;
		}
		bits |= bit;
		s += len;
		s += strspn(s, ", ");
	}
	if (bits == 0) {
		snprintf(err, errsz, "--panes needs pane names such as "
			 "stack,heap");
		return false;
	}
	*out = bits;
	return true;
}

static bool set_mode(struct cli_options *opt, enum cli_mode mode, char *err,
		     size_t errsz)
{
	if (opt->mode != CLI_INTERACTIVE && opt->mode != mode &&
	    opt->mode != CLI_HELP && opt->mode != CLI_VERSION) {
		snprintf(err, errsz,
			 "--check, --batch, --dump and --list cannot be combined");
		return false;
	}
	if (opt->mode != CLI_HELP && opt->mode != CLI_VERSION)
		opt->mode = mode;
	return true;
}

bool cli_parse(int argc, char **argv, struct cli_options *opt, char *err,
	       size_t errsz)
{
	int c;

	memset(opt, 0, sizeof *opt);
	opt->step = -1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hVcb", long_options, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			opt->mode = CLI_HELP;
			break;
		case 'V':
			if (opt->mode != CLI_HELP)
				opt->mode = CLI_VERSION;
			break;
		case 'c':
			if (!set_mode(opt, CLI_CHECK, err, errsz))
				return false;
			break;
		case 'b':
			if (!set_mode(opt, CLI_BATCH, err, errsz))
				return false;
			break;
		case OPT_DUMP:
			if (!set_mode(opt, CLI_DUMP, err, errsz))
				return false;
			break;
		case OPT_LIST:
			if (!set_mode(opt, CLI_LIST, err, errsz))
				return false;
			break;
		case OPT_JSON:
			opt->json = true;
			break;
		case OPT_STEP:
			if (!parse_long(optarg, &opt->step)) {
				snprintf(err, errsz,
					 "--step needs a step number (0 or more), got '%s'",
					 optarg);
				return false;
			}
			break;
		case OPT_SIZE:
			if (sscanf(optarg, "%dx%d", &opt->width, &opt->height) != 2 ||
			    opt->width < 1 || opt->height < 1 ||
			    opt->width > 1000 || opt->height > 1000) {
				snprintf(err, errsz,
					 "--size needs WIDTHxHEIGHT such as 80x24 (1 to 1000 each), got '%s'",
					 optarg);
				return false;
			}
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				opt->color = CLI_COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				opt->color = CLI_COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				opt->color = CLI_COLOR_NEVER;
			else {
				snprintf(err, errsz,
					 "--color needs auto, always or never, got '%s'",
					 optarg);
				return false;
			}
			break;
		case OPT_ASCII:
			opt->ascii = true;
			break;
		case OPT_PANES:
			if (!parse_panes(optarg, &opt->panes, err, errsz))
				return false;
			break;
		case OPT_PRESENT:
			opt->present = true;
			break;
		case OPT_NO_MOUSE:
			opt->no_mouse = true;
			break;
		case OPT_COMPARE:
			if (!compare_parse_policies(optarg, opt->policies,
						    CLI_MAX_COMPARE,
						    &opt->npolicies, err, errsz))
				return false;
			break;
		case OPT_FRAMES:
			if (!compare_parse_frames(optarg, opt->frames,
						  CLI_MAX_COMPARE, &opt->nframes,
						  err, errsz))
				return false;
			break;
		case ':':
			snprintf(err, errsz, "option '%s' needs an argument",
				 argv[optind - 1]);
			return false;
		default:
			if (optopt)
				snprintf(err, errsz, "unknown option '-%c'", optopt);
			else
				snprintf(err, errsz, "unknown option '%s'",
					 argv[optind - 1]);
			return false;
		}
	}
	if (opt->mode == CLI_HELP || opt->mode == CLI_VERSION)
		return true;
	if (optind < argc)
		opt->file = argv[optind++];
	if (optind < argc) {
		snprintf(err, errsz, "one scenario at a time (extra argument '%s')",
			 argv[optind]);
		return false;
	}
	if (opt->json && opt->mode != CLI_BATCH) {
		snprintf(err, errsz, "--json goes with --batch");
		return false;
	}
	if ((opt->width || opt->height) && opt->mode != CLI_DUMP) {
		snprintf(err, errsz, "--size goes with --dump");
		return false;
	}
	return true;
}
