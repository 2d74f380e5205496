#pragma once
// Serves a single-page web app from files compiled into the binary (cmake/embed_web.cmake):
// a gzip copy when the client accepts it, an ETag per file, and a year-long immutable cache for
// URLs carrying the file's content hash (`?v=<hash>`, which index.html's asset links and import
// map carry); everything else is revalidated. Paths without a file extension that match no file
// get index.html, so app routes like /events/coldplay load the app; /api/... stays JSON 404.
// HTML answers carry the site's Content-Security-Policy (every other answer gets the server's
// default, which allows nothing: response_writer.h).
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/request.h"
#include "http/response.h"

namespace tw::http {

struct StaticFile {
  std::string_view path;  // "/index.html", "/assets/app.js"
  std::string_view content_type;
  std::string_view hash;  // a prefix of the SHA-256 of the content
  std::string_view body;
  std::string_view gzip;  // the same body, gzip-compressed
};

class StaticSite {
 public:
  StaticSite(std::span<const StaticFile> files, std::string html_policy);
  Response serve(const Request& request) const;
  bool empty() const { return files_.empty(); }

 private:
  Response file_response(const StaticFile& file, const Request& request) const;
  std::unordered_map<std::string_view, const StaticFile*> files_;
  const StaticFile* index_ = nullptr;
  std::string html_policy_;
};

}  // namespace tw::http
