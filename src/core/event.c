/*
 * event.c: the table of event kinds (see EVENT_KINDS in event.h) turned
 * into names and flags.  The table is the only list of kinds; nothing else
 * spells a kind as a string.
 */
#include "core/event.h"

static const struct {
	const char *name;
	uint32_t flags;
} kinds[EV_COUNT] = {
	[EV_NOTHING] = { "nothing", 0 },
#define EVENT_KIND_ROW(id, name, flags) [id] = { name, flags },
	EVENT_KINDS(EVENT_KIND_ROW)
#undef EVENT_KIND_ROW
};

const char *event_kind_name(enum event_kind k)
{
	return (unsigned)k < EV_COUNT ? kinds[k].name : "?";
}

uint32_t event_kind_flags(enum event_kind k)
{
	return (unsigned)k < EV_COUNT ? kinds[k].flags : 0;
}
