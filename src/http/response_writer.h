#pragma once
// Serialises a Response into the bytes of one HTTP/1.1 message, headers and body in a single
// buffer so the server sends it with one write. (Beast's generic serializer walks a chain of
// buffer views per field; for our small, simple answers one flat string is several times cheaper.)
#include <string>

#include "http/response.h"

namespace tw::http {

struct WireOptions {
  bool keep_alive = true;
  bool head = false;  // HEAD: the GET headers, Content-Length included, but no body
  std::string_view request_id;
  std::string_view date;  // RFC 7231 date
  bool chunked = false;   // headers only, announcing a chunked body the caller writes after
};

// The whole message, or only its head when the response has a shared_body (the caller sends
// that after the head, from the shared buffer).
std::string serialize_response(const Response& res, const WireOptions& options);
// Whether a response with this status and options carries a body on the wire.
bool sends_body(const Response& res, const WireOptions& options);
std::string_view reason_phrase(int status);
// One piece of a chunked body; an empty piece ends the body.
std::string chunk(std::string_view piece);

}  // namespace tw::http
