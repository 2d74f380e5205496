#pragma once
// gzip for answers worth compressing once and sending many times (a venue's seat map: ~40 KB
// of JSON for the 22,100-seat arena, a few KB gzipped), and what a client says it accepts.
#include <string>
#include <string_view>

#include "http/request.h"

namespace tw::http {

// `text` gzipped (RFC 1952) at the best compression: made once per answer, so the time is spent
// once. Empty only if zlib cannot allocate.
std::string gzip(std::string_view text);

// Whether the request's Accept-Encoding lists gzip (or *) without q=0.
bool accepts_gzip(const Request& request);

}  // namespace tw::http
