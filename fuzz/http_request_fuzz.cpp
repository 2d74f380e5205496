// The HTTP request path: raw bytes (pipelined requests included) through the same parser,
// limits, transfer-coding checks and target decoding as the server (http/request_parsing.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/utf8.h"
#include "http/request_parsing.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto proxies = tw::http::AddressRange::parse_list("127.0.0.1").value();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (int i = 0; i < 8 && !bytes.empty(); ++i) {
    auto parsed = tw::http::parse_request(bytes, 16 * 1024, 64 * 1024, proxies);
    if (!parsed.request) break;
    const auto& r = *parsed.request;
    // What handlers and the access log do with a request must hold for any request.
    if (!tw::core::is_valid_utf8(r.path)) __builtin_trap();
    for (const auto& [k, v] : r.query) {
      if (!tw::core::is_valid_utf8(k) || !tw::core::is_valid_utf8(v)) __builtin_trap();
    }
    if (!tw::core::is_valid_utf8(tw::core::json_quote(r.target))) __builtin_trap();
    (void)r.header("x-request-id");
    (void)r.query_param("q");
    if (parsed.consumed == 0 || parsed.consumed > bytes.size()) __builtin_trap();
    bytes.remove_prefix(parsed.consumed);
  }
  return 0;
}
