build/src/core/diag.o: src/core/diag.c include/core/diag.h \
 include/core/util.h
include/core/diag.h:
include/core/util.h:
