#include "app/web_site.h"

#include <sodium.h>

#include "app/web_assets.h"
#include "core/encoding.h"

namespace tw::app {
namespace {

std::string hex_to_base64(std::string_view hex) {
  const auto bytes = core::from_hex(hex);
  return bytes ? core::base64(*bytes) : std::string();
}

}  // namespace

std::string web_app_policy(std::string_view inline_script_sha256_hex) {
  return "default-src 'self'; script-src 'self' 'sha256-" + hex_to_base64(inline_script_sha256_hex) +
         "'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self'; connect-src 'self'; "
         "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

std::string_view api_description() {
  for (const auto& f : web_assets()) {
    if (f.path == "/api/openapi.json") return f.body;
  }
  return "{}";
}

http::StaticSite web_site() { return http::StaticSite(web_assets(), web_app_policy(web_inline_script_sha256())); }

}  // namespace tw::app
