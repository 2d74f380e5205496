#include "app/web_site.h"

#include <sodium.h>

#include "app/web_assets.h"

namespace tw::app {
namespace {

std::string hex_to_base64(std::string_view hex) {
  unsigned char bytes[64];
  std::size_t n = 0;
  if (sodium_hex2bin(bytes, sizeof bytes, hex.data(), hex.size(), nullptr, &n, nullptr) != 0) return {};
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

std::string web_app_policy(std::string_view inline_script_sha256_hex) {
  return "default-src 'self'; script-src 'self' 'sha256-" + hex_to_base64(inline_script_sha256_hex) +
         "'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self'; connect-src 'self'; "
         "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

http::StaticSite web_site() { return http::StaticSite(web_assets(), web_app_policy(web_inline_script_sha256())); }

}  // namespace tw::app
