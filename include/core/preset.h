/*
 * preset.h: state given up front for exercises (`pte`, `frame`; the
 * directives are in preset.c).  The parsed entries are program->presets
 * (program.h); a machine gets them when it is created.
 */
#ifndef MEMVIZ_CORE_PRESET_H
#define MEMVIZ_CORE_PRESET_H

struct machine;

/*
 * Apply m->prog's presets, in scenario order, to a freshly initialised
 * machine: page-table entries and pages in frames of process 0.  The
 * parser has checked them; an entry that does not fit is skipped.
 */
void preset_apply(struct machine *m);

#endif
