#include "http/gzip.h"

#include <zlib.h>

#include <boost/beast/core/string.hpp>
#include <optional>

#include "http/header_text.h"

namespace tw::http {

std::string gzip(std::string_view text) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);  // deflateBound leaves room for it all in one call
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

namespace {

// "q=0", "q=0.0", "q=0.000" refuse; any other weight accepts.
bool refused(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    auto p = trim_whitespace(params.substr(0, semi));
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      p.remove_prefix(2);
      return !p.empty() && p.find_first_not_of("0.") == std::string_view::npos;
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return false;
}

}  // namespace

bool accepts_gzip(const Request& request) {
  auto header = request.header("accept-encoding");
  if (!header) return false;
  // gzip named outright decides; otherwise "*" does.
  std::optional<bool> gzip_ok, any_ok;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto item = rest.substr(0, comma);
    const auto semi = item.find(';');
    const auto coding = trim_whitespace(item.substr(0, semi));
    const auto params = semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1);
    using boost::beast::iequals;
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) gzip_ok = !refused(params);
    if (coding == "*") any_ok = !refused(params);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return gzip_ok.value_or(any_ok.value_or(false));
}

}  // namespace tw::http
