IMAGES := heartbeat
