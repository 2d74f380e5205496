#pragma once
// How the server judges the bytes of one request, apart from any socket: header and body limits,
// transfer codings, the request target. The server's session applies exactly these steps while
// reading from its socket; parse_request runs them over bytes in memory (for the fuzzer, and
// tests of hostile input).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/address_range.h"
#include "http/request.h"

namespace tw::http {

// RFC 9112 §6.1: a request whose transfer codings do not end in `chunked` has no reliable end,
// and no coding but chunked is implemented: refuse either before its body can be misread as
// another request. 0 when acceptable, else the status to answer: 400 (chunked not last, or both
// Transfer-Encoding and Content-Length), 501 (another coding before chunked).
int transfer_coding_refusal(std::string_view transfer_encoding, bool has_content_length);

struct ParsedRequest {
  std::optional<Request> request;  // with path and query decoded, when acceptable
  int refusal = 0;                 // else the status the server answers with
  std::size_t consumed = 0;        // bytes of the input this request took
};

// The first request in `bytes`; refusal 0 and no request when the bytes end before it does.
ParsedRequest parse_request(std::string_view bytes, std::size_t max_header_bytes, std::size_t max_body_bytes,
                            const std::vector<AddressRange>& trusted_proxies);

}  // namespace tw::http
