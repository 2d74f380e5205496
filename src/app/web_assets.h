#pragma once
// The web app's files (web/), compiled into the binary by cmake/embed_web.cmake.
#include <span>

#include "http/static_site.h"

namespace tw::app {

std::span<const http::StaticFile> web_assets();

}  // namespace tw::app
