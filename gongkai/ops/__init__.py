"""Running Gongkai: health and readiness probes, the client address, request ids in JSON logs,
and moving an agency's records between platforms (``gongkai export`` / ``gongkai import``)."""
