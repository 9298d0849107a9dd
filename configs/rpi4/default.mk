# Guest images linked into the hypervisor for this config.
IMAGES := heartbeat
