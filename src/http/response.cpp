#include "http/response.h"


namespace tw::http {

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::download(std::string bytes, std::string type, const std::string& filename, bool attachment) {
  Response r;
  r.content_type = std::move(type);
  r.body = std::move(bytes);
  return r.with_header("Cache-Control", "private, no-store")
      .with_header("Content-Disposition",
                   std::string(attachment ? "attachment" : "inline") + "; filename=\"" + filename + "\"");
}

Response Response::json(int status, std::shared_ptr<const std::string> body) {
  Response r;
  r.status = status;
  r.shared_body = std::move(body);
  return r;
}

Response Response::error(int status, std::string_view code, std::string_view message) {
  return json(status, "{\"error\":{\"code\":" + json_quote(code) + ",\"message\":" + json_quote(message) + "}}");
}

Response Response::not_modified(std::string etag) {
  Response r;
  r.status = 304;
  r.content_type.clear();
  r.headers.emplace_back("ETag", std::move(etag));
  return r;
}

Response& Response::with_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

}  // namespace tw::http
