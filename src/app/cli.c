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
#include "app/traceprog.h"
#include "core/heap.h"
#include "core/program.h"
#include "core/quiz.h"
#include "core/util.h"

enum {
	OPT_JSON = 256,
	OPT_DUMP,
	OPT_LIST,
	OPT_COLOR,
	OPT_ASCII,
	OPT_SIZE,
	OPT_STEP,
	OPT_FORMAT,
	OPT_EXPORT,
	OPT_HANDOUT,
	OPT_RECORD,
	OPT_STEP_DELAY,
	OPT_FROM,
	OPT_TO,
	OPT_IDLE_LIMIT,
	OPT_MARKER_EVERY_STEP,
	OPT_KEYS,
	OPT_KEYS_OUT,
	OPT_KEYS_SPEED,
	OPT_PANES,
	OPT_PRESENT,
	OPT_NO_MOUSE,
	OPT_COMPARE,
	OPT_FRAMES,
	OPT_TABLE,
	OPT_GENERATE,
	OPT_SEED,
	OPT_BRIEF,
	OPT_HTML,
	OPT_MARKED_ONLY,
	OPT_THEME,
	OPT_TRACE_PROGRAM,
	OPT_WHAT,
	OPT_LIMIT,
	OPT_HEAP_POLICY,
	OPT_VARY,
	OPT_HEAP_SIZE,
	OPT_QUIZ,
	OPT_QUESTIONS_ONLY,
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "check", no_argument, NULL, 'c' },
	{ "batch", no_argument, NULL, 'b' },
	{ "json", optional_argument, NULL, OPT_JSON },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "export", required_argument, NULL, OPT_EXPORT },
	{ "handout", required_argument, NULL, OPT_HANDOUT },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "step-delay", required_argument, NULL, OPT_STEP_DELAY },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "idle-limit", required_argument, NULL, OPT_IDLE_LIMIT },
	{ "marker-every-step", no_argument, NULL, OPT_MARKER_EVERY_STEP },
	{ "keys", required_argument, NULL, OPT_KEYS },
	{ "keys-out", required_argument, NULL, OPT_KEYS_OUT },
	{ "keys-speed", required_argument, NULL, OPT_KEYS_SPEED },
	{ "panes", required_argument, NULL, OPT_PANES },
	{ "present", no_argument, NULL, OPT_PRESENT },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "frames", required_argument, NULL, OPT_FRAMES },
	{ "table", no_argument, NULL, OPT_TABLE },
	{ "generate", required_argument, NULL, OPT_GENERATE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "brief", no_argument, NULL, OPT_BRIEF },
	{ "html", required_argument, NULL, OPT_HTML },
	{ "marked-only", no_argument, NULL, OPT_MARKED_ONLY },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "trace-program", required_argument, NULL, OPT_TRACE_PROGRAM },
	{ "what", required_argument, NULL, OPT_WHAT },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ "heap-policy", required_argument, NULL, OPT_HEAP_POLICY },
	{ "vary", required_argument, NULL, OPT_VARY },
	{ "heap-size", required_argument, NULL, OPT_HEAP_SIZE },
	{ "quiz", optional_argument, NULL, OPT_QUIZ },
	{ "questions-only", no_argument, NULL, OPT_QUESTIONS_ONLY },
	{ NULL, 0, NULL, 0 },
};

/*
 * The --help text, in parts: ISO C leaves string literals over 4095 bytes
 * to the compiler, so the parts are joined once, on the first call.
 */
static const char *const usage_parts[] = {
	"Usage: memviz [OPTION]... [SCENARIO]\n"
	"Watch memory management happen, step by step.\n"
	"\n"
	"SCENARIO is a scenario file, or the name of an installed one\n"
	"(memviz belady opens belady.mvs); without it, the built-in tour.\n"
	"\n"
	"Modes:\n"
	"  (none)             open the interactive viewer\n"
	"  -c, --check        validate the scenario only\n"
	"  -b, --batch        print the narration of every step\n"
	"      --json[=full]  with --batch: JSON Lines, one object per step\n"
	"                     (what the step changed; full: every model's state)\n"
	"      --dump         print the screen at a step as plain text\n"
	"      --list         list the installed scenarios with their titles\n"
	"      --export OUT   write an asciicast v2 recording of the steps,\n"
	"                     with no terminal (same bytes every run)\n"
	"      --handout OUT  write a printable HTML page of every step\n"
	"      --table        print the exercise's answer key as the\n"
	"                     textbook's tables (--format=csv for CSV)\n"
	"      --generate KIND [KEY=VALUE]...  write a new exercise\n"
	"                     (paging translate malloc buddy cache gc;\n"
	"                     --generate help lists every key)\n"
	"      --html OUT     write an interactive page for a course website\n"
	"                     (one file, works offline; default size 100x30)\n"
	"\n"
	"Options:\n"
	"      --step N       with --dump (or interactive): start at step N\n"
	"      --size WxH     with --dump: the screen size (default 80x24;\n"
	"                     100x30 with --html)\n"
	"      --color WHEN   auto, always or never (NO_COLOR is respected)\n"
	"      --ascii        draw with ASCII only\n"
	"      --format FMT   with --dump: text (default) or svg;\n"
	"                     with --table: text or csv\n"
	"      --seed N       with --generate: the exercise's seed\n"
	"      --from N, --to M  with --export, --handout, --html: the steps\n"
	"                     shown (N, M: step numbers or chapter names)\n"
	"      --marked-only  with --export, --handout, --html: only the\n"
	"                     marked steps, and the first and the last\n"
	"      --theme T      with --html: auto, color or mono\n"
	"      --step-delay S with --export: seconds per step (default 1)\n",
	"      --record OUT   interactive: record the session (asciicast v2)\n"
	"      --idle-limit S with --record: shorten pauses to S seconds\n"
	"      --marker-every-step  with --record, --export: a marker per step\n"
	"      --keys FILE    interactive: replay the keys of FILE first\n"
	"      --keys-out FILE  interactive: log the keys, with their timing\n"
	"      --keys-speed F with --keys: F times faster (0: no pauses)\n"
	"      --panes LIST   the model panes to show, e.g. stack,heap\n"
	"                     (stack heap pagetable frames cache gc)\n"
	"      --present      presentation mode for projectors\n"
	"      --brief        one short line of narration a step (key b;\n"
	"                     also with --batch)\n"
	"      --no-mouse     leave the mouse to the terminal\n"
	"      --compare LIST run under each replacement policy, side by\n"
	"                     side (fifo lru clock eclock opt random)\n"
	"      --frames LIST  run with each frame count, e.g. 3,4\n"
	"      --compare HEAP-POLICIES  for a heap scenario: first-fit\n"
	"                     next-fit best-fit worst-fit buddy slab\n"
	"      --vary KEY=V1,V2,...  run with one setting changed, side by\n"
	"                     side (frames, tlb.entries, L1.size, L1.ways,\n"
	"                     heap.size, gc.young, ...)\n"
	"      --trace-program OUT -- PROG [ARGS...]  run PROG and write\n"
	"                     a scenario of its heap calls to OUT (- opens\n"
	"                     it at once); memviz exits with PROG's status\n"
	"      --what WHAT    with --trace-program: heap (default), cache\n"
	"                     (valgrind's lackey) or heap,cache\n"
	"      --limit N      with --trace-program: keep the first N calls\n"
	"      --heap-policy P  with --trace-program: the heap's policy\n"
	"      --heap-size N  with --trace-program: the heap's size in bytes\n"
	"                     (K, M, G suffixes; default: fit the peak)\n"
	"      --quiz[=KINDS] ask before each predictable outcome (kinds:\n"
	"                     hit victim address paddr set freed; default\n"
	"                     all); with --batch, answers come from stdin\n"
	"      --questions-only  with --handout: the questions, no answers\n"
	"  -h, --help         show this help and exit\n"
	"  -V, --version      show the version and exit\n"
	"\n"
	"Exit status: 0 success, 1 runtime failure, 2 bad usage or an\n"
	"invalid scenario.  See memviz(1) and memviz-scenario(5).\n"
	"\n"
	"Report bugs to the memviz issue tracker.\n",
};

const char *cli_usage(void)
{
	static char *text;
	size_t i, len = 0;

	if (text)
		return text;
	for (i = 0; i < sizeof usage_parts / sizeof usage_parts[0]; i++)
		len += strlen(usage_parts[i]);
	text = xmalloc(len + 1);
	text[0] = '\0';
	for (i = 0; i < sizeof usage_parts / sizeof usage_parts[0]; i++)
		strcat(text, usage_parts[i]);
	return text;
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

/* A number of seconds (or a factor): finite, 0 or more, at most max. */
/*
 * A --from/--to value that names a chapter rather than a step: anything
 * but digits (with an optional sign, so "-3" stays a bad number).
 */
static bool is_chapter_name(const char *s)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (*p == '\0')
		return *s != '\0' && p == s;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return true;
	return false;
}

static bool parse_seconds(const char *s, double max, double *out)
{
	char *end;
	double v;

	if (*s == '\0')
		return false;
	v = strtod(s, &end);
	if (*end != '\0' || !(v >= 0) || v > max)
		return false;
	*out = v;
	return true;
}

static bool set_mode(struct cli_options *opt, enum cli_mode mode, char *err,
		     size_t errsz)
{
	if (opt->mode != CLI_INTERACTIVE && opt->mode != mode &&
	    opt->mode != CLI_HELP && opt->mode != CLI_VERSION) {
		snprintf(err, errsz,
			 "--check, --batch, --dump, --list, --export, --handout, "
			 "--html, --table and --generate cannot be combined");
		return false;
	}
	if (opt->mode != CLI_HELP && opt->mode != CLI_VERSION)
		opt->mode = mode;
	return true;
}

/* The recording options go with their modes; a range is in order. */
static bool cli_check_recording(const struct cli_options *opt, char *err,
				size_t errsz)
{
	bool live = opt->mode == CLI_INTERACTIVE;
	const char *bad = NULL;

	if (opt->format_given && opt->mode != CLI_DUMP &&
	    opt->mode != CLI_TABLE)
		bad = "--format goes with --dump or --table";
	else if (opt->format == CLI_FORMAT_SVG && opt->mode == CLI_TABLE)
		bad = "--table takes --format text or csv";
	else if (opt->format == CLI_FORMAT_CSV && opt->mode != CLI_TABLE)
		bad = "--format csv goes with --table";
	else if (opt->gen_seed_given && opt->mode != CLI_GENERATE)
		bad = "--seed goes with --generate";
	else if (opt->step_delay > 0 && opt->mode != CLI_EXPORT)
		bad = "--step-delay goes with --export";
	else if ((opt->from >= 0 || opt->to >= 0 || opt->from_chapter ||
		  opt->to_chapter) && opt->mode != CLI_EXPORT &&
		 opt->mode != CLI_HANDOUT && opt->mode != CLI_HTML)
		bad = "--from and --to go with --export, --handout or --html";
	else if (opt->marked_only && opt->mode != CLI_EXPORT &&
		 opt->mode != CLI_HANDOUT && opt->mode != CLI_HTML)
		bad = "--marked-only goes with --export, --handout or --html";
	else if (opt->theme_given && opt->mode != CLI_HTML)
		bad = "--theme goes with --html";
	else if (opt->from >= 0 && opt->to >= 0 && opt->from > opt->to)
		bad = "--from must not be after --to";
	else if ((opt->record_path || opt->keys_in || opt->keys_out) && !live)
		bad = "--record, --keys and --keys-out go with the interactive viewer";
	else if (opt->idle_limit > 0 && opt->record_path == NULL)
		bad = "--idle-limit goes with --record";
	else if (opt->keys_speed >= 0 && opt->keys_in == NULL)
		bad = "--keys-speed goes with --keys";
	else if (opt->marker_every_step && opt->record_path == NULL &&
		 opt->mode != CLI_EXPORT)
		bad = "--marker-every-step goes with --record or --export";
	if (bad) {
		snprintf(err, errsz, "%s", bad);
		return false;
	}
	return true;
}

/* --trace-program: its options go together; the rest is PROG ARGS. */
static bool cli_check_trace(int argc, char **argv, struct cli_options *opt,
			    char *err, size_t errsz)
{
	if (opt->trace_out == NULL) {
		snprintf(err, errsz,
			 "--what, --limit, --heap-policy and --heap-size go with --trace-program");
		return false;
	}
	if (opt->mode != CLI_INTERACTIVE || opt->npolicies ||
	    opt->nheap_policies || opt->nframes || opt->vary) {
		snprintf(err, errsz,
			 "--trace-program records only: open its scenario afterwards (or give - as OUT)");
		return false;
	}
	if (optind >= argc) {
		snprintf(err, errsz,
			 "--trace-program needs a program: memviz --trace-program OUT.mvs -- PROG [ARGS...]");
		return false;
	}
	if (opt->heap_size && opt->heap_policy == HEAP_BUDDY &&
	    (opt->heap_size & (opt->heap_size - 1))) {
		snprintf(err, errsz,
			 "--heap-size: a buddy heap's size must be a power of two");
		return false;
	}
	opt->prog_argv = argv + optind;
	return true;
}

/* --quiz goes with the viewer, --batch and --handout; --questions-only
 * with --handout. */
static bool cli_check_quiz(const struct cli_options *opt, char *err,
			   size_t errsz)
{
	if (opt->quiz && opt->mode != CLI_INTERACTIVE &&
	    opt->mode != CLI_BATCH && opt->mode != CLI_HANDOUT) {
		snprintf(err, errsz,
			 "--quiz goes with the viewer, --batch or --handout");
		return false;
	}
	if (opt->quiz && (opt->npolicies || opt->nframes ||
			  opt->nheap_policies || opt->vary)) {
		snprintf(err, errsz, "--quiz cannot be combined with --compare, "
			 "--frames or --vary");
		return false;
	}
	if (opt->questions_only && opt->mode != CLI_HANDOUT) {
		snprintf(err, errsz, "--questions-only goes with --handout");
		return false;
	}
	return true;
}

bool cli_parse(int argc, char **argv, struct cli_options *opt, char *err,
	       size_t errsz)
{
	int c;

	memset(opt, 0, sizeof *opt);
	opt->step = -1;
	opt->from = opt->to = -1;
	opt->keys_speed = -1;
	opt->trace_limit = -1;
	opt->heap_policy = -1;
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
			if (optarg && strcmp(optarg, "full") == 0) {
				opt->json_full = true;
			} else if (optarg) {
				snprintf(err, errsz,
					 "--json takes no value or =full, got '%s'",
					 optarg);
				return false;
			}
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
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				opt->format = CLI_FORMAT_TEXT;
			else if (strcmp(optarg, "svg") == 0)
				opt->format = CLI_FORMAT_SVG;
			else if (strcmp(optarg, "csv") == 0)
				opt->format = CLI_FORMAT_CSV;
			else {
				snprintf(err, errsz,
					 "--format needs text or svg (--dump), or text or csv (--table), got '%s'",
					 optarg);
				return false;
			}
			opt->format_given = true;
			break;
		case OPT_EXPORT:
		case OPT_HANDOUT:
			if (!set_mode(opt, c == OPT_EXPORT ? CLI_EXPORT : CLI_HANDOUT,
				      err, errsz))
				return false;
			opt->out_path = optarg;
			break;
		case OPT_HTML:
			if (!set_mode(opt, CLI_HTML, err, errsz))
				return false;
			opt->out_path = optarg;
			break;
		case OPT_MARKED_ONLY:
			opt->marked_only = true;
			break;
		case OPT_THEME:
			if (strcmp(optarg, "auto") == 0)
				opt->theme = 0;
			else if (strcmp(optarg, "color") == 0 ||
				 strcmp(optarg, "colour") == 0)
				opt->theme = 1;
			else if (strcmp(optarg, "mono") == 0)
				opt->theme = 2;
			else {
				snprintf(err, errsz,
					 "--theme needs auto, color or mono, got '%s'",
					 optarg);
				return false;
			}
			opt->theme_given = true;
			break;
		case OPT_RECORD:
			opt->record_path = optarg;
			break;
		case OPT_KEYS:
			opt->keys_in = optarg;
			break;
		case OPT_KEYS_OUT:
			opt->keys_out = optarg;
			break;
		case OPT_MARKER_EVERY_STEP:
			opt->marker_every_step = true;
			break;
		case OPT_FROM:
		case OPT_TO:
			if (is_chapter_name(optarg)) {
				/* a chapter name: resolved once the scenario is read */
				*(c == OPT_FROM ? &opt->from_chapter
						: &opt->to_chapter) = optarg;
				*(c == OPT_FROM ? &opt->from : &opt->to) = -1;
			} else if (!parse_long(optarg,
					       c == OPT_FROM ? &opt->from : &opt->to)) {
				snprintf(err, errsz,
					 "%s needs a step number (0 or more) or a "
					 "chapter name, got '%s'",
					 c == OPT_FROM ? "--from" : "--to", optarg);
				return false;
			} else {
				*(c == OPT_FROM ? &opt->from_chapter
						: &opt->to_chapter) = NULL;
			}
			break;
		case OPT_STEP_DELAY:
		case OPT_IDLE_LIMIT:
		case OPT_KEYS_SPEED: {
			double *v = c == OPT_STEP_DELAY ? &opt->step_delay
				    : c == OPT_IDLE_LIMIT ? &opt->idle_limit
							   : &opt->keys_speed;
			const char *name = c == OPT_STEP_DELAY ? "--step-delay"
					   : c == OPT_IDLE_LIMIT ? "--idle-limit"
								  : "--keys-speed";
			if (!parse_seconds(optarg, 86400, v) ||
			    (c != OPT_KEYS_SPEED && *v <= 0)) {
				snprintf(err, errsz,
					 "%s needs a number %s, got '%s'", name,
					 c == OPT_KEYS_SPEED ? "(0 or more)"
							    : "of seconds above 0",
					 optarg);
				return false;
			}
			break;
		}
		case OPT_PANES:
			if (!parse_panes(optarg, &opt->panes, err, errsz))
				return false;
			break;
		case OPT_PRESENT:
			opt->present = true;
			break;
		case OPT_BRIEF:
			opt->brief = true;
			break;
		case OPT_NO_MOUSE:
			opt->no_mouse = true;
			break;
		case OPT_COMPARE:
			if (compare_parse_heap_policies(optarg, opt->heap_policies,
							CLI_MAX_COMPARE,
							&opt->nheap_policies))
				break;
			if (!compare_parse_policies(optarg, opt->policies,
						    CLI_MAX_COMPARE,
						    &opt->npolicies, err, errsz)) {
				if (strstr(optarg, "fit") || strstr(optarg, "buddy") ||
				    strstr(optarg, "slab"))
					snprintf(err, errsz,
						 "--compare: '%.40s' mixes unknown names with heap policies (valid: first-fit, next-fit, best-fit, worst-fit, buddy, slab; at most %d)",
						 optarg, CLI_MAX_COMPARE);
				return false;
			}
			break;
		case OPT_VARY:
			if (!compare_check_vary(optarg, err, errsz))
				return false;
			opt->vary = optarg;
			break;
		case OPT_TRACE_PROGRAM:
			opt->trace_out = optarg;
			break;
		case OPT_WHAT:
			if (!traceprog_parse_what(optarg, &opt->trace_what, err,
						  errsz))
				return false;
			break;
		case OPT_LIMIT:
			if (!parse_long(optarg, &opt->trace_limit) ||
			    opt->trace_limit < 1) {
				snprintf(err, errsz,
					 "--limit needs a number of calls (1 or more), got '%s'",
					 optarg);
				return false;
			}
			break;
		case OPT_HEAP_SIZE: {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (*end == 'K' || *end == 'M' || *end == 'G') {
				v <<= *end == 'K' ? 10 : *end == 'M' ? 20 : 30;
				end++;
			}
			if (end == optarg || *end != '\0' || optarg[0] == '-' ||
			    v < 16 || v > (1ull << 30)) {
				snprintf(err, errsz,
					 "--heap-size needs a size from 16 bytes to 1G, got '%s'",
					 optarg);
				return false;
			}
			opt->heap_size = v;
			break;
		}
		case OPT_HEAP_POLICY: {
			int k;
			for (k = 0; heap_policy_names[k]; k++)
				if (strcmp(heap_policy_names[k], optarg) == 0)
					break;
			if (heap_policy_names[k] == NULL) {
				snprintf(err, errsz,
					 "--heap-policy: unknown policy '%s' (valid: first-fit, next-fit, best-fit, worst-fit, buddy, slab)",
					 optarg);
				return false;
			}
			opt->heap_policy = k;
			break;
		}
		case OPT_FRAMES:
			if (!compare_parse_frames(optarg, opt->frames,
						  CLI_MAX_COMPARE, &opt->nframes,
						  err, errsz))
				return false;
			break;
		case OPT_QUIZ:
			opt->quiz = true;
			opt->quiz_kinds = QUIZ_ALL;
			if (optarg && !quiz_kinds_parse(optarg, &opt->quiz_kinds,
							err, errsz))
				return false;
			break;
		case OPT_QUESTIONS_ONLY:
			opt->questions_only = true;
			break;
		case OPT_TABLE:
			if (!set_mode(opt, CLI_TABLE, err, errsz))
				return false;
			break;
		case OPT_GENERATE:
			if (!set_mode(opt, CLI_GENERATE, err, errsz))
				return false;
			opt->gen_kind = optarg;
			break;
		case OPT_SEED: {
			char *end;
			if (optarg[0] < '0' || optarg[0] > '9' ||
			    (opt->gen_seed = strtoull(optarg, &end, 0), *end)) {
				snprintf(err, errsz,
					 "--seed needs a number from 0 to 18446744073709551615, got '%s'",
					 optarg);
				return false;
			}
			opt->gen_seed_given = true;
			break;
		}
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
			if (opt->trace_out) {
				size_t l = strlen(err);
				snprintf(err + l, errsz - l,
					 " (the program's options go after --: memviz --trace-program OUT -- PROG ARGS...)");
			}
			return false;
		}
	}
	if (opt->mode == CLI_HELP || opt->mode == CLI_VERSION)
		return true;
	if (opt->mode == CLI_GENERATE) {
		/* KEY=VALUE arguments, checked by the generator. */
		opt->gen_args = argv + optind;
		opt->ngen_args = (size_t)(argc - optind);
		optind = argc;
	}
	if (opt->trace_out || opt->trace_what || opt->trace_limit >= 0 ||
	    opt->heap_policy >= 0 || opt->heap_size)
		return cli_check_trace(argc, argv, opt, err, errsz);
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
	if (opt->brief && opt->json) {
		snprintf(err, errsz, "--brief goes with the text of --batch, not --json");
		return false;
	}
	if ((opt->width || opt->height) && opt->mode != CLI_DUMP &&
	    opt->mode != CLI_EXPORT && opt->mode != CLI_HANDOUT &&
	    opt->mode != CLI_HTML) {
		snprintf(err, errsz,
			 "--size goes with --dump, --export, --handout or --html");
		return false;
	}
	if (!cli_check_recording(opt, err, errsz))
		return false;
	if ((opt->npolicies || opt->nframes) && opt->mode == CLI_HTML) {
		snprintf(err, errsz, "--compare and --frames do not go with --html");
		return false;
	}
	if (!cli_check_quiz(opt, err, errsz))
		return false;
	if ((opt->npolicies || opt->nframes || opt->nheap_policies ||
	     opt->vary) && (opt->mode == CLI_TABLE || opt->mode == CLI_GENERATE)) {
		snprintf(err, errsz, "--compare, --frames and --vary do not go with --table or --generate");
		return false;
	}
	return true;
}
