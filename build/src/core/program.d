build/src/core/program.o: src/core/program.c include/core/program.h \
 include/core/util.h
include/core/program.h:
include/core/util.h:
