#include "http/static_site.h"

namespace tw::http {
namespace {

bool accepts_gzip(const Request& req) {
  const auto accepted = req.header("accept-encoding");
  return accepted && accepted->find("gzip") != std::string_view::npos;
}

bool has_extension(std::string_view path) {
  const auto last = path.substr(path.rfind('/') + 1);
  return last.find('.') != std::string_view::npos;
}

bool is_api(std::string_view path) {
  return path == "/api" || path.starts_with("/api/");
}

}  // namespace

StaticSite::StaticSite(std::span<const StaticFile> files, std::string html_policy)
    : html_policy_(std::move(html_policy)) {
  for (const auto& f : files) files_.emplace(f.path, &f);
  if (auto it = files_.find("/index.html"); it != files_.end()) index_ = it->second;
}

Response StaticSite::serve(const Request& req) const {
  if (is_api(req.path)) return Response::error(404, "not_found", "No such endpoint: " + req.path);
  const bool reading = req.method == "GET" || req.method == "HEAD";
  if (!reading) {
    return Response::error(405, "method_not_allowed", req.method + " is not allowed here; use GET, HEAD")
        .with_header("Allow", "GET, HEAD");
  }
  if (auto it = files_.find(req.path); it != files_.end()) return file_response(*it->second, req);
  if (index_ && !has_extension(req.path)) return file_response(*index_, req);
  return Response::error(404, "not_found", "No such file: " + req.path);
}

Response StaticSite::file_response(const StaticFile& file, const Request& req) const {
  std::string etag = "\"";  // appended: g++ 12 warns falsely about `"\"" + std::string(…)` at -O2
  etag.append(file.hash).append("\"");
  const auto version = req.query_param("v");
  const bool pinned = version && *version == file.hash;
  const char* cache = pinned ? "public, max-age=31536000, immutable" : "no-cache";
  const bool html = file.content_type.starts_with("text/html");
  if (req.header("if-none-match") == std::optional<std::string_view>(etag)) {
    // A 304's headers replace the cached copy's: the page keeps its own policy.
    auto unchanged = Response::not_modified(etag);
    if (html) unchanged.with_header("Content-Security-Policy", html_policy_);
    return unchanged.with_header("Cache-Control", cache).with_header("Vary", "Accept-Encoding");
  }
  Response r;
  r.content_type = std::string(file.content_type);
  const bool gzip = accepts_gzip(req) && !file.gzip.empty();
  r.body = std::string(gzip ? file.gzip : file.body);
  if (gzip) r.with_header("Content-Encoding", "gzip");
  if (html) r.with_header("Content-Security-Policy", html_policy_);
  return r.with_header("ETag", etag).with_header("Cache-Control", cache).with_header("Vary", "Accept-Encoding");
}

}  // namespace tw::http
