#pragma once
// The API's description (OpenAPI 3.1, web/api/openapi.json, compiled in with the web app):
// served at /api/openapi.json for tools and at /api/docs for people, and held to the router: a
// route it does not describe, or a description of no route, is named at start-up.
#include <string>
#include <string_view>
#include <vector>

#include "http/router.h"

namespace tw::api {

// GET /api/openapi.json (the document as written) and GET /api/docs (an HTML page made from it).
void add_api_description_routes(http::Router& router, std::string_view openapi_json);

// "GET /api/x is routed but not described", "… is described but not routed", or a parse error:
// empty when the description and the routes agree.
std::vector<std::string> description_mismatches(const std::vector<http::RouteName>& routes,
                                                std::string_view openapi_json);

}  // namespace tw::api
