/*
 * vm_compare.c: compare mode: the program's page references run again
 * under each replacement policy and frame count asked for, quietly, to
 * tabulate their faults.  It drives whole machines through the directive
 * table, so it sits above the models and their directives.
 */
#include "core/vm.h"

#include <stdlib.h>
#include <string.h>

#include "core/directive.h"
#include "core/machine.h"
#include "core/util.h"

int vm_compare(const struct program *p, const char *const *policies,
	       size_t npol, const uint64_t *frames, size_t nframes,
	       struct vm_compare_result *out)
{
	int *pol = xcalloc(npol ? npol : 1, sizeof *pol);
	size_t i, k, fi, nf = nframes ? nframes : 1;
	struct exec_ctx x;

	for (i = 0; i < npol; i++) {
		for (k = 0; replace_policy_names[k]; k++)
			if (strcmp(policies[i], replace_policy_names[k]) == 0)
				break;
		if (replace_policy_names[k] == NULL) {
			free(pol);
			return -1;
		}
		pol[i] = (int)k;
	}
	for (fi = 0; fi < nframes; fi++) {
		if (frames[fi] < 1 || frames[fi] > VM_MAX_FRAMES) {
			free(pol);
			return -1;
		}
	}
	memset(&x, 0, sizeof x);
	for (i = 0; i < npol; i++) {
		for (fi = 0; fi < nf; fi++) {
			struct vm_compare_result *r = &out[i * nf + fi];
			struct vm_config c = p->config.vm;
			struct machine m;

			c.policy = pol[i];
			if (nframes) {
				c.frames = frames[fi];
				c.memory_bytes = 0;
			}
			machine_init(&m, p);
			vm_free(&m.vm);
			vm_init(&m.vm, &c, p);
			memset(r, 0, sizeof *r);
			for (k = 0; k < p->nsteps; k++) {
				const struct step *s = &p->steps[k];
				x.prog = p;
				x.step = s;
				x.keyword = directive_get(s->op)->name;
				x.step_index = k;
				x.nevents = 0;
				x.limit = SIZE_MAX;
				x.quiet = true;
				x.stopped = false;
				x.halt = false;
				x.flags = 0;
				x.diag = NULL;
				directive_get(s->op)->exec(&m, s, &x);
				if (x.halt) {
					r->crashed = true;
					break;
				}
			}
			r->policy = pol[i];
			r->frames = m.vm.g.frames;
			r->references = m.vm.st.references;
			r->page_faults = m.vm.st.page_faults;
			r->hits = m.vm.st.hits;
			r->evictions = m.vm.st.evictions;
			r->writebacks = m.vm.st.writebacks;
			r->hit_ratio = r->references ?
					       (double)r->hits /
						       (double)r->references :
					       0.0;
			machine_free(&m);
		}
	}
	free(x.events);
	free(pol);
	return 0;
}
