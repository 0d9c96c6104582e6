build/src/core/stack.o: src/core/stack.c include/core/stack.h \
 include/core/program.h include/core/directive.h include/core/event.h \
 include/core/json.h include/core/util.h include/core/machine.h \
 include/core/scenario.h include/core/diag.h
include/core/stack.h:
include/core/program.h:
include/core/directive.h:
include/core/event.h:
include/core/json.h:
include/core/util.h:
include/core/machine.h:
include/core/scenario.h:
include/core/diag.h:
