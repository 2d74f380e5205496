#include "http/request_parsing.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <cctype>

#include "http/beast_request.h"
#include "http/client_limits.h"
#include "http/request_id.h"
#include "http/url.h"

namespace tw::http {
namespace bhttp = boost::beast::http;

int transfer_coding_refusal(std::string_view te, bool has_length) {
  if (te.empty()) return 0;
  std::vector<std::string> codings;
  while (!te.empty()) {
    const auto comma = te.find(',');
    std::string c(te.substr(0, comma));
    te = comma == std::string_view::npos ? std::string_view() : te.substr(comma + 1);
    std::erase_if(c, [](char ch) { return ch == ' ' || ch == '\t'; });
    for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (!c.empty()) codings.push_back(std::move(c));
  }
  if (codings.empty() || codings.back() != "chunked") return 400;
  if (codings.size() > 1) return 501;
  return has_length ? 400 : 0;  // both framings at once: a smuggling attempt
}


Request to_request(BeastRequest&& in, const std::string& peer, const std::vector<AddressRange>& proxies) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  r.keep_alive = in.keep_alive();
  r.remote_address = client_address(peer, in["X-Forwarded-For"], proxies);
  r.headers.reserve(8);
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    r.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  r.body = std::move(in.body());
  const auto given = r.header("x-request-id");
  r.request_id = given && is_acceptable_request_id(*given) ? std::string(*given) : next_request_id();
  return r;
}


ParsedRequest parse_request(std::string_view bytes, std::size_t max_header_bytes, std::size_t max_body_bytes,
                            const std::vector<AddressRange>& trusted_proxies) {
  ParsedRequest out;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(max_header_bytes));
  parser.body_limit(max_body_bytes);
  parser.eager(false);
  boost::beast::error_code ec;
  // The header first, as the server reads it, so the framing is judged before any body.
  while (!ec && !parser.is_header_done() && out.consumed < bytes.size()) {
    out.consumed += parser.put(boost::asio::buffer(bytes.data() + out.consumed, bytes.size() - out.consumed), ec);
    if (ec == bhttp::error::need_more) return out;
  }
  if (!ec && parser.is_header_done()) {
    const auto& h = parser.get();
    out.refusal = transfer_coding_refusal(h[bhttp::field::transfer_encoding],
                                          h.find(bhttp::field::content_length) != h.end());
    if (out.refusal) return out;
    parser.eager(true);
    while (!ec && !parser.is_done() && out.consumed < bytes.size()) {
      out.consumed += parser.put(boost::asio::buffer(bytes.data() + out.consumed, bytes.size() - out.consumed), ec);
    }
  }
  if (ec == bhttp::error::need_more || (!ec && !parser.is_done())) return out;
  if (ec == bhttp::error::body_limit) return out.refusal = 413, out;
  if (ec == bhttp::error::header_limit) return out.refusal = 431, out;
  if (ec) return out.refusal = 400, out;
  auto req = to_request(parser.release(), "127.0.0.1", trusted_proxies);
  auto target = parse_target(req.target);
  if (!target) return out.refusal = 400, out;
  req.path = std::move(target->path);
  req.query = std::move(target->query);
  out.request = std::move(req);
  return out;
}

}  // namespace tw::http
