build/src/core/directive.o: src/core/directive.c include/core/directive.h \
 include/core/event.h include/core/program.h include/core/diag.h \
 include/core/util.h
include/core/directive.h:
include/core/event.h:
include/core/program.h:
include/core/diag.h:
include/core/util.h:
