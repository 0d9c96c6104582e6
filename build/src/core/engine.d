build/src/core/engine.o: src/core/engine.c include/core/engine.h \
 include/core/diag.h include/core/event.h include/core/machine.h \
 include/core/program.h include/core/stack.h include/core/directive.h \
 include/core/util.h
include/core/engine.h:
include/core/diag.h:
include/core/event.h:
include/core/machine.h:
include/core/program.h:
include/core/stack.h:
include/core/directive.h:
include/core/util.h:
