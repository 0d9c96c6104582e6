build/src/core/util.o: src/core/util.c include/core/util.h
include/core/util.h:
