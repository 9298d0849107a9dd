# As bench-linux.mk, with Linux's /init keeping every CPU copying memory
# (bh.load, see partitions/linux/init) during the recorded window.
BENCH_LINUX_ARGS := bh.load
include configs/qemu-virt/bench-linux.mk
