build/src/core/scenario.o: src/core/scenario.c include/core/scenario.h \
 include/core/diag.h include/core/program.h include/core/directive.h \
 include/core/event.h include/core/util.h
include/core/scenario.h:
include/core/diag.h:
include/core/program.h:
include/core/directive.h:
include/core/event.h:
include/core/util.h:
