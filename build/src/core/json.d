build/src/core/json.o: src/core/json.c include/core/json.h \
 include/core/util.h
include/core/json.h:
include/core/util.h:
