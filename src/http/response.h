#pragma once
// What a handler returns. Errors use one JSON shape everywhere:
//   {"error":{"code":"not_found","message":"No event with slug 'x'"}}
#include <memory>
#include <string>
#include <string_view>

#include "core/utf8.h"
#include "http/request.h"

namespace tw::http {

class BodyStream;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // When set, sent instead of `body` without being copied: an answer the caller keeps and
  // shares between requests (seat maps, availability), so a client that reads slowly holds a
  // reference, not a copy.
  std::shared_ptr<const std::string> shared_body;
  Fields headers;  // extra headers; Content-Type and Content-Length are set by the server
  // When set, `body` is ignored and the answer is streamed from here (see body_stream.h).
  std::shared_ptr<BodyStream> stream;

  static Response json(int status, std::string body);
  static Response json(int status, std::shared_ptr<const std::string> body);
  const std::string& body_text() const { return shared_body ? *shared_body : body; }
  static Response error(int status, std::string_view code, std::string_view message);
  static Response not_modified(std::string etag);
  // A file for one user: `type` bytes named `filename` (no quotes in it), saved (attachment) or
  // shown (inline), never cached by anyone else.
  static Response download(std::string bytes, std::string type, const std::string& filename, bool attachment);
  Response& with_header(std::string name, std::string value);
};

using core::json_quote;

}  // namespace tw::http
