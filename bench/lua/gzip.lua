-- Asks for gzip, as every browser does (Accept-Encoding: gzip).
wrk.headers["Accept-Encoding"] = "gzip"
