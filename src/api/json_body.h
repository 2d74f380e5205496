#pragma once
// Reading JSON request bodies with clear 4xx errors: 415 for a non-JSON content type, 400
// "invalid_json" for malformed JSON or a non-object, 400 "invalid_field" for a field of the
// wrong type. Unknown fields are ignored, so a client sending extra data (a price, a userId)
// changes nothing.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "http/request.h"

namespace tw::api {

core::Result<boost::json::object> json_object_body(const http::Request& req);

// Typed field readers: absent (or null) -> nullopt; present with the wrong type -> error.
core::Result<std::optional<std::string>> string_field(const boost::json::object& o, std::string_view key);
core::Result<std::optional<std::int64_t>> int_field(const boost::json::object& o, std::string_view key);
core::Result<std::optional<bool>> bool_field(const boost::json::object& o, std::string_view key);

core::Error missing_field(std::string_view key);

// A string field that must be present and not empty; kInvalid "missing_field" naming it and
// saying `what` it is otherwise.
core::Result<std::string> required_text(const boost::json::object& o, std::string_view key, std::string_view what);

}  // namespace tw::api
