build/src/core/meta.o: src/core/meta.c include/core/directive.h \
 include/core/event.h include/core/program.h include/core/scenario.h \
 include/core/diag.h include/core/util.h
include/core/directive.h:
include/core/event.h:
include/core/program.h:
include/core/scenario.h:
include/core/diag.h:
include/core/util.h:
