/*
 * term.c: the terminal, through ncursesw.  This is the only file that
 * includes curses.
 *
 * Opening checks, before curses touches the screen, that stdout is a
 * terminal, that TERM has a terminfo entry (setupterm) and that it can
 * address the cursor (cup); each failure is a one-line reason for the
 * caller.  Then newterm (never initscr, which exits on its own), cbreak,
 * no echo, keypad, hidden cursor, and colours when wanted: start_color with
 * use_default_colors so -1 is the user's own foreground and background.
 * Roles map to colour pairs (pair = role + 1) and, always, to attributes,
 * so the screen keeps its meaning in monochrome.  The theme follows the
 * terminal's colours: a 256-colour palette, brighter highlights with 16,
 * the 8 basic colours, or none (monochrome attributes only).  The palette
 * itself is never changed (no init_color).
 *
 * The mouse, unless turned off, reports clicks and the wheel; they come
 * back from term_getkey as KEYC_MOUSE_CLICK, KEYC_WHEEL_UP and
 * KEYC_WHEEL_DOWN with the position in term_mouse_pos.
 *
 * Invariant: once open, every way out restores the terminal: term_close,
 * the fatal hook, atexit, and handlers for SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT and crash signals (installed after newterm, so they replace
 * ncurses' own).
 *
 * Each frame is the whole canvas written into stdscr over erase() and sent
 * with one doupdate(): curses compares it with what the screen shows and
 * sends only the cells that changed.  Nothing calls clear() except Ctrl-L.
 */
#include "app/term.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "app/keymap.h"
#include "core/util.h"
#include "view/canvas.h"

/* Last: its capability macros (lines, columns...) would clash above. */
#include <term.h>

/*
 * Colour of each role: foreground, background (-1: the terminal's own),
 * attributes added always, and attributes added only without colour.
 */
static const struct {
	short fg, bg;
	attr_t mono;
	attr_t always;
} role_look[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, 0 },
	[ROLE_TITLE] = { -1, -1, A_BOLD },
	[ROLE_BORDER] = { -1, -1, 0 },
	[ROLE_FOCUS_BORDER] = { COLOR_CYAN, -1, A_BOLD },
	[ROLE_CHANGED] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD | A_UNDERLINE },
	[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD },
	[ROLE_DIM] = { -1, -1, 0, A_DIM },
	[ROLE_STATUS] = { -1, -1, 0 },
	[ROLE_KEY] = { COLOR_GREEN, -1, A_BOLD },
	[ROLE_MARK] = { COLOR_MAGENTA, -1, A_BOLD },
	[ROLE_NOTE] = { COLOR_GREEN, -1, A_BOLD },
	[ROLE_CURRENT] = { -1, -1, A_BOLD },
	[ROLE_STACK_FRAME] = { COLOR_CYAN, -1, A_BOLD },
	[ROLE_RETADDR] = { COLOR_MAGENTA, -1, 0 },
	[ROLE_SAVED_FP] = { COLOR_BLUE, -1, 0 },
	[ROLE_POINTER] = { COLOR_GREEN, -1, A_BOLD },
	[ROLE_HEAP_FREE] = { COLOR_GREEN, -1, 0 },
	[ROLE_HEAP_USED] = { COLOR_CYAN, -1, A_BOLD },
	[ROLE_PAGE_PRESENT] = { COLOR_GREEN, -1, 0 },
	[ROLE_PAGE_ABSENT] = { COLOR_RED, -1, A_DIM },
	[ROLE_FRAME_FREE] = { COLOR_GREEN, -1, 0 },
	[ROLE_FRAME_USED] = { COLOR_CYAN, -1, A_BOLD },
	[ROLE_CACHE_HIT] = { COLOR_GREEN, -1, A_BOLD },
	[ROLE_CACHE_MISS] = { COLOR_RED, -1, A_BOLD },
	[ROLE_TIMELINE] = { COLOR_CYAN, -1, 0 },
};

/*
 * The 256-colour theme: xterm palette numbers that read on light and dark
 * backgrounds alike (-1 keeps the 8-colour choice; -2 means the terminal's
 * own colour).  Attributes come from role_look.
 */
static const struct {
	short fg, bg;
} role_256[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1 },
	[ROLE_TITLE] = { -1, -1 },
	[ROLE_BORDER] = { 245, -2 },
	[ROLE_FOCUS_BORDER] = { 38, -2 },
	[ROLE_CHANGED] = { 16, 220 },
	[ROLE_ERROR] = { 160, -2 },
	[ROLE_DIM] = { 244, -2 },
	[ROLE_STATUS] = { -1, -1 },
	[ROLE_KEY] = { 34, -2 },
	[ROLE_MARK] = { 127, -2 },
	[ROLE_NOTE] = { 35, -2 },
	[ROLE_CURRENT] = { -1, -1 },
	[ROLE_STACK_FRAME] = { 31, -2 },
	[ROLE_RETADDR] = { 133, -2 },
	[ROLE_SAVED_FP] = { 67, -2 },
	[ROLE_POINTER] = { 34, -2 },
	[ROLE_HEAP_FREE] = { 71, -2 },
	[ROLE_HEAP_USED] = { 31, -2 },
	[ROLE_PAGE_PRESENT] = { 71, -2 },
	[ROLE_PAGE_ABSENT] = { 167, -2 },
	[ROLE_FRAME_FREE] = { 71, -2 },
	[ROLE_FRAME_USED] = { 31, -2 },
	[ROLE_CACHE_HIT] = { 34, -2 },
	[ROLE_CACHE_MISS] = { 160, -2 },
	[ROLE_TIMELINE] = { 38, -2 },
};

static struct {
	SCREEN *screen;
	bool open;
	bool color;
	bool ascii;
	bool present;
	bool atexit_done;
	int colors;           /* 256, 16, 8, or 0 without colour */
	int mouse_x, mouse_y; /* the last mouse event */
	bool keys_from_tty;   /* term_keys_from_tty was called */
	FILE *tty;            /* keys from /dev/tty when stdin is the
				 scenario (`memviz -`), else NULL */
} term;

void term_keys_from_tty(void)
{
	term.keys_from_tty = true;
}

static void restore_terminal(void)
{
	if (term.open && !isendwin()) {
		curs_set(1);
		endwin();
	}
}

/* A signal ends the program: restore the terminal, then die of it. */
static void on_signal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_exit_restore(void)
{
	restore_terminal();
}

/* The fatal hook (out of memory): the terminal first, then the message. */
static void on_fatal(const char *message)
{
	restore_terminal();
	fprintf(stderr, "memviz: fatal: %s\n", message);
	exit(1);
}

static void install_handlers(void)
{
	static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	static const int crash_signals[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
					     SIGILL };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	for (i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++)
		sigaction(quit_signals[i], &sa, NULL);
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
		sigaction(crash_signals[i], &sa, NULL);
	if (!term.atexit_done) {
		atexit(on_exit_restore);
		term.atexit_done = true;
	}
	util_set_fatal(on_fatal);
}

/* Should colours be used?  Flags win over NO_COLOR; NO_COLOR over auto. */
static bool want_color(enum cli_color mode)
{
	const char *no_color = getenv("NO_COLOR");

	if (mode == CLI_COLOR_NEVER)
		return false;
	if (mode == CLI_COLOR_AUTO && no_color && no_color[0])
		return false;
	return has_colors();
}

/* The foreground and background of a role in the theme for `colors`. */
static void role_colors(short role, int colors, short *fg, short *bg)
{
	*fg = role_look[role].fg;
	*bg = role_look[role].bg;
	if (*fg == COLOR_BLACK && *bg == COLOR_BLACK)
		*fg = *bg = -1; /* a role missing from role_look */
	if (colors >= 256) {
		if (role_256[role].fg != -1 || role_256[role].bg != -1) {
			*fg = role_256[role].fg == -2 ? -1 : role_256[role].fg;
			*bg = role_256[role].bg == -2 ? -1 : role_256[role].bg;
		}
	} else if (colors >= 16) {
		/* The bright half: a stronger highlight, grey secondary text. */
		if (role == ROLE_CHANGED)
			*bg = COLOR_YELLOW + 8;
		else if (role == ROLE_DIM)
			*fg = COLOR_BLACK + 8;
		else if (role == ROLE_ERROR || role == ROLE_CACHE_MISS)
			*fg = COLOR_RED + 8;
	}
}

static void setup_colors(void)
{
	short role;

	bool defaults;

	if (start_color() != OK)
		return;
	/* Without default colours, -1 is no colour: use white on black. */
	defaults = use_default_colors() == OK;
	term.colors = COLORS >= 256 && COLOR_PAIRS > ROLE_COUNT ? 256
		      : COLORS >= 16				    ? 16
								    : 8;
	for (role = 0; role < ROLE_COUNT; role++) {
		short fg, bg;

		role_colors(role, term.colors, &fg, &bg);
		if (!defaults && fg < 0)
			fg = COLOR_WHITE;
		if (!defaults && bg < 0)
			bg = COLOR_BLACK;
		init_pair((short)(role + 1), fg, bg);
	}
	term.color = true;
}

/* Check TERM before curses draws anything; false with a reason. */
static bool check_terminal(char *err, size_t errsz)
{
	const char *name = getenv("TERM");
	const char *cup;
	int status = 0;

	if (!isatty(STDOUT_FILENO)) {
		snprintf(err, errsz,
			 "standard output is not a terminal; use --batch or "
			 "--dump for text output");
		return false;
	}
	if (name == NULL || name[0] == '\0') {
		snprintf(err, errsz,
			 "TERM is not set; try TERM=xterm-256color, or use "
			 "--batch");
		return false;
	}
	if (setupterm(NULL, STDOUT_FILENO, &status) != OK) {
		if (status == -1)
			snprintf(err, errsz,
				 "no terminfo database found for TERM '%s'; "
				 "try TERM=xterm-256color, or use --batch",
				 name);
		else
			snprintf(err, errsz,
				 "unknown terminal type '%s'; try "
				 "TERM=xterm-256color, or use --batch",
				 name);
		return false;
	}
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		snprintf(err, errsz,
			 "terminal type '%s' cannot move the cursor; use a "
			 "full-screen terminal (TERM=xterm-256color), or --batch",
			 name);
		del_curterm(cur_term);
		return false;
	}
	del_curterm(cur_term);
	return true;
}

bool term_open(const struct term_options *opt, char *err, size_t errsz)
{
	const char *name;

	if (term.open)
		return true;
	setlocale(LC_ALL, "");
	term.ascii = opt->ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	if (!check_terminal(err, errsz))
		return false;
	name = getenv("TERM");
	/* The scenario came on stdin (`-`): the keys come from the terminal. */
	term.tty = term.keys_from_tty && !isatty(STDIN_FILENO) ?
			   fopen("/dev/tty", "r") : NULL;
	term.screen = newterm(NULL, stdout, term.tty ? term.tty : stdin);
	if (term.screen == NULL) {
		if (term.tty)
			fclose(term.tty);
		term.tty = NULL;
		snprintf(err, errsz,
			 "unknown terminal type '%s'; try TERM=xterm-256color, "
			 "or use --batch",
			 name ? name : "");
		return false;
	}
	set_term(term.screen);
	term.open = true;
	install_handlers();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(100);
	curs_set(0);
	term.color = false;
	term.colors = 0;
	term.present = opt->present;
	if (want_color(opt->color))
		setup_colors();
	if (opt->mouse) {
		/* Clicks and the wheel only: no motion, no drag reports. */
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
				  | BUTTON5_PRESSED
#endif
			  ,
			  NULL);
		mouseinterval(0);
	}
	return true;
}

void term_close(void)
{
	if (!term.open)
		return;
	restore_terminal();
	delscreen(term.screen);
	term.screen = NULL;
	term.open = false;
	if (term.tty)
		fclose(term.tty);
	term.tty = NULL;
}

void term_size(int *width, int *height)
{
	*width = term.open ? COLS : 0;
	*height = term.open ? LINES : 0;
}

bool term_ascii(void)
{
	return term.ascii;
}

bool term_color(void)
{
	return term.color;
}

int term_colors(void)
{
	return term.colors;
}

void term_mouse_pos(int *x, int *y)
{
	*x = term.mouse_x;
	*y = term.mouse_y;
}

/* Curses attributes for a cell style. */
static attr_t cell_attrs(struct style st)
{
	attr_t a = 0;

	if (st.attr & ATTR_BOLD)
		a |= A_BOLD;
	if (st.attr & ATTR_REVERSE)
		a |= A_REVERSE;
	if (st.attr & ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	if (st.role < ROLE_COUNT)
		a |= role_look[st.role].always |
		     (term.color ? 0 : role_look[st.role].mono);
	/* Presentation: what changed stands out from across the room. */
	if (term.present && st.role == ROLE_CHANGED)
		a |= A_BOLD | (term.color ? 0 : A_REVERSE);
	return a;
}

void term_blit(const struct canvas *c)
{
	int x, y;

	if (!term.open)
		return;
	erase();
	for (y = 0; y < c->height && y < LINES; y++) {
		for (x = 0; x < c->width && x < COLS; x++) {
			const struct cell *cell = canvas_cell(c, x, y);
			wchar_t wc[2];
			cchar_t cc;
			short pair = 0;

			if (cell->ch == CANVAS_WIDE_TAIL)
				continue;
			wc[0] = (wchar_t)cell->ch;
			wc[1] = L'\0';
			if (term.ascii && cell->ch > 0x7e)
				wc[0] = L'?';
			if (term.color && cell->style.role < ROLE_COUNT &&
			    cell->style.role != ROLE_NORMAL)
				pair = (short)(cell->style.role + 1);
			setcchar(&cc, wc, cell_attrs(cell->style), pair, NULL);
			mvadd_wch(y, x, &cc);
		}
	}
	wnoutrefresh(stdscr);
	doupdate();
}

void term_redraw(void)
{
	if (term.open)
		clearok(curscr, TRUE);
}

/* Milliseconds on a monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A mouse report as a key code (KEYC_UNKNOWN for what we ignore). */
static int translate_mouse(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return KEYC_UNKNOWN;
	term.mouse_x = ev.x;
	term.mouse_y = ev.y;
	if (ev.bstate & BUTTON4_PRESSED)
		return KEYC_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return KEYC_WHEEL_DOWN;
#endif
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		return KEYC_MOUSE_CLICK;
	return KEYC_UNKNOWN;
}

/* A curses function key as a key code. */
static int translate_key(int k)
{
	switch (k) {
	case KEY_MOUSE:
		return translate_mouse();
	case KEY_UP:
		return KEYC_UP;
	case KEY_DOWN:
		return KEYC_DOWN;
	case KEY_LEFT:
		return KEYC_LEFT;
	case KEY_RIGHT:
		return KEYC_RIGHT;
	case KEY_HOME:
		return KEYC_HOME;
	case KEY_END:
		return KEYC_END;
	case KEY_PPAGE:
		return KEYC_PPAGE;
	case KEY_NPAGE:
		return KEYC_NPAGE;
	case KEY_BACKSPACE:
		return KEYC_BACKSPACE;
	case KEY_BTAB:
		return KEYC_BTAB;
	case KEY_ENTER:
		return KEYC_ENTER;
	case KEY_RESIZE:
		return KEYC_RESIZE;
	default:
		if (k == KEY_F(1))
			return KEYC_F1;
		return KEYC_UNKNOWN;
	}
}

int term_getkey(int timeout_ms)
{
	long long start = now_ms();
	wint_t wc;
	int r;

	if (!term.open)
		return KEYC_EOF;
	timeout(timeout_ms < 0 ? -1 : timeout_ms);
	errno = 0;
	r = get_wch(&wc);
	if (r == ERR) {
		/* A signal (stop and continue, say): just draw again. */
		if (errno == EINTR)
			return KEYC_RESIZE;
		/*
		 * Blocking read: input is closed.  With a timeout, an ERR long
		 * before the time is up means the same (no busy loop on EOF).
		 */
		if (timeout_ms < 0 || now_ms() - start < timeout_ms / 2)
			return KEYC_EOF;
		return KEYC_TIMEOUT;
	}
	if (r == KEY_CODE_YES)
		return translate_key((int)wc);
	switch (wc) {
	case '\r':
	case '\n':
		return KEYC_ENTER;
	case 8:
	case 127:
		return KEYC_BACKSPACE;
	default:
		return (int)wc;
	}
}
