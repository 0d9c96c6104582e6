/*
 * main.c: the memviz command.  Finds the scenario (a path, an installed
 * name, or the built-in tour), parses and validates it, then runs the
 * chosen mode: interactive, --check, --batch, --dump or --list.
 * --export and --handout write recordings and handouts (export.c,
 * snapshot.c), --html the interactive page (html.c); --record and --keys
 * go to the interactive session.
 * Diagnostics go to stderr as FILE:LINE:COL: error: MESSAGE.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/batch.h"
#include "app/quizbatch.h"
#include "core/quiz.h"
#include "app/cli.h"
#include "app/export.h"
#include "app/html.h"
#include "app/limits.h"
#include "app/snapshot.h"
#include "app/term.h"
#include "app/compare.h"
#include "app/traceprog.h"
#include "app/ui.h"
#include "core/diag.h"
#include "core/engine.h"
#include "core/generate.h"
#include "core/scenario.h"
#include "core/table.h"
#include "core/util.h"

extern const char memviz_tour[];
extern const size_t memviz_tour_len;

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

static void fatal(const char *message)
{
	if (limits_data_bytes() && strcmp(message, "out of memory") == 0) {
		fprintf(stderr,
			"memviz: fatal: out of memory: the data limit of %llu "
			"MiB was reached (memviz never uses more than 1 GiB; "
			"see LIMITS in memviz(1))\n",
			(unsigned long long)(limits_data_bytes() >> 20));
		exit(EXIT_RUNTIME);
	}
	fprintf(stderr, "memviz: fatal: %s\n", message);
	exit(EXIT_RUNTIME);
}

/* Colours in files (recordings, SVG): on unless never, or NO_COLOR on auto. */
static bool file_color(enum cli_color mode)
{
	const char *no_color = getenv("NO_COLOR");

	if (mode == CLI_COLOR_NEVER)
		return false;
	return mode == CLI_COLOR_ALWAYS || no_color == NULL || no_color[0] == '\0';
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

#define NDIRS 5
#define NBUFS 3

/*
 * The folders searched for scenarios by name, in order (NULLs skipped):
 * $MEMVIZ_SCENARIO_DIR; next to the binary, as in a source tree
 * (build/../scenarios, or build/asan/../../scenarios) or a relocated
 * installation (bin/../share/...); the installation folder.
 */
static void scenario_dirs(const char *dirs[NDIRS], char bufs[NBUFS][PATH_MAX])
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	dirs[0] = getenv("MEMVIZ_SCENARIO_DIR");
	dirs[1] = dirs[2] = dirs[3] = NULL;
	dirs[4] = MEMVIZ_SCENARIO_DIR;
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return;
	*slash = '\0';
	snprintf(bufs[0], PATH_MAX, "%.*s/../scenarios", PATH_MAX - 32, exe);
	snprintf(bufs[1], PATH_MAX, "%.*s/../../scenarios", PATH_MAX - 32, exe);
	snprintf(bufs[2], PATH_MAX, "%.*s/../share/memviz/scenarios",
		 PATH_MAX - 32, exe);
	dirs[1] = bufs[0];
	dirs[2] = bufs[1];
	dirs[3] = bufs[2];
}

/* The installed recorded programs' scenarios are named programs/NAME. */
#define PROGRAMS_SUBDIR "programs/"

static bool is_program_name(const char *name)
{
	size_t l = strlen(PROGRAMS_SUBDIR);

	return strncmp(name, PROGRAMS_SUBDIR, l) == 0 && name[l] != '\0' &&
	       strchr(name + l, '/') == NULL && name[l] != '.';
}

/* Resolve a bare name (or programs/NAME) to an installed scenario; NULL
 * if none. */
static char *find_scenario(const char *name)
{
	const char *dirs[NDIRS];
	char bufs[NBUFS][PATH_MAX];
	char path[PATH_MAX + 64];
	size_t i;

	if (strchr(name, '/') && !is_program_name(name))
		return NULL;
	scenario_dirs(dirs, bufs);
	for (i = 0; i < NDIRS; i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0')
			continue;
		snprintf(path, sizeof path, "%s/%s.mvs", dirs[i], name);
		if (is_file(path))
			return xstrdup(path);
		snprintf(path, sizeof path, "%s/%s", dirs[i], name);
		if (is_file(path))
			return xstrdup(path);
	}
	return NULL;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --list: every scenario found by name, with its title. */
static int list_scenarios(void)
{
	const char *dirs[NDIRS];
	char bufs[NBUFS][PATH_MAX];
	char **names = NULL;
	size_t n = 0, cap = 0, i, d;
	int width = 0;

	scenario_dirs(dirs, bufs);
	for (d = 0; d < 2 * NDIRS; d++) {
		/* each folder, then its programs/ (listed as programs/NAME) */
		const char *sub = d % 2 ? PROGRAMS_SUBDIR : "";
		char path[PATH_MAX + 16];
		DIR *dir;
		struct dirent *ent;
		if (dirs[d / 2] == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", dirs[d / 2], sub);
		if ((dir = opendir(path)) == NULL)
			continue;
		while ((ent = readdir(dir)) != NULL) {
			size_t len = strlen(ent->d_name);
			if (len > 4 && strcmp(ent->d_name + len - 4, ".mvs") == 0) {
				char name[PATH_MAX];
				snprintf(name, sizeof name, "%s%.*s", sub,
					 (int)(len - 4), ent->d_name);
				names = xgrow(names, &cap, n + 1, sizeof *names);
				names[n++] = xstrdup(name);
			}
		}
		closedir(dir);
	}
	if (n > 1)
		qsort(names, n, sizeof *names, compare_names);
	/* The name column fits the longest name, so no title touches one. */
	for (i = 0; i < n; i++)
		if ((int)strlen(names[i]) > width)
			width = (int)strlen(names[i]);
	for (i = 0; i < n; i++) {
		char *path;
		struct diag diag;
		struct program *p;

		if (i > 0 && strcmp(names[i], names[i - 1]) == 0)
			continue;
		path = find_scenario(names[i]);
		diag_init(&diag, path);
		p = path ? scenario_load(path, &diag) : NULL;
		printf("%-*s  %s\n", width, names[i],
		       p == NULL ? "(invalid: run memviz --check)" :
		       p->config.title ? p->config.title : "");
		program_destroy(p);
		diag_free(&diag);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (n == 0) {
		fprintf(stderr, "memviz: no scenarios installed in %s\n",
			MEMVIZ_SCENARIO_DIR);
		return EXIT_RUNTIME;
	}
	return 0;
}

/* The temporary scenario of `--trace-program -` and its folder, removed
 * at exit (the viewer has read it by then). */
static char *recorded_path;

static void remove_recorded(void)
{
	char *slash;
	size_t n;
	char lackey[PATH_MAX + 16];

	if (recorded_path == NULL)
		return;
	unlink(recorded_path);
	n = strlen(recorded_path);
	snprintf(lackey, sizeof lackey, "%.*s.lackey", (int)(n - 4),
		 recorded_path);
	unlink(lackey);
	/* --what heap,cache: the cache scenario beside it, and its trace */
	snprintf(lackey, sizeof lackey, "%.*s-cache.mvs", (int)(n - 4),
		 recorded_path);
	unlink(lackey);
	snprintf(lackey, sizeof lackey, "%.*s-cache.lackey", (int)(n - 4),
		 recorded_path);
	unlink(lackey);
	slash = strrchr(recorded_path, '/');
	if (slash) {
		*slash = '\0';
		rmdir(recorded_path);
	}
	free(recorded_path);
	recorded_path = NULL;
}

static void atexit_remove_recorded(char *path)
{
	recorded_path = path;
	atexit(remove_recorded);
}

static void print_diag(const struct diag *d)
{
	size_t i;

	for (i = 0; i < d->count; i++)
		fprintf(stderr, "%s\n", d->lines[i]);
}

/* Load the scenario named on the command line (or the tour). */
static struct program *load(const char *arg, struct diag *diag)
{
	struct program *p;
	char *path;

	if (arg == NULL) {
		diag_free(diag);
		diag_init(diag, "tour.mvs");
		return scenario_parse("tour.mvs", memviz_tour, memviz_tour_len,
				      diag);
	}
	if (is_file(arg) || (strchr(arg, '/') && !is_program_name(arg)) ||
	    (path = find_scenario(arg)) == NULL)
		return scenario_load(arg, diag);
	diag_free(diag);
	diag_init(diag, path);
	p = scenario_load(path, diag);
	free(path);
	return p;
}

/* strcmp ignoring ASCII case. */
static int strcasecmp_ascii(const char *a, const char *b)
{
	int ca, cb;

	do {
		ca = (unsigned char)*a++;
		cb = (unsigned char)*b++;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
	} while (ca && ca == cb);
	return ca - cb;
}

/*
 * The step a chapter name stands for in --from (where = "from": the
 * chapter's first step) or --to (its last step: the one before the next
 * chapter, or N).  Marks are matched exactly, then ignoring case.  On an
 * unknown name, prints the error with the chapters there are and returns
 * false.
 */
static bool chapter_step(const struct engine *e, const char *name,
			 const char *where, long *out)
{
	const struct program *p = engine_program(e);
	size_t n = engine_count(e), k, found = 0;
	int pass;

	for (pass = 0; pass < 2 && found == 0; pass++)
		for (k = 1; k <= n && found == 0; k++) {
			const char *m = program_mark(p, k - 1);
			if (m && (pass == 0 ? strcmp(m, name) == 0
					    : strcasecmp_ascii(m, name) == 0))
				found = k;
		}
	if (found == 0) {
		bool any = false;
		fprintf(stderr, "memviz: --%s: no chapter named '%s' in %s",
			where, name, p->file);
		for (k = 1; k <= n; k++) {
			const char *m = program_mark(p, k - 1);
			if (m) {
				fprintf(stderr, "%s'%s'", any ? ", " : " (chapters: ",
					m);
				any = true;
			}
		}
		fputs(any ? ")\n" : ": it has no chapters (mark)\n", stderr);
		return false;
	}
	if (where[0] == 't') {
		size_t next = engine_find(e, found, EVF_MARK, 1);
		found = next ? next - 1 : n;
	}
	*out = (long)found;
	return true;
}

/*
 * Resolve --from/--to chapter names into step numbers; check the range
 * is in order.  Returns false after printing the error.
 */
static bool resolve_range(const struct engine *e, struct cli_options *opt)
{
	if (opt->from_chapter &&
	    !chapter_step(e, opt->from_chapter, "from", &opt->from))
		return false;
	if (opt->to_chapter && !chapter_step(e, opt->to_chapter, "to", &opt->to))
		return false;
	if (opt->from >= 0 && opt->to >= 0 && opt->from > opt->to) {
		fprintf(stderr, "memviz: --from (step %ld) must not be after --to "
				"(step %ld)\n",
			opt->from, opt->to);
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	struct cli_options opt;
	struct diag diag;
	struct program *prog;
	struct engine *eng;
	char err[256];
	char *recorded = NULL;
	int rc = 0;

	util_set_fatal(fatal);
	limits_apply();
	if (!cli_parse(argc, argv, &opt, err, sizeof err)) {
		fprintf(stderr, "memviz: %s\nTry 'memviz --help' for more information.\n",
			err);
		return EXIT_USAGE;
	}
	if (opt.mode == CLI_HELP) {
		fputs(cli_usage(), stdout);
		return 0;
	}
	if (opt.mode == CLI_VERSION) {
		printf("memviz %s\n", MEMVIZ_VERSION);
		return 0;
	}
	if (opt.mode == CLI_LIST)
		return list_scenarios();
	if (opt.mode == CLI_GENERATE) {
		struct strbuf sb;
		strbuf_init(&sb);
		if (strcmp(opt.gen_kind, "help") == 0)
			generate_help(&sb);
		else if (!generate(opt.gen_kind, opt.gen_seed_given ? opt.gen_seed : 1,
			      (const char *const *)opt.gen_args, opt.ngen_args,
			      &sb, err, sizeof err)) {
			strbuf_free(&sb);
			fprintf(stderr, "memviz: %s\n", err);
			return EXIT_USAGE;
		}
		if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len ||
		    fflush(stdout) != 0)
			rc = EXIT_RUNTIME;
		strbuf_free(&sb);
		return rc;
	}
	if (opt.trace_out) {
		struct traceprog_options to;
		memset(&to, 0, sizeof to);
		to.out = opt.trace_out;
		to.what = opt.trace_what;
		to.limit = opt.trace_limit;
		to.heap_policy = opt.heap_policy;
		to.heap_size = opt.heap_size;
		to.argv = opt.prog_argv;
		rc = traceprog_main(&to, &recorded);
		if (recorded == NULL)
			return rc;
		opt.file = recorded; /* --trace-program -: open it now */
		atexit_remove_recorded(recorded);
	}

	diag_init(&diag, opt.file ? opt.file : "tour.mvs");
	prog = load(opt.file, &diag);
	eng = prog ? engine_create(prog, &diag, 0) : NULL;
	if (eng == NULL) {
		print_diag(&diag);
		if (diag.errors > diag.limit)
			fprintf(stderr, "memviz: %zu errors in all\n", diag.errors);
		diag_free(&diag);
		program_destroy(prog);
		return EXIT_USAGE;
	}
	if (!resolve_range(eng, &opt)) {
		diag_free(&diag);
		engine_destroy(eng);
		program_destroy(prog);
		return EXIT_USAGE;
	}

	/* The scenario came on stdin: an interactive view reads the tty. */
	if (opt.file && strcmp(opt.file, "-") == 0)
		term_keys_from_tty();
	if ((opt.npolicies || opt.nframes || opt.nheap_policies || opt.vary) &&
	    opt.mode != CLI_CHECK) {
		diag_free(&diag);
		rc = compare_main(prog, &opt);
		engine_destroy(eng);
		program_destroy(prog);
		return rc;
	}
	switch (opt.mode) {
	case CLI_CHECK:
		/* Warnings first, as a compiler prints them, then the verdict. */
		print_diag(&diag);
		printf("%s: ok: %zu step%s\n", prog->file, engine_count(eng),
		       plural_s(engine_count(eng)));
		break;
	case CLI_TABLE: {
		struct table tables[TABLE_MODELS];
		struct strbuf sb;
		int i;
		strbuf_init(&sb);
		table_build(eng, tables);
		table_write(tables, opt.format == CLI_FORMAT_CSV, &sb);
		for (i = 0; i < TABLE_MODELS; i++)
			table_free(&tables[i]);
		if (sb.len && (fwrite(sb.buf, 1, sb.len, stdout) != sb.len ||
			       fflush(stdout) != 0))
			rc = EXIT_RUNTIME;
		strbuf_free(&sb);
		break;
	}
	case CLI_BATCH:
		if (opt.quiz)
			rc = quizbatch_run(eng, opt.quiz_kinds, opt.json, stdin,
					   stdout);
		else if (opt.brief)
			rc = batch_run_brief(eng, stdout);
		else
			rc = batch_run(eng,
				       !opt.json	  ? BATCH_TEXT
				       : opt.json_full ? BATCH_JSON_FULL
						       : BATCH_JSON,
				       stdout);
		if (rc)
			fprintf(stderr, "memviz: writing the output failed\n");
		break;
	case CLI_DUMP: {
		struct ui_options uo;
		struct strbuf sb;
		ui_options_init(&uo);
		uo.color = opt.color;
		uo.ascii = opt.ascii;
		uo.panes = opt.panes;
		uo.present = opt.present;
		uo.brief = opt.brief;
		strbuf_init(&sb);
		if (opt.format == CLI_FORMAT_SVG)
			rc = snapshot_svg(eng,
					  opt.step < 0 ? engine_count(eng)
						       : (size_t)opt.step,
					  opt.width ? opt.width : 80,
					  opt.height ? opt.height : 24, &uo,
					  file_color(opt.color), &sb);
		else
			rc = ui_dump(eng,
				     opt.step < 0 ? engine_count(eng)
						  : (size_t)opt.step,
				     opt.width ? opt.width : 80,
				     opt.height ? opt.height : 24, &uo, &sb);
		if (rc == 0 && sb.len &&
		    (fwrite(sb.buf, 1, sb.len, stdout) != sb.len ||
		     fflush(stdout) != 0))
			rc = EXIT_RUNTIME;
		strbuf_free(&sb);
		break;
	}
	case CLI_EXPORT:
	case CLI_HANDOUT: {
		struct ui_options uo;
		size_t n = engine_count(eng);
		size_t from = opt.from < 0 ? 0 : (size_t)opt.from;
		size_t to = opt.to < 0 || (size_t)opt.to > n ? n : (size_t)opt.to;
		ui_options_init(&uo);
		uo.color = opt.color;
		uo.ascii = opt.ascii;
		uo.panes = opt.panes;
		uo.present = opt.present;
		uo.brief = opt.brief;
		if (opt.mode == CLI_EXPORT) {
			struct export_options ro;
			memset(&ro, 0, sizeof ro);
			ro.width = opt.width ? opt.width : 80;
			ro.height = opt.height ? opt.height : 24;
			ro.step_delay = opt.step_delay > 0 ? opt.step_delay : 1.0;
			ro.from = from;
			ro.to = to;
			ro.marker_every_step = opt.marker_every_step;
			ro.marked_only = opt.marked_only;
			ro.color = file_color(opt.color);
			ro.ui = &uo;
			rc = export_recording(eng, opt.out_path, &ro);
		} else {
			struct snapshot_handout_options ho;
			struct quiz_list ql;
			memset(&ho, 0, sizeof ho);
			/* The asks, and with --quiz the derived questions. */
			quiz_collect(eng, opt.quiz ? opt.quiz_kinds : 0, &ql);
			ho.quiz = &ql;
			ho.questions_only = opt.questions_only;
			ho.width = opt.width ? opt.width : 80;
			ho.height = opt.height ? opt.height : 24;
			ho.from = from;
			ho.to = to;
			ho.marked_only = opt.marked_only;
			ho.ui = &uo;
			rc = snapshot_handout(eng, opt.out_path, &ho);
			quiz_list_free(&ql);
		}
		break;
	}
	case CLI_HTML: {
		struct ui_options uo;
		struct html_options hopt;
		size_t n = engine_count(eng);
		ui_options_init(&uo);
		uo.color = opt.color;
		uo.ascii = opt.ascii;
		uo.panes = opt.panes;
		uo.present = opt.present;
		memset(&hopt, 0, sizeof hopt);
		hopt.width = opt.width ? opt.width : 100;
		hopt.height = opt.height ? opt.height : 30;
		hopt.from = opt.from < 0 ? 0 : (size_t)opt.from;
		hopt.to = opt.to < 0 || (size_t)opt.to > n ? n : (size_t)opt.to;
		hopt.marked_only = opt.marked_only;
		hopt.theme = (enum html_theme)opt.theme;
		hopt.ui = &uo;
		rc = html_write(eng, opt.out_path, &hopt);
		break;
	}
	default: {
		struct ui_options uo;
		ui_options_init(&uo);
		uo.color = opt.color;
		uo.ascii = opt.ascii;
		uo.start_step = opt.step < 0 ? 0 : (size_t)opt.step;
		uo.session.record_path = opt.record_path;
		uo.session.idle_limit = opt.idle_limit;
		uo.session.marker_every_step = opt.marker_every_step;
		uo.session.keys_in = opt.keys_in;
		uo.session.keys_out = opt.keys_out;
		uo.session.keys_speed = opt.keys_speed < 0 ? 1.0 : opt.keys_speed;
		uo.panes = opt.panes;
		uo.present = opt.present;
		uo.brief = opt.brief;
		uo.mouse = !opt.no_mouse;
		uo.quiz = opt.quiz;
		uo.quiz_kinds = opt.quiz_kinds;
		rc = ui_run(eng, &uo);
		break;
	}
	}
	diag_free(&diag);
	engine_destroy(eng);
	program_destroy(prog);
	return rc;
}
