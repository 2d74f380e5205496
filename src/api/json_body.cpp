#include "api/json_body.h"

#include <boost/json.hpp>
#include <cmath>

namespace tw::api {
namespace json = boost::json;

namespace {
core::Error wrong_type(std::string_view key, std::string_view type) {
  return core::invalid("invalid_field", "Field '" + std::string(key) + "' must be " + std::string(type));
}
}  // namespace

core::Error missing_field(std::string_view key) {
  return core::invalid("missing_field", "Field '" + std::string(key) + "' is required");
}

core::Result<std::string> required_text(const json::object& o, std::string_view key, std::string_view what) {
  auto value = string_field(o, key);
  if (!value) return value.error();
  if (!*value || (*value)->empty()) {
    return core::invalid("missing_field", std::string(key) + " is required: " + std::string(what));
  }
  return std::move(**value);
}

core::Result<json::object> json_object_body(const http::Request& req) {
  const auto type = req.header("content-type");
  if (!type || type->find("application/json") == std::string_view::npos) {
    return core::Error{core::ErrorKind::kInvalid, "unsupported_media_type", "Send the body as application/json"};
  }
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec) return core::invalid("invalid_json", "The body is not valid JSON: " + ec.message());
  if (!v.is_object()) return core::invalid("invalid_json", "The body must be a JSON object");
  return std::move(v.get_object());
}

core::Result<std::optional<std::string>> string_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return wrong_type(key, "a string");
  return std::optional<std::string>(std::string(v->get_string()));
}

core::Result<std::optional<std::int64_t>> int_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::int64_t>();
  if (v->is_int64()) return std::optional<std::int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() <= INT64_MAX) return std::optional<std::int64_t>(v->get_uint64());
  if (v->is_double() && std::floor(v->get_double()) == v->get_double() && std::fabs(v->get_double()) < 1e15) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->get_double()));
  }
  return wrong_type(key, "a whole number");
}

core::Result<std::optional<bool>> bool_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<bool>();
  if (!v->is_bool()) return wrong_type(key, "true or false");
  return std::optional<bool>(v->get_bool());
}

}  // namespace tw::api
