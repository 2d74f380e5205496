#pragma once
// The web app as the server hands it out: its embedded files (web_assets.h) and the
// Content-Security-Policy its pages run under.
#include <string>
#include <string_view>

#include "http/static_site.h"

namespace tw::app {

// The pages' policy: scripts, styles, images and connections from this site only; the one inline
// script (the import map) allowed by its hash; style attributes allowed (the pages set colours
// per event with them) but no inline <style>; no plugins, no <base>, forms post here only, and
// no other site may frame a page.
std::string web_app_policy(std::string_view inline_script_sha256_hex);

http::StaticSite web_site();

// The API's OpenAPI description, as the web app carries it (web/api/openapi.json).
std::string_view api_description();

}  // namespace tw::app
