#pragma once
// The web app's files (web/), compiled into the binary by cmake/embed_web.cmake.
#include <span>
#include <string_view>

#include "http/static_site.h"

namespace tw::app {

std::span<const http::StaticFile> web_assets();
// The SHA-256 (hex) of index.html's one inline script, the import map, for its
// Content-Security-Policy.
std::string_view web_inline_script_sha256();

}  // namespace tw::app
