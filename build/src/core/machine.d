build/src/core/machine.o: src/core/machine.c include/core/machine.h \
 include/core/program.h include/core/stack.h include/core/json.h \
 include/core/util.h
include/core/machine.h:
include/core/program.h:
include/core/stack.h:
include/core/json.h:
include/core/util.h:
