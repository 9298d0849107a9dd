# `make bench`: the rt guest alone (see bench-rt.c).  1 ms periods, a fixed
# number of samples, then the guest prints its histogram and EL2 entry
# counts (BH_HC_STATS) and powers its partition off.
IMAGES := rt
GUEST_SRC_rt := partitions/rt/main.c partitions/rt/gic.c partitions/rt/vectors.S
BENCH_SAMPLES ?= 2000
BENCH_WARMUP ?= 100
GUEST_FLAGS_rt := -DRT_PERIOD_US=1000 -DRT_SAMPLES=$(BENCH_SAMPLES) \
	-DRT_WARMUP=$(BENCH_WARMUP) -DRT_STATS=1 -DRT_REPORT_EVERY=1000000
