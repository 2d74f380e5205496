#include "http/response_writer.h"

#include <algorithm>
#include <cstdio>

namespace tw::http {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

namespace {
bool bodiless(int status) { return status == 304 || status == 204 || status < 200; }

// On every answer: no content-type guessing, no framing by another site (clickjacking), and the
// full address of a page never sent to another site.
constexpr std::string_view kSecurityHeaders =
    "\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: strict-origin-when-cross-origin";
// An answer that is not a page (JSON, images, streams) runs nothing and loads nothing if a browser
// is ever made to open it as a document.
constexpr std::string_view kDefaultPolicy = "\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'";

bool has_policy(const Response& res) {
  return std::any_of(res.headers.begin(), res.headers.end(),
                     [](const auto& h) { return h.first == "Content-Security-Policy"; });
}
}  // namespace

bool sends_body(const Response& res, const WireOptions& o) { return !o.head && !o.chunked && !bodiless(res.status); }

std::string serialize_response(const Response& res, const WireOptions& o) {
  const bool bodiless = http::bodiless(res.status);
  const std::string& body = res.body_text();
  std::string out;
  out.reserve(192 + (res.shared_body ? 0 : body.size()));
  out += "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  out += reason_phrase(res.status);
  out += "\r\nServer: TicketWar\r\nDate: ";
  out += o.date;
  if (!res.content_type.empty() && !bodiless) {
    out += "\r\nContent-Type: ";
    out += res.content_type;
  }
  out += "\r\nX-Request-Id: ";
  out += o.request_id;
  out += kSecurityHeaders;
  // Not on a 304: its headers update the cached answer's, which may be a page with a policy of its
  // own (a revalidated page had been left with "default-src 'none'" and loaded nothing).
  if (res.status != 304 && !has_policy(res)) out += kDefaultPolicy;
  for (const auto& [name, value] : res.headers) {
    out += "\r\n";
    out += name;
    out += ": ";
    out += value;
  }
  if (o.chunked) {
    out += "\r\nTransfer-Encoding: chunked";
  } else if (!bodiless) {
    out += "\r\nContent-Length: ";
    out += std::to_string(body.size());
  }
  out += o.keep_alive ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
  if (sends_body(res, o) && !res.shared_body) out += body;
  return out;
}

// An empty piece gives "0\r\n\r\n": the last chunk with an empty trailer.
std::string chunk(std::string_view piece) {
  char size[20];
  const int n = std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
  std::string out(size, static_cast<std::size_t>(n));
  out += piece;
  out += "\r\n";
  return out;
}

}  // namespace tw::http
